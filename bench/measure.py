"""Measurements: a build in a child process (wall time, CPU time, peak memory),
the size of an output folder, and the weight of a page before the video plays.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import brotli

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuildRun:
    wall_s: float  # elapsed time, as the editor waits for it
    cpu_s: float  # user + system CPU of the build process and its children (ffmpeg)
    max_rss_mb: float  # peak resident memory of the build process
    ok: bool

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
    )


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def brotli_size(data: bytes) -> int:
    return len(brotli.compress(data, quality=11))


TEXT_SUFFIXES = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".csv", ".webmanifest"}
VIDEO_SUFFIXES = {".mp4", ".webm", ".mov", ".m4v", ".3gp", ".mkv"}


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


class _Assets(HTMLParser):
    """What a browser fetches for a page before any tap: stylesheets, scripts, eager
    images and the video poster; never the video itself (preload="none")."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (kind, url)
        self.video_preload: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.urls.append(("css", a["href"]))
        elif tag == "script" and a.get("src"):
            self.urls.append(("js", a["src"]))
        elif tag == "img" and a.get("src") and a.get("loading") != "lazy":
            self.urls.append(("image", a["src"]))
        elif tag == "video":
            self.video_preload.append(a.get("preload") or "auto")
            if a.get("poster"):
                self.urls.append(("poster", a["poster"]))


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _local(page: Path, output: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("data:"):
        return None
    path = unquote(parts.path)
    target = (output / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def page_weight(output: Path, page: Path) -> dict:
    """Compressed bytes of a page and everything it loads before play (text gzip'd and
    brotli'd, images as they are), plus any reference to another host."""
    parser = _Assets()
    html = page.read_bytes()
    parser.feed(html.decode("utf-8", "replace"))
    items = [("html", page)]
    foreign, missing = [], []
    for kind, url in dict.fromkeys(parser.urls):
        target = _local(page, output, url)
        if target is None:
            (foreign if urlsplit(url).netloc else missing).append(url)
            continue
        items.append((kind, target))
        if kind == "css":  # fonts and images a stylesheet pulls in
            css = target.read_text(encoding="utf-8", errors="replace")
            for ref in _CSS_URL.findall(css):
                sub = _local(target, output, ref)
                if sub is not None:
                    items.append(("css-asset", sub))
    seen, parts = set(), []
    gz = br = 0
    for kind, path in items:
        if path in seen:
            continue
        seen.add(path)
        data = path.read_bytes()
        if path.suffix.lower() in TEXT_SUFFIXES:
            g, b = gzip_size(data), brotli_size(data)
        else:
            g = b = len(data)
        gz, br = gz + g, br + b
        parts.append(
            {"kind": kind, "path": path.relative_to(output).as_posix(), "gzip": g, "brotli": b}
        )
    return {
        "page": page.relative_to(output).as_posix(),
        "gzip": gz,
        "brotli": br,
        "parts": parts,
        "foreign_urls": foreign,
        "unresolved_urls": missing,
        "video_preload": parser.video_preload,
    }
