"""Video benchmark: per clip and codec, bytes per 60 s and VMAF of every tier, the encode's
wall and CPU time, the encodes of a cached rebuild (must be 0), and the share of video
bytes a viewer saves with AV1.

    from bench.video import bench_video, site_av1_saving
    result = bench_video(Path("clip.mp4"))          # the site's own pipeline, fresh cache
    saving = site_av1_saving(Path("output"))         # a built site's renditions

`bench_video(clip, settings=None, workdir=None) -> dict` returns

    {"clip", "duration", "source": "1920x1080 30 fps",
     "encode_wall_s", "encode_cpu_s",               # the whole ladder + poster, one clip
     "rebuild_encodes": 0,                          # ffmpeg runs of a second, cached run
     "renditions": [{"tier", "codec", "quality", "width", "height", "bytes",
                     "bytes_per_60s", "vmaf", "crf", "search"}],   # AV1 first per tier
     "budget_per_60s": {"av1": 600000, "h264": 1000000},           # the one setting
     "av1_saving": 0.43}                            # 1 - AV1 bytes / H.264 bytes, all tiers

VMAF: libvmaf of the wheel's ffmpeg, the rendition against the SOURCE scaled to the
rendition's size (bicubic), every frame. The clips (bench/clips.py) are synthetic.
`python -m bench.video [CLIP …] [--site OUTPUT]` (from the project's folder) prints a table; without clips it
makes the 60 s 1080p clip of bench/clips.py once into .cache/bench/.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from bench import media
from bench.media import vmaf
from kasdikdas.media import commands
from kasdikdas.media.cache import MediaCache
from kasdikdas.media.ffmpeg_bin import find_ffmpeg
from kasdikdas.media.inspect import Source, cached_probe
from kasdikdas.state import with_defaults
from kasdikdas.config import ROOT


CLIP_CACHE = ROOT / ".cache" / "bench" / "clips-v2"


def standard_clip() -> Path:
    """The issue's yardstick clip: 60 s, 1080p, landscape, speech (made once)."""
    from bench.clips import FULL_CLIPS, make_clip

    return make_clip(CLIP_CACHE / FULL_CLIPS[0].name, FULL_CLIPS[0], 0)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_video(clip: Path | None = None, settings: dict | None = None,
                workdir: Path | None = None, score: bool = True) -> dict:
    from kasdikdas.media import pipeline

    settings = with_defaults(dict(settings or {}))
    ffmpeg_bin = find_ffmpeg(settings.get("VIDEO_FFMPEG"))
    clip = Path(clip or standard_clip())
    with tempfile.TemporaryDirectory(prefix="bench-video-") as scratch:
        work = Path(workdir or scratch)
        work.mkdir(parents=True, exist_ok=True)
        cache = MediaCache(work / "cache")
        sha = cache.file_hash(clip)
        found = cached_probe(cache, ffmpeg_bin, clip, sha)
        source = Source(SimpleNamespace(slug="bench", poster=None), clip, sha, found)
        started, cpu = time.perf_counter(), _cpu()
        media = pipeline.prepare_media([source], settings, clip.parent, cache)["bench"]
        wall, cpu = time.perf_counter() - started, _cpu() - cpu
        runs = []  # a second run must find everything in the cache
        real_run = commands.run
        commands.run = lambda args, *a, **k: (runs.append(args), real_run(args, *a, **k))[1]
        try:
            pipeline.prepare_media([source], settings, clip.parent, cache)
        finally:
            commands.run = real_run
        files = dict(media.files)
        rows = []
        for r in media.renditions:
            path = Path(files[r.url])
            info = cache.read_json(path.with_suffix(".json")) or {}
            rows.append({
                "tier": r.tier, "codec": r.codec, "quality": r.quality, "width": r.width,
                "height": r.height, "bytes": r.bytes,
                "bytes_per_60s": round(r.bytes * 60 / found.duration),
                "vmaf": vmaf(ffmpeg_bin, path, clip, r.width, r.height, work) if score else None,
                "crf": info.get("crf"), "search": info.get("search"),
            })
    by_codec = {codec: sum(row["bytes"] for row in rows if row["codec"] == codec)
                for codec in ("av1", "h264")}
    return {
        "clip": str(clip), "duration": found.duration,
        "source": f"{found.width}x{found.height} {found.fps:g} fps",
        "encode_wall_s": round(wall, 1), "encode_cpu_s": round(cpu, 1),
        "rebuild_encodes": len(runs), "renditions": rows,
        "budget_per_60s": dict(settings["VIDEO_HEMAT_BYTES_PER_MINUTE"]),
        "av1_saving": round(1 - by_codec["av1"] / by_codec["h264"], 3) if by_codec["h264"] else None,
    }


RENDITION_NAME = re.compile(r"-(\d+p)-(av1|h264)-[0-9a-f]{8}\.mp4$")


def site_av1_saving(output: Path) -> dict:
    """What a viewer saves with AV1 on a built site: 1 - AV1 bytes / H.264 bytes, over the
    hemat tier (what plays by default) and over every published rendition."""
    totals: dict[tuple[str, str], int] = {}
    hemat: dict[str, int] = {"av1": 0, "h264": 0}
    for folder in sorted((output / "media").glob("*")):
        files = [(RENDITION_NAME.search(p.name), p) for p in folder.glob("*.mp4")]
        files = [(m.group(1), m.group(2), p.stat().st_size) for m, p in files if m]
        if not files:
            continue
        smallest = min(int(q[:-1]) for q, _, _ in files)
        for quality, codec, size in files:
            totals[(quality, codec)] = totals.get((quality, codec), 0) + size
            if int(quality[:-1]) == smallest:
                hemat[codec] += size
    every = {c: sum(v for (_, codec), v in totals.items() if codec == c) for c in ("av1", "h264")}

    def share(values):
        return round(1 - values["av1"] / values["h264"], 3) if values["h264"] else None

    return {"hemat": share(hemat), "all": share(every), "hemat_bytes": hemat, "all_bytes": every}


def av1_figures(out: Path, pages: list[Path], clip_paths: list[Path], specs, per_clip: list[dict],
                vmaf_dir: Path, log=print) -> dict:
    """For `invoke bench` (bench/run.py), on its site built from the clips: per clip, tier and
    codec, bytes per 60 s and VMAF against the source (every 2nd frame), the clip's encode
    wall and CPU time; and the share of video bytes AV1 saves on that site."""
    ffmpeg_bin = find_ffmpeg()
    vmaf_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for page, clip, spec, timing in zip(pages, clip_paths, specs, per_clip):
        if not page.is_file():
            continue
        for codec in ("av1", "h264"):
            for tier, found in media.page_renditions(out, page, codec).items():
                size = media.probe_size(ffmpeg_bin, found["path"])
                log(f"[video] VMAF {spec.name} {tier} {codec}")
                score = vmaf(ffmpeg_bin, found["path"], clip, *size, vmaf_dir, subsample=2) if size else None
                rows.append({"clip": spec.name, "tier": tier, "codec": codec,
                             "quality": found["quality"], "vmaf": score,
                             "bytes_per_60s": round(found["bytes"] * 60 / spec.seconds),
                             "encode_s": timing["encode_s"], "encode_cpu_s": timing["encode_cpu_s"]})
    from kasdikdas.media.settings import DEFAULTS

    return {"renditions": rows, "saving": site_av1_saving(out),
            "budget_per_60s": dict(DEFAULTS["VIDEO_HEMAT_BYTES_PER_MINUTE"])}


def report(results: list[dict]) -> str:
    lines = ["klip | tier | codec | byte/60 s | VMAF | CRF", "--- | --- | --- | ---: | ---: | ---:"]
    for result in results:
        name = Path(result["clip"]).name
        for row in result["renditions"]:
            lines.append(f"{name} | {row['tier']} {row['quality']} | {row['codec']} | "
                         f"{row['bytes_per_60s']:,} | {row['vmaf']} | {row['crf']}")
        lines.append(f"{name} | enkode seluruh tangga | | wall {result['encode_wall_s']} s | "
                     f"CPU {result['encode_cpu_s']} s | ulang: {result['rebuild_encodes']} enkode")
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    site = None
    if "--site" in args:
        site = Path(args[args.index("--site") + 1])
        args = [a for a in args if a not in ("--site", str(site))]
    results = [bench_video(Path(a)) for a in args] if args else [bench_video()]
    print(report(results))
    print(json.dumps(results, indent=1))
    if site:
        print("AV1 hemat:", json.dumps(site_av1_saving(site)))
