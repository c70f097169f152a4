"""The page host's share when the media live in a bucket (issue 16).

One publish build of the synthetic regency (publishconf.py: host files, `.br`/`.gz`
twins) with KASDIKDAS_MEDIA_BUCKET and KASDIKDAS_MEDIA_URL set, so the pages point at
the bucket and no medium is written into the output. Nothing is uploaded (the build
alone never uploads; the shared encode cache is switched off), so no bucket is needed.

Reported: files and bytes of the output as `invoke publish` leaves it, and as a
host that compresses by itself receives it (GitHub Pages: `.br`/`.gz` are left out by
the deploy; Cloudflare Pages: leave them out too), the largest file, and how far the
same output would reach at 40,000 showcases (five years of a regency), extrapolated
linearly from the growth between the two largest sizes measured.

    python -m bench.offload --showcases 250,500 --quick
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from kasdikdas.media.formats import VIDEO_SUFFIXES

GITHUB_PAGES_BYTES = 1_000_000_000  # a published site: 1 GB
CLOUDFLARE_PAGES_FILES = 20_000  # free plan: files per deployment
CLOUDFLARE_PAGES_FILE_BYTES = 25 * 1024 * 1024
TWINS = (".br", ".gz")
FIVE_YEARS = 40_000
MEDIA_ENV = {"KASDIKDAS_MEDIA_BUCKET": "s3://kasdikdas-bench/blora",
             "KASDIKDAS_MEDIA_URL": "https://media.kasdikdas.example/blora",
             "KASDIKDAS_SITEURL": "https://kasdikdas.blorakab.go.id"}


def share(output: Path, showcases: int) -> dict:
    """Files and bytes of a finished output folder, with and without the twins."""
    files = [p for p in output.rglob("*") if p.is_file()]
    plain = [p for p in files if p.suffix not in TWINS]
    sizes = {p: p.stat().st_size for p in files}
    media = [p for p in files if p.suffix.lower() in VIDEO_SUFFIXES or "media" in p.relative_to(output).parts[:1]]
    result = {
        "showcases": showcases,
        "files": len(files),
        "bytes": sum(sizes.values()),
        "files_without_twins": len(plain),
        "bytes_without_twins": sum(sizes[p] for p in plain),
        "largest_file_bytes": max(sizes.values(), default=0),
        "media_files_in_output": len(media),
    }
    result["fits"] = {
        "github_pages": result["bytes_without_twins"] <= GITHUB_PAGES_BYTES,
        "cloudflare_pages_free": result["files_without_twins"] <= CLOUDFLARE_PAGES_FILES
        and result["largest_file_bytes"] <= CLOUDFLARE_PAGES_FILE_BYTES,
    }
    return result


def extrapolate(points: list[dict], showcases: int = FIVE_YEARS) -> dict | None:
    """Files and bytes at `showcases`, and where each limit is reached, from the two
    largest measured sizes: the growth per showcase between them (a school's or a
    list's page is shared by many showcases, so the first ones cost more than the next
    ones). With one size, its average per showcase: an upper bound."""
    measured = sorted((p for p in points if p.get("ok", True) and "files_without_twins" in p),
                      key=lambda p: p["showcases"])
    if not measured:
        return None
    last = measured[-1]
    first = measured[-2] if len(measured) > 1 else {"showcases": 0, "files_without_twins": 0,
                                                    "bytes_without_twins": 0,
                                                    "largest_file_bytes": 0}
    span = last["showcases"] - first["showcases"]
    rate = {key: (last[key] - first[key]) / span for key in ("files_without_twins",
                                                             "bytes_without_twins",
                                                             "largest_file_bytes")}
    at = {key: round(last[key] + rate[key] * (showcases - last["showcases"])) for key in rate}

    def until(limit: int, key: str) -> int | None:
        return round(last["showcases"] + (limit - last[key]) / rate[key]) if rate[key] > 0 else None

    return {
        "showcases": showcases,
        "from_sizes": [p["showcases"] for p in measured[-2:]],
        "files_per_showcase": round(rate["files_without_twins"], 2),
        "bytes_per_showcase": round(rate["bytes_without_twins"]),
        **at,
        "github_pages": at["bytes_without_twins"] <= GITHUB_PAGES_BYTES,
        "cloudflare_pages_free": at["files_without_twins"] <= CLOUDFLARE_PAGES_FILES
        and at["largest_file_bytes"] <= CLOUDFLARE_PAGES_FILE_BYTES,
        "showcases_until_github_pages_limit": until(GITHUB_PAGES_BYTES, "bytes_without_twins"),
        "showcases_until_cloudflare_files_limit": until(CLOUDFLARE_PAGES_FILES,
                                                        "files_without_twins"),
        # The largest file (data/kiprah.json) grows with every showcase too.
        "showcases_until_cloudflare_file_size_limit": until(CLOUDFLARE_PAGES_FILE_BYTES,
                                                            "largest_file_bytes"),
    }


def measure(bench, regency, root: Path, showcases: int) -> dict:
    """One offloaded publish build of `regency` with the bench's ffmpeg and video cache
    (so no clip is encoded again); the output is measured, then deleted."""
    from .measure import run_build

    out, cache = root / "out-offload", root / "cache-offload"
    overrides = {**bench.overrides, "VIDEO_SHARED_CACHE": False}
    run = run_build("ours-publish", regency.content, out, cache, overrides, log=bench.build_log,
                    env=MEDIA_ENV)
    if not run.ok:
        tail = bench.build_log.read_text(errors="replace")[-2000:] if bench.build_log.exists() else ""
        bench.log(f"  ! offloaded publish build failed; see {bench.build_log}\n{tail}")
        return {"ok": False}
    result = {"ok": True, "build": run.as_dict(), **share(out, showcases)}
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return result


def main(argv=None) -> int:
    from . import clips as clipgen
    from .regency import write_regency
    from .run import CLIP_CACHE, Bench

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--showcases", default="250,500",
                        help="sizes, comma-separated (the last two give the growth)")
    parser.add_argument("--quick", action="store_true", help="small, short clips")
    parser.add_argument("--output", help="write the JSON here too")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in str(args.showcases).split(",")]
    work = Path(tempfile.mkdtemp(prefix="kas-offload-"))
    points = []
    try:
        bench = Bench(work, 1, args.quick)
        clip_paths = clipgen.make_clips(CLIP_CACHE, clipgen.QUICK_CLIPS if args.quick
                                        else clipgen.FULL_CLIPS)
        for size in sizes:
            regency = write_regency(work / f"n{size}", size, clip_paths)
            points.append(measure(bench, regency, work / f"n{size}", size))
            shutil.rmtree(work / f"n{size}", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {"points": points, "extrapolated": extrapolate(points)}
    text = json.dumps(result, indent=2)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    return 0 if all(p.get("ok") for p in points) else 1


if __name__ == "__main__":
    raise SystemExit(main())
