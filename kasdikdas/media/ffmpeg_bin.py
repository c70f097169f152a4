"""Which ffmpeg encodes: the pinned one in the imageio-ffmpeg wheel, unless VIDEO_FFMPEG
names another, which is then checked once (version, encoders, filters).

Why not "whatever `ffmpeg` is on PATH": renditions would differ by machine, and an
old distribution ffmpeg (Debian 12's 5.1) lacks options and encoders the pipeline
uses. `pip install` alone gives every machine the same ffmpeg and the same bytes.
The build's identity (`ffmpeg_build`) is part of every cache key.
"""

from __future__ import annotations

import functools
import hashlib
import re
import subprocess
from pathlib import Path

# What the pipeline asks of an ffmpeg (encoders and filters by their ffmpeg names).
NEEDED_ENCODERS = ("libx264", "aac", "libsvtav1", "libopus")
NEEDED_FILTERS = ("scale", "fps", "setsar", "format", "select", "split", "zscale", "tonemap",
                  "libvmaf")
MIN_VERSION = (7, 0)


class FfmpegUnusable(RuntimeError):
    """The configured ffmpeg cannot run the pipeline (the machine's fault, not a video's)."""


def wheel_ffmpeg() -> str:
    import imageio_ffmpeg  # ships a static, pinned ffmpeg inside the wheel

    return imageio_ffmpeg.get_ffmpeg_exe()


def find_ffmpeg(configured: str | Path | None = None) -> str:
    """The wheel's ffmpeg; `configured` (VIDEO_FFMPEG) instead when set, after a check."""
    if configured:
        check_ffmpeg(str(configured))
        return str(configured)
    return wheel_ffmpeg()


def _output(ffmpeg_bin: str, *args: str) -> str:
    try:
        proc = subprocess.run([ffmpeg_bin, "-hide_banner", *args], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise FfmpegUnusable(f"ffmpeg `{ffmpeg_bin}` tidak bisa dijalankan ({exc}). Periksa "
                             "VIDEO_FFMPEG di pelicanconf.py, atau hapus pengaturan itu agar "
                             "ffmpeg bawaan paket imageio-ffmpeg yang dipakai.") from exc
    if proc.returncode != 0:
        raise FfmpegUnusable(f"ffmpeg `{ffmpeg_bin}` gagal berjalan (kode {proc.returncode}). "
                             "Periksa pemasangannya, atau hapus VIDEO_FFMPEG agar ffmpeg bawaan "
                             "paket imageio-ffmpeg yang dipakai.")
    return proc.stdout.decode("utf-8", "replace")


@functools.lru_cache(maxsize=8)
def check_ffmpeg(ffmpeg_bin: str) -> str:
    """Check a configured ffmpeg once per process; its version line, or FfmpegUnusable
    with an Indonesian message that says what is missing and what to do."""
    version = _output(ffmpeg_bin, "-version")
    first = version.splitlines()[0] if version else ""
    match = re.search(r"version \D*(\d+)\.(\d+)", first)
    problems = []
    if match and (int(match.group(1)), int(match.group(2))) < MIN_VERSION:
        problems.append(f"versinya {match.group(1)}.{match.group(2)}, perlu paling tidak "
                        f"{MIN_VERSION[0]}.{MIN_VERSION[1]}")
    encoders = _output(ffmpeg_bin, "-encoders")
    filters = _output(ffmpeg_bin, "-filters")
    missing = [name for name in NEEDED_ENCODERS if not re.search(rf"^ \S+ {name}\b", encoders, re.M)]
    missing += [name for name in NEEDED_FILTERS if not re.search(rf"^ \S+ {name}\b", filters, re.M)]
    if missing:
        problems.append("tidak punya " + ", ".join(missing))
    if problems:
        raise FfmpegUnusable(
            f"ffmpeg `{ffmpeg_bin}` (VIDEO_FFMPEG) tidak bisa dipakai: {'; '.join(problems)}. "
            "Hapus VIDEO_FFMPEG dari pelicanconf.py agar ffmpeg bawaan paket imageio-ffmpeg "
            "(sudah lengkap) yang dipakai, atau pasang ffmpeg yang lebih lengkap.")
    return first


@functools.lru_cache(maxsize=8)
def ffmpeg_build(ffmpeg_bin: str) -> str:
    """A short identity of the build (version line + configuration): part of cache keys,
    so a different ffmpeg makes new renditions instead of reusing another's."""
    text = _output(ffmpeg_bin, "-version")
    lines = [line for line in text.splitlines() if line.startswith(("ffmpeg version", "configuration:"))]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
