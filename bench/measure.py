"""Measurements: a build in a child process (wall time, CPU time, peak memory) and
the size of an output folder. (Page weight is the theme's own `bench/budget.py`.)
"""

from __future__ import annotations

from kasdikdas.media.formats import VIDEO_SUFFIXES

import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuildRun:
    wall_s: float  # elapsed time, as the editor waits for it
    cpu_s: float  # user + system CPU of the build process and its children (ffmpeg, pagefind)
    max_rss_mb: float  # peak resident memory of the build process or of one of its children
    ok: bool
    sys_s: float = 0.0  # the system part of cpu_s: the kernel creating files and folders

    def as_dict(self) -> dict:
        return asdict(self)


def run_build(
    kind: str,
    content: Path,
    output: Path,
    cache: Path,
    overrides: dict | None = None,
    log: Path | None = None,
    profile: Path | None = None,
    env: dict | None = None,
) -> BuildRun:
    """Run `bench.child` and read its rusage with wait4 (per child, not cumulative)."""
    cmd = [
        sys.executable,
        "-m",
        "bench.child",
        kind,
        str(content),
        str(output),
        str(cache),
        "--set",
        json.dumps(overrides or {}),
    ]
    if profile:
        cmd += ["--profile", str(profile)]
    with open(log or os.devnull, "ab") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(
            cmd, cwd=ROOT, stdout=sink, stderr=sink, env={**os.environ, **(env or {})}
        )
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux.
    return BuildRun(
        round(wall, 3),
        round(usage.ru_utime + usage.ru_stime, 3),
        round(usage.ru_maxrss / 1024, 1),
        process.returncode == 0,
        round(usage.ru_stime, 3),
    )


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def brotli_size(data: bytes) -> int:
    return len(brotli.compress(data, quality=11))


TEXT_SUFFIXES = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".csv", ".webmanifest"}


def output_size(output: Path, showcase_glob: str, sample: int = 300) -> dict:
    """Files and bytes of the whole output (videos counted apart) and the compressed
    size of a showcase page (mean over an evenly spread sample of pages)."""
    files = [p for p in output.rglob("*") if p.is_file()]
    video_bytes = sum(p.stat().st_size for p in files if p.suffix.lower() in VIDEO_SUFFIXES)
    pages = sorted(output.glob(showcase_glob))
    step = max(1, len(pages) // sample)
    picked = pages[::step]
    raw = [p.read_bytes() for p in picked]
    return {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "video_bytes": video_bytes,
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
        "showcase_pages": len(pages),
        "showcase_page_bytes": round(sum(map(len, raw)) / len(raw)) if raw else None,
        "showcase_page_gzip": round(sum(map(gzip_size, raw)) / len(raw)) if raw else None,
        "showcase_page_brotli": round(sum(map(brotli_size, raw)) / len(raw)) if raw else None,
    }


def summarise(runs: list[BuildRun]) -> dict:
    good = [r for r in runs if r.ok] or runs
    return {
        "wall_s": round(statistics.median(r.wall_s for r in good), 3),
        "cpu_s": round(statistics.median(r.cpu_s for r in good), 3),
        "sys_s": round(statistics.median(r.sys_s for r in good), 3),
        "max_rss_mb": max(r.max_rss_mb for r in good),
        "ok": all(r.ok for r in runs),
        "runs": [r.as_dict() for r in runs],
    }


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pelican

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem / 2**30, 1),
        "python": platform.python_version(),
        "pelican": pelican.__version__,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def git_commit() -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
