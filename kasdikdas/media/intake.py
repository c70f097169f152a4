"""One way in for a school's clip: check it is a video (the rules `invoke check` applies),
then put it in the private source bucket under its content-hash name when
KASDIKDAS_MEDIA_SOURCES is set, else copy it into content/videos/; the result is the
value of the showcase's `video:` line."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from kasdikdas.model.entities import VideoSource

from .checks import duration_problem, probe_problem, size_problem, suffix_problem
from .inspect import cache_for, cached_probe, ffmpeg_for
from .location import sources_location
from .probe import ProbeError
from .settings import VideoSettings
from .upload import Sent, upload_source


class IntakeError(Exception):
    """The clip was refused: `file: what is wrong — how to fix`, in Indonesian."""


@dataclass(frozen=True)
class _Clip:
    """What checks.py reads of a showcase, for a clip that has none yet."""

    shown: str
    video: VideoSource

    def line_of(self, *_keys) -> None:
        return None


def check_clip(path: Path, settings: dict) -> str:
    """The clip's sha256 after every video rule passed; IntakeError says what failed."""
    path = Path(path)
    if not path.is_file():
        raise IntakeError(f"{path}: berkas: tidak ditemukan — periksa nama dan folder "
                          "berkas videonya")
    clip = _Clip(str(path), VideoSource(path=path.name))
    problem = suffix_problem(clip) or size_problem(clip, path.stat().st_size, settings)
    if problem is None:
        cache = cache_for(settings)
        sha256 = cache.file_hash(path)
        try:
            found = cached_probe(cache, ffmpeg_for(settings), path, sha256,
                                 VideoSettings.read(settings).VIDEO_FFMPEG_PROBE_SECONDS)
        except ProbeError as exc:
            problem = probe_problem(clip, exc)
        else:
            problem = duration_problem(clip, found, settings)
    if problem is not None:
        raise IntakeError(str(problem))
    return sha256


def safe_name(name: str) -> str:
    """A file name any system and URL takes: lower-case letters, digits, `-`, `_`."""
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    stem = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_") or "video"
    return f"{stem[:80]}{suffix}"


def copy_into_content(path: Path, sha256: str, content: Path, cache) -> str:
    """Copy the clip to content/videos/ under a safe name (a different clip already
    holding that name keeps it: the copy gets `-2`, `-3`…); returns `videos/<name>`."""
    folder = content / "videos"
    folder.mkdir(parents=True, exist_ok=True)
    base = safe_name(path.name)
    stem, suffix = Path(base).stem, Path(base).suffix
    for number in range(1, 1000):
        target = folder / (base if number == 1 else f"{stem}-{number}{suffix}")
        if target.exists():
            if target.is_file() and cache.file_hash(target) == sha256:
                return f"videos/{target.name}"  # the same clip is already there
            continue
        if target.resolve() != path.resolve():
            partial = target.with_name(f".{target.name}.part")
            shutil.copyfile(path, partial)
            partial.replace(target)
        return f"videos/{target.name}"
    raise IntakeError(f"{folder}: terlalu banyak berkas bernama {base} — ganti nama videonya")


def place_clip(path: Path, sha256: str, settings: dict, stream=None) -> tuple[str, Sent | None]:
    """Put a checked clip where the site reads it; returns (the `video:` value, what was
    sent to the bucket or None when it was copied into content/)."""
    bucket = sources_location(settings)
    if bucket is None:
        return copy_into_content(Path(path), sha256, Path(settings["PATH"]),
                                 cache_for(settings)), None
    sent = upload_source(Path(path), sha256, bucket, stream=stream)
    return f"s3:{sent.key}", sent
