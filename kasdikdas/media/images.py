"""privacy: no location or device metadata leaves the site.

Pictures and videos that Pelican copies as static files (content/images/…) come
straight from phones, with GPS position, make and model. After the build, every such
file in the output that carries EXIF or XMP is rewritten without it (pictures turned
upright first, since the EXIF orientation goes too); videos are stream-copied without
metadata. Files are replaced, never edited in place, so a hard-linked copy
(STATIC_CREATE_LINKS) can never reach back into content/.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

from . import commands
from .formats import VIDEO_CONTAINERS, VIDEO_SUFFIXES

logger = logging.getLogger(__name__)

PICTURES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
XMP_KEYS = ("xmp", "XML:com.adobe.xmp")


def picture_has_metadata(path: Path) -> bool:
    with Image.open(path) as image:
        return bool(image.getexif()) or any(image.info.get(key) for key in XMP_KEYS)


def strip_picture(path: Path) -> bool:
    """Rewrite a picture without EXIF/XMP (upright, colour profile kept); False if clean."""
    if not picture_has_metadata(path):
        return False
    with Image.open(path) as image:
        image.load()
        upright = ImageOps.exif_transpose(image)
        options = {"icc_profile": image.info.get("icc_profile")}
        fmt = PICTURES[path.suffix.lower()]
        if fmt in {"JPEG", "WEBP"}:
            options["quality"] = 90
        if fmt == "JPEG" and upright.mode not in {"RGB", "L", "CMYK"}:
            upright = upright.convert("RGB")
        _replace(path, lambda target: upright.save(target, format=fmt, **options))
    return True


def video_has_metadata(path: Path, ffmpeg: str) -> bool:
    described = commands.run(commands.describe_args(ffmpeg, path), timeout=120,
                             check=False).stderr
    harmless = ("major_brand", "minor_version", "compatible_brands", "handler_name", "vendor_id",
                "encoder", "language", "duration")
    keys = [line.split(":", 1)[0].strip() for line in described.splitlines()
            if line.startswith("    ") and ":" in line and not line.strip().startswith(("Stream", "Duration"))]
    return any(key and key != "Metadata" and key not in harmless for key in keys)


def strip_video(path: Path, ffmpeg: str) -> bool:
    """Stream-copy a video without container or stream metadata; False if clean."""
    if not video_has_metadata(path, ffmpeg):
        return False

    def write(target: Path) -> None:
        commands.run(commands.strip_metadata_args(ffmpeg, path, target, _container(path)),
                     timeout=600)

    _replace(path, write)
    return True


def _container(path: Path) -> str:
    return VIDEO_CONTAINERS.get(path.suffix.lower(), "mp4")


def _replace(path: Path, write) -> None:
    handle, name = tempfile.mkstemp(prefix=".privacy-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        write(Path(name))
        os.replace(name, path)  # a new inode: a hard link into content/ is left alone
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def strip_files(paths, ffmpeg: str | None = None) -> list[Path]:
    """Strip each picture and video of `paths`; return the files rewritten."""
    stripped = []
    for path in sorted(Path(p) for p in paths):
        if not path.is_file() or path.is_symlink():
            continue
        suffix = path.suffix.lower()
        try:
            if suffix in PICTURES and strip_picture(path):
                stripped.append(path)
            elif suffix in VIDEO_SUFFIXES and ffmpeg and strip_video(path, ffmpeg):
                stripped.append(path)
        except (OSError, subprocess.SubprocessError, commands.FfmpegFailed,
                Image.DecompressionBombError) as exc:
            # Published as it is (pages may link it), but nobody can vouch for it.
            logger.warning("privacy: %s could not be checked for location/device tags: %s", path, exc)
    return stripped


# Static files Pelican will copy, per output folder; collected before writing,
# stripped once everything is written (generators and the writer run in between).
_STATIC: dict[str, list[Path]] = {}


def remember_static(generator) -> None:
    output = Path(generator.output_path)
    _STATIC[str(output)] = [output / item.save_as for item in generator.staticfiles]


def strip_output(pelican) -> None:
    from kasdikdas.media.ffmpeg_bin import find_ffmpeg

    paths = _STATIC.pop(str(Path(pelican.output_path)), [])
    stripped = strip_files(paths, find_ffmpeg(pelican.settings.get("VIDEO_FFMPEG")))
    if stripped:
        logger.info("privacy: location/device metadata removed from %d static files", len(stripped))
