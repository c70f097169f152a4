"""privacy: no location or device metadata leaves the site.

Pictures and videos that Pelican copies as static files (content/images/…) come
straight from phones, with GPS position, make and model. After the build, every such
file in the output that carries anything but its pixels, colour profile and timing
(EXIF, XMP, IPTC, comments, PNG text) is written again without it (pictures turned
upright first, since the EXIF orientation goes too); evidence PDFs lose their document
metadata (documents.py); videos are stream-copied without metadata. Files are replaced, never edited in place, so a hard-linked copy
(STATIC_CREATE_LINKS) can never reach back into content/.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence

from . import commands, documents
from .formats import VIDEO_CONTAINERS, VIDEO_SUFFIXES
from .settings import VideoSettings

logger = logging.getLogger(__name__)

PICTURES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
ANIMATED = {"PNG", "WEBP", "GIF"}  # formats whose every frame is written again
# What a picture may keep, because it is how the picture looks: colour profile, density,
# transparency, animation timing. Anything else (EXIF, XMP, IPTC, JPEG comments, PNG text,
# GIF comments and application blocks) is something the editor did not type.
KEEP_INFO = frozenset({
    "icc_profile", "dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "adobe",
    "adobe_transform", "progressive", "progression", "gamma", "srgb", "chromaticity",
    "transparency", "aspect", "interlace", "version", "background", "duration", "loop",
    "timestamp", "default_image", "blend", "disposal",
})
KEEP_JPEG_MARKERS = {("APP0", b"JFIF"), ("APP2", b"ICC_PROFILE"), ("APP14", b"Adobe")}


def _frame_has_metadata(image) -> bool:
    if set(image.info) - KEEP_INFO:
        return True
    return not all(any(marker == kept and data.startswith(prefix)
                       for kept, prefix in KEEP_JPEG_MARKERS)
                   for marker, data in getattr(image, "applist", ()))


def picture_has_metadata(path: Path) -> bool:
    with Image.open(path) as image:
        if image.format == "MPO" or image.getexif():  # MPO: a phone's extra pictures
            return True
        return any(_frame_has_metadata(frame) for frame in ImageSequence.Iterator(image))


def _animation(image) -> tuple[list, dict]:
    """Every frame of an animated picture, with its timing (and nothing else)."""
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        frames.append(frame.copy())
    options = {"save_all": True, "append_images": frames[1:], "duration": durations,
               "loop": image.info.get("loop", 0)}
    if image.format == "GIF":
        options["disposal"] = 2  # Pillow hands out whole frames
    return frames, options


def strip_picture(path: Path) -> bool:
    """Rewrite a picture with its pixels, colour profile and timing only (upright, since
    the EXIF orientation goes too); False if it carried nothing else."""
    if not picture_has_metadata(path):
        return False
    fmt = PICTURES[path.suffix.lower()]
    with Image.open(path) as image:
        image.load()
        if fmt in ANIMATED and getattr(image, "n_frames", 1) > 1:
            frames, options = _animation(image)
        else:
            frames, options = [ImageOps.exif_transpose(image)], {}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        if image.info.get("transparency") is not None and fmt != "JPEG" and "save_all" not in options:
            options["transparency"] = image.info["transparency"]
    if fmt in {"JPEG", "WEBP"}:
        options["quality"] = 90
    if fmt == "JPEG" and frames[0].mode not in {"RGB", "L", "CMYK"}:
        frames[0] = frames[0].convert("RGB")
    for frame in frames:
        frame.info = {}  # nothing rides along into the new file
    _replace(path, lambda target: frames[0].save(target, format=fmt, **options))
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
    """Strip each picture, PDF and video of `paths`; return the files rewritten."""
    stripped = []
    for path in sorted(Path(p) for p in paths):
        if not path.is_file() or path.is_symlink():
            continue
        suffix = path.suffix.lower()
        try:
            if ((suffix in PICTURES and strip_picture(path))
                    or (suffix == ".pdf" and documents.strip_pdf(
                        path, lambda save, path=path: _replace(path, save)))
                    or (suffix in VIDEO_SUFFIXES and ffmpeg and strip_video(path, ffmpeg))):
                stripped.append(path)
        except (OSError, subprocess.SubprocessError, commands.FfmpegFailed,
                Image.DecompressionBombError, documents.pikepdf.PdfError) as exc:
            # Published as it is (pages may link it), but nobody can vouch for it.
            logger.warning("privasi: %s tidak bisa diperiksa untuk tag lokasi/perangkat: %s", path, exc)
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
    stripped = strip_files(paths, find_ffmpeg(VideoSettings.read(pelican.settings).VIDEO_FFMPEG))
    if stripped:
        logger.info("privasi: metadata dihapus dari %d berkas statis", len(stripped))
