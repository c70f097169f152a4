"""`invoke bench`: build a synthetic regency at several sizes with our site and with
stock Pelican, print one table and write every figure to JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from bench.budget import BUDGETS as DESIGN_BUDGETS
from bench.budget import first_view
from kasdikdas.config import ROOT

from . import clips as clipgen
from . import offload
from . import media as video
from .measure import BuildRun, git_commit, machine, output_size, run_build, summarise
from .regency import add_one_more, edit_one, write_regency

RESULTS = ROOT / "bench" / "results"
CLIP_CACHE = ROOT / ".cache" / "bench" / "clips"

# README, Budgets, as bench/budget.py holds them. No budget is stated for list pages, so
# they are held to the home page's.
BUDGETS = {
    "home": DESIGN_BUDGETS["home"],
    "list": DESIGN_BUDGETS["home"],
    "showcase": DESIGN_BUDGETS["showcase"],
}
# README, Budgets, the one setting the pipeline and tests read: {"av1": …, "h264": …}
from kasdikdas.media.settings import DEFAULTS as _VIDEO_DEFAULTS  # noqa: E402
from bench.video import av1_figures  # noqa: E402

HEMAT_BYTES_PER_MINUTE = _VIDEO_DEFAULTS["VIDEO_HEMAT_BYTES_PER_MINUTE"]
LIST_PAGES = (
    "jenjang/sd/index.html",
    "kategori/kreativitas-siswa/index.html",
    "kecamatan/blora/index.html",
    "sekolah/index.html",
    "page/2/index.html",
    "index2.html",
)


class Bench:
    def __init__(
        self,
        work: Path,
        runs: int,
        quick: bool,
        log=print,
        profile: bool = False,
        keep: bool = False,
    ):
        self.work, self.runs, self.quick, self.log = work, runs, quick, log
        self.profile, self.keep = profile, keep
        self.build_log = work / "builds.log"
        self.trash = work / "trash"
        self.wrapper, self.ffmpeg_log = video.write_wrapper(work / "ffmpeg")
        self.overrides: dict = {
            "VIDEO_FFMPEG": str(self.wrapper),
            "VIDEO_CACHE_PATH": str(work / "video-cache"),
        }
        if quick:  # the quick clips are a few seconds long
            self.overrides["VIDEO_MIN_SECONDS"] = 1.0

    # --- builds -------------------------------------------------------------------

    def build(self, kind, content, output, cache, fresh_output=True, **extra) -> BuildRun:
        if fresh_output:
            self.set_aside(output)
        overrides = {**self.overrides, **extra} if kind in ("ours", "check") else {}
        run = run_build(kind, content, output, cache, overrides, log=self.build_log)
        if not run.ok:
            self.log(f"  ! build {kind} failed; see {self.build_log}")
        return run

    def set_aside(self, *folders: Path) -> None:
        """Move folders out of the way, deleted only after the last build
        (`empty_trash`). ext4 skips the inodes of files deleted in the last minutes when
        it makes new ones: a build started just after deleting a previous output of
        28,000 files spent 7–11 s more kernel time here than one that was not (a cost of
        the bench's cleaning, not of the build it measures; docs/benchmark.md)."""
        self.trash.mkdir(parents=True, exist_ok=True)
        for folder in folders:
            if folder.exists():
                os.replace(folder, Path(tempfile.mkdtemp(dir=self.trash)) / folder.name)

    def empty_trash(self) -> None:
        shutil.rmtree(self.trash, ignore_errors=True)

    def encode_count(self) -> int:
        return len(video.encodes(self.ffmpeg_log))

    # --- one scale point ------------------------------------------------------------

    def point(self, showcases: int, clip_paths: list[Path]) -> dict:
        root = self.work / f"n{showcases}"
        shutil.rmtree(root, ignore_errors=True)
        self.log(f"[{showcases}] membuat {showcases} kiprah sintetis …")
        regency = write_regency(root, showcases, clip_paths)
        stock_out, ours_out = root / "out-stock", root / "out-ours"
        pagefind_out = root / "out-stock-pagefind"
        stock_runs, pagefind_runs, ours_runs = [], [], []
        encodes_before = self.encode_count()
        for i in range(self.runs):  # interleaved, so a busy moment hits all alike
            self.log(f"[{showcases}] build penuh {i + 1}/{self.runs}: Pelican standar, "
                     "Pelican standar + Pagefind, lalu situs kita")
            stock_runs.append(
                self.build("stock", regency.stock_content, stock_out, root / f"cache-stock-{i}")
            )
            pagefind_runs.append(self.build("stock-pagefind", regency.stock_content,
                                            pagefind_out, root / f"cache-stock-pf-{i}"))
            # cold content cache, no previous output, no render cache: a full build
            self.set_aside(root / "cache-ours")
            ours_runs.append(self.build("ours", regency.content, ours_out, root / "cache-ours"))
        encodes_in_full = self.encode_count() - encodes_before
        self.log(f"[{showcases}] invoke check (dingin, lalu {self.runs}x hangat)")
        check_cold = self.build("check", regency.content, root / "unused", root / "cache-check",
                                fresh_output=False)
        check_warm = [self.build("check", regency.content, root / "unused",
                                 root / "cache-check", fresh_output=False)
                      for _ in range(self.runs)]
        self.log(f"[{showcases}] build ulang tanpa perubahan ({self.runs}x)")
        nochange = [
            self.build("ours", regency.content, ours_out, root / "cache-ours", fresh_output=False)
            for _ in range(self.runs)
        ]
        self.log(f"[{showcases}] build ulang setelah menyentuh satu kiprah (isi sama)")
        os.utime(regency.content / "kiprah" / f"{regency.slugs[0]}.md")
        touched = self.build("ours", regency.content, ours_out, root / "cache-ours",
                             fresh_output=False)
        self.log(f"[{showcases}] build ulang setelah mengubah judul satu kiprah")
        edit_one(regency)
        edited = self.build("ours", regency.content, ours_out, root / "cache-ours",
                            fresh_output=False)
        add_one_more(regency)
        self.log(f"[{showcases}] build ulang setelah menambah satu kiprah")
        add_one = self.build(
            "ours", regency.content, ours_out, root / "cache-ours", fresh_output=False
        )
        result = {
            "showcases": showcases,
            "schools": len(regency.schools),
            "stock": {"full": summarise(stock_runs), "output": output_size(stock_out, "*.html")},
            "stock_pagefind": {"full": summarise(pagefind_runs)},
            "ours": {
                "full": summarise(ours_runs),
                "rebuild_nochange": summarise(nochange),
                "rebuild_touch_one": summarise([touched]),
                "rebuild_edit_one": summarise([edited]),
                "rebuild_add_one": summarise([add_one]),
                "check_cold": summarise([check_cold]),
                "check": summarise(check_warm),
                "output": output_size(ours_out, "kiprah/*/index.html"),
                "encodes_during_full_builds": encodes_in_full,
            },
        }
        full_o = result["ours"]["full"]
        for name, side in (("ratio", "stock"), ("ratio_pagefind", "stock_pagefind")):
            full_s = result[side]["full"]
            result[name] = {k: round(full_o[k] / full_s[k], 2) if full_s[k] else None
                            for k in ("wall_s", "cpu_s")}
        result["share_of_full_cpu"] = {
            phase: round(result["ours"][phase]["cpu_s"] / full_o["cpu_s"], 3)
            if full_o["cpu_s"] else None
            for phase in ("rebuild_nochange", "rebuild_touch_one", "rebuild_edit_one",
                          "rebuild_add_one")
        }
        self.log(f"[{showcases}] build terbit dengan media di bucket (bagian host halaman)")
        result["page_host_offloaded"] = offload.measure(self, regency, root, showcases)
        result["page_weight"] = self.page_weights(ours_out)
        result["search_first_query"] = self.search_first_query(ours_out)
        result["first_paint"] = self.first_paint(ours_out)
        if self.profile:
            self.log(f"[{showcases}] build penuh dengan cProfile")
            shutil.rmtree(root / "cache-prof", ignore_errors=True)
            shutil.rmtree(root / "out-prof", ignore_errors=True)
            prof = RESULTS / f"profile-{showcases}.prof"
            RESULTS.mkdir(parents=True, exist_ok=True)
            run_build(
                "ours",
                regency.content,
                root / "out-prof",
                root / "cache-prof",
                self.overrides,
                log=self.build_log,
                profile=prof,
            )
            result["profile"] = str(prof.relative_to(ROOT))
        if not self.keep:
            for folder in (stock_out, pagefind_out, root / "out-prof", regency.stock_content):
                shutil.rmtree(folder, ignore_errors=True)
        return result

    def page_weights(self, output: Path) -> dict:
        """First-view weight of home, a list page and a showcase page, measured by the
        bench/budget.py (text gzip'd as hosts send it, media as it is)."""
        showcase_pages = sorted(output.glob("kiprah/*/index.html"))
        list_page = next((output / p for p in LIST_PAGES if (output / p).is_file()), None)
        pages = {
            "home": output / "index.html",
            "list": list_page,
            "showcase": showcase_pages[0] if showcase_pages else None,
        }
        weights = {}
        for name, page in pages.items():
            budget = BUDGETS[name]
            if page is None or not page.is_file():
                weights[name] = {"url": None, "sent": None, "budget": budget, "within_budget": None}
                continue
            url = "/" + page.relative_to(output).as_posix().removesuffix("index.html")
            weight = first_view(output, url)
            weights[name] = {
                "url": url,
                "sent": weight.sent,
                "budget": budget,
                "within_budget": not weight.problems(budget),
                "video_bytes_before_play": weight.video_bytes,
                "other_hosts": weight.other_hosts,
                "missing": weight.missing,
                "resources": [dataclasses.asdict(r) for r in weight.resources],
            }
        return weights

    def search_first_query(self, output: Path) -> dict:
        """Bytes the first search fetches on this point's real build (search plugin's own
        measure: chromium on /cari/ served by a gzip host and by a brotli host that sends
        the .br twins of Pagefind's packed files)."""
        from bench.search_synthetic import first_query_report

        queries = (("literasi", {}), ("murid", {}), ("literasi", {"jenjang": "SMP"}))
        self.log("  pencarian pertama: mengukur di chromium …")
        return first_query_report(output, queries)

    def first_paint(self, output: Path) -> dict:
        """First contentful paint of each page type on DevTools "3G" (2,000 ms latency,
        400 kbps), cold cache, in chromium (bench/first_paint.py); median of 3 visits
        (1 with --quick). Budget: 2.5 s (README, Budgets)."""
        from bench.first_paint import BUDGET_MS, measure

        self.log("  first contentful paint di 3G: mengukur di chromium …")
        return {"budget_ms": BUDGET_MS, "runs": 1 if self.quick else 3,
                "pages": measure(output, runs=1 if self.quick else 3)}

    # --- video ---------------------------------------------------------------------

    def video_figures(self, specs, clip_paths: list[Path]) -> dict:
        root = self.work / "video-site"
        shutil.rmtree(root, ignore_errors=True)
        regency = write_regency(root, len(clip_paths), clip_paths)
        out = root / "out"
        before = len(video.read_runs(self.ffmpeg_log))
        self.log(
            f"[video] enkode {len(clip_paths)} klip lewat plugin video (cache dingin, 1 pekerja)"
        )
        shutil.rmtree(self.work / "video-cache", ignore_errors=True)
        cold = self.build("ours", regency.content, out, root / "cache", VIDEO_WORKERS=1)
        cold_runs = video.read_runs(self.ffmpeg_log)[before:]
        cold_encodes = [r for r in cold_runs if r.is_encode]
        self.log("[video] build ulang dengan cache video hangat")
        before = len(video.read_runs(self.ffmpeg_log))
        cached = self.build("ours", regency.content, out, root / "cache")
        rebuild_encodes = [r for r in video.read_runs(self.ffmpeg_log)[before:] if r.is_encode]
        seconds = video.encode_seconds_by_clip(cold_encodes, [p.name for p in clip_paths])
        ffmpeg_bin = video.find_ffmpeg()
        per_clip, tier_rates, vmafs = [], {}, []
        for index, spec in enumerate(specs):
            page = out / "kiprah" / regency.slugs[index] / "index.html"
            tiers = video.page_renditions(out, page) if page.is_file() else {}
            clip = {
                "name": spec.name,
                "width": spec.width,
                "height": spec.height,
                "seconds": spec.seconds,
                "orientation": spec.orientation,
                "encode_s": round(seconds[spec.name][0], 2),
                "encode_cpu_s": round(seconds[spec.name][1], 2),
                "encode_x_realtime": round(seconds[spec.name][0] / spec.seconds, 2),
                "encode_cpu_x_realtime": round(seconds[spec.name][1] / spec.seconds, 2),
                "tiers": {
                    t: {"quality": r["quality"], "bytes": r["bytes"]} for t, r in tiers.items()
                },
            }
            for tier, rendition in tiers.items():
                tier_rates.setdefault(tier, []).append(rendition["bytes"] * 60 / spec.seconds)
            if "hemat" in tiers:
                self.log(f"[video] VMAF tier hemat {spec.name}")
                clip["hemat_vmaf"], clip["vmaf_method"] = video.hemat_vmaf(
                    ffmpeg_bin, tiers["hemat"]["path"], clip_paths[index], root / "vmaf"
                )
                if clip["hemat_vmaf"] is not None:
                    vmafs.append(clip["hemat_vmaf"])
            per_clip.append(clip)
        total_s = sum(c["encode_s"] for c in per_clip)
        total_cpu = sum(c["encode_cpu_s"] for c in per_clip)
        clip_seconds = sum(s.seconds for s in specs)
        hemat = tier_rates.get("hemat")
        return {
            "available": bool(cold_encodes),
            "reason": None if cold_encodes else "the build ran no encode (see builds.log)",
            "clips": per_clip,
            "encode_x_realtime": round(total_s / clip_seconds, 2),
            "encode_cpu_x_realtime": round(total_cpu / clip_seconds, 2),
            "tier_bytes_per_60s": {t: round(statistics.mean(v)) for t, v in tier_rates.items()},
            "hemat_bytes_per_60s": round(max(hemat)) if hemat else None,
            "hemat_budget_bytes_per_60s": HEMAT_BYTES_PER_MINUTE["h264"],
            "hemat_vmaf": round(statistics.mean(vmafs), 2) if vmafs else None,
            "av1": av1_figures(out, [out / "kiprah" / slug / "index.html" for slug in regency.slugs],
                               clip_paths, specs, per_clip, root / "vmaf", self.log),
            "cold_build": cold.as_dict(),
            "cached_rebuild": cached.as_dict(),
            "cached_rebuild_encodes": len(rebuild_encodes),
        }


def run(
    points=(500, 2000, 5000),
    runs: int = 3,
    quick: bool = False,
    output: Path | None = None,
    workdir: Path | None = None,
    keep: bool = False,
    profile: bool = False,
    log=print,
) -> dict:
    output = output or RESULTS / "latest.json"
    work = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="kas-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    bench = Bench(work, runs, quick, log, profile, keep)
    specs = clipgen.QUICK_CLIPS if quick else clipgen.FULL_CLIPS
    log(f"Klip sumber di {CLIP_CACHE} (dibuat sekali) …")
    clip_paths = clipgen.make_clips(CLIP_CACHE, specs)
    try:
        video_figures = bench.video_figures(specs, clip_paths)
        scale = [bench.point(n, clip_paths) for n in points]
    finally:
        bench.empty_trash()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    result = {
        "meta": {
            "started": started.isoformat(timespec="seconds"),
            "seconds": round((dt.datetime.now(dt.UTC) - started).total_seconds(), 1),
            "commit": git_commit(),
            "machine": machine(),
            "runs": runs,
            "quick": quick,
            "points": list(points),
            "stock": "Pelican defaults (no plugins, default theme, no content cache); the same "
            "articles with their YAML front matter converted to Pelican's `Key: value` metadata",
        },
        "points": scale,
        "growth": growth(scale),
        "page_host_offloaded_40000": offload.extrapolate(
            [p["page_host_offloaded"] for p in scale if "page_host_offloaded" in p]),
        "video": video_figures,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return result


def growth(scale: list[dict]) -> dict:
    """CPU milliseconds per showcase at each point; linear growth keeps them flat."""

    def per(kind, phase):
        return {
            str(p["showcases"]): round(1000 * p[kind][phase]["cpu_s"] / p["showcases"], 2)
            for p in scale
        }

    first, last = scale[0], scale[-1]
    factor = (
        (last["ours"]["full"]["cpu_s"] / first["ours"]["full"]["cpu_s"]) if len(scale) > 1 else None
    )
    size_factor = last["showcases"] / first["showcases"]
    return {
        "ours_full_cpu_ms_per_showcase": per("ours", "full"),
        "stock_full_cpu_ms_per_showcase": per("stock", "full"),
        "ours_full_cpu_growth": round(factor, 2) if factor else None,
        "showcases_growth": size_factor,
    }
