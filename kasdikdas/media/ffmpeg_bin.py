"""Find the ffmpeg binary: a setting, else the system's, else the imageio-ffmpeg wheel's."""

from __future__ import annotations

import shutil


def find_ffmpeg(configured: str | None = None) -> str:
    if configured:
        return configured
    system = shutil.which("ffmpeg")
    if system:
        return system
    import imageio_ffmpeg  # ships a static ffmpeg inside the wheel

    return imageio_ffmpeg.get_ffmpeg_exe()
