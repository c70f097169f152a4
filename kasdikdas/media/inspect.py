"""Inspect every showcase's video: find it (a file under content/, or a download into
the cache from an https URL, a cloud drive's share link or the media bucket), hash it,
probe it once per content hash, and apply the rules in checks.py.

`inspect_sources` is the one inspection: the build and `invoke check` both reach it
through kasdikdas.validate.
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model.entities import Showcase
from .cache import MediaCache
from .checks import (captions_problem, duration_problem, fetch_problem, probe_problem,
                     size_problem, suffix_problem)
from .fetch import FetchError
from . import commands
from .ffmpeg_bin import FfmpegUnusable, ffmpeg_build, find_ffmpeg
from .probe import PROBE_VERSION, Probe, ProbeError, probe
from .settings import VideoSettings
from .shared_cache import shared_cache_for, try_fill, try_push
from .sharelinks import download_link
from .sources import download_object

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Source:
    """A showcase's video, found, hashed and probed."""

    showcase: Showcase
    path: Path
    sha256: str
    probe: Probe


def ffmpeg_for(settings: dict) -> str:
    return find_ffmpeg(VideoSettings.read(settings).VIDEO_FFMPEG)


def cache_for(settings: dict) -> MediaCache:
    root = Path(VideoSettings.read(settings).VIDEO_CACHE_PATH)
    return MediaCache(root if root.is_absolute() else PROJECT_ROOT / root)


# --- inspection (shared with `invoke check`) ------------------------------------------------


# Probe records read this process (by record path, i.e. content hash and ffmpeg build):
# showcases that share a clip read its record once.
_PROBES: dict[Path, dict] = {}


def probe_record(sha256: str, ffmpeg_bin: str) -> str:
    """The cache name of a probe: per content hash, parser version and ffmpeg build."""
    return f"probe/{sha256}-p{PROBE_VERSION}-{ffmpeg_build(ffmpeg_bin)}.json"


def cached_probe(cache: MediaCache, ffmpeg_bin: str, path: Path, sha256: str,
                 timeout: float = 120) -> Probe:
    """Probe once per content hash and ffmpeg build. A failed probe is remembered only
    when it is the file's fault: if ffmpeg itself is missing, crashes or cannot read a
    clip it made a moment ago, FfmpegUnusable is raised and nothing is written, so the
    verdict does not outlive a broken installation; a probe that hit its time limit
    (`timeout` seconds per ffmpeg call) is reported and never remembered either, since a
    busy machine may have been the cause."""
    record = cache.path("probe", probe_record(sha256, ffmpeg_bin).split("/", 1)[1])
    data = _PROBES.get(record) or cache.read_json(record)
    if data is None:
        try:
            data = {"probe": probe(ffmpeg_bin, path, timeout).to_json()}
        except ProbeError as exc:
            if exc.kind == "too_slow":
                raise
            if not ffmpeg_healthy(ffmpeg_bin):
                raise FfmpegUnusable(
                    f"ffmpeg `{ffmpeg_bin}` tidak berfungsi di komputer ini (video contoh buatannya "
                    f"sendiri pun tidak terbaca), jadi `{path.name}` belum bisa diperiksa. Perbaiki "
                    "pemasangan ffmpeg atau hapus VIDEO_FFMPEG.") from exc
            data = {"error": exc.kind, "detail": exc.detail}
        cache.write_json(record, data)
    _PROBES[record] = data
    if "error" in data:
        raise ProbeError(data["error"], data.get("detail", ""))
    return Probe.from_json(data["probe"])


@functools.lru_cache(maxsize=8)
def ffmpeg_healthy(ffmpeg_bin: str) -> bool:
    """Can this ffmpeg make a tiny clip and read it back? (Asked only after a failed probe.)"""
    with tempfile.TemporaryDirectory(prefix="kasdikdas-ffmpeg-") as folder:
        clip = Path(folder) / "cek.mp4"
        try:
            commands.run(commands.selftest_args(ffmpeg_bin, clip), timeout=60)
            found = probe(ffmpeg_bin, clip)
        except (OSError, subprocess.SubprocessError, commands.FfmpegFailed, ProbeError):
            return False
        return found.width == 64 and found.duration > 0


def inspect_sources(showcases, content_root: Path, settings: dict,
                    cache: MediaCache | None = None) -> tuple[list[Source], list]:
    """Find, hash and probe every showcase's video; return sources and Problems."""
    cache = cache or cache_for(settings)
    ffmpeg_bin = ffmpeg_for(settings)
    shared = shared_cache_for(settings)  # probe records shared through the bucket
    sources, problems, records = [], [], []
    for showcase in showcases:
        if (problem := captions_problem(showcase, content_root)) is not None:
            problems.append(problem)
        if (problem := suffix_problem(showcase)) is not None:
            problems.append(problem)
            continue
        video = showcase.video
        if video.is_remote:
            try:
                if getattr(video, "in_bucket", False):
                    path = download_object(video.url, cache, settings)
                else:
                    path = download_link(video.url, cache, settings)
            except FetchError as exc:
                problems.append(fetch_problem(showcase, exc, settings))
                continue
        else:
            path = content_root / video.path
        if (problem := size_problem(showcase, path.stat().st_size, settings)) is not None:
            problems.append(problem)
            continue
        sha256 = cache.file_hash(path)
        record = probe_record(sha256, ffmpeg_bin)
        try_fill(shared, cache, [record])
        records.append(record)
        try:
            found = cached_probe(cache, ffmpeg_bin, path, sha256, VideoSettings.read(settings).VIDEO_FFMPEG_PROBE_SECONDS)
        except ProbeError as exc:
            problems.append(probe_problem(showcase, exc))
            continue
        if (problem := duration_problem(showcase, found, settings)) is not None:
            problems.append(problem)
            continue
        sources.append(Source(showcase, path, sha256, found))
    try_push(shared, cache, records)
    return sources, problems
