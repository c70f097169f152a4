"""Find location and device metadata in pictures and videos (real probing, no mocks).

Pictures: Pillow's EXIF (GPS block, make, model, software) and embedded XMP.
Videos: the metadata that `ffmpeg -i` prints for the container and every stream
(the imageio-ffmpeg wheel has no ffprobe, so ffmpeg's own description is used).
"""

from __future__ import annotations

from kasdikdas.media.formats import VIDEO_SUFFIXES

import re
import subprocess
from pathlib import Path

from PIL import Image

from kasdikdas.media.ffmpeg_bin import find_ffmpeg

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".tif", ".tiff"}
EXIF_TAGS = {0x8825: "GPSInfo", 0x010F: "Make", 0x0110: "Model", 0x0131: "Software",
             0xA430: "CameraOwnerName", 0xA431: "BodySerialNumber", 0xA434: "LensModel"}
# Keys phones and cameras write (QuickTime, Android, Matroska), lower-cased.
VIDEO_KEY = re.compile(r"(location|gps|iso6709|make|model|manufacturer|software|encoder_device|"
                       r"com\.apple\.|com\.android\.|com\.samsung\.|xyz|serial)", re.IGNORECASE)
# ffmpeg's own harmless keys that would otherwise match.
VIDEO_KEY_ALLOWED = {"major_brand", "minor_version", "compatible_brands", "encoder", "handler_name",
                     "vendor_id", "language", "creation_time", "duration", "title", "comment"}


def image_tags(path: Path) -> list[str]:
    found = []
    with Image.open(path) as image:
        exif = image.getexif()
        found += [f"EXIF {name}" for tag, name in EXIF_TAGS.items() if tag in exif]
        if exif.get_ifd(0x8825):
            found.append("EXIF GPS IFD")
        for key in ("xmp", "XML:com.adobe.xmp"):
            if image.info.get(key):
                found.append(f"XMP ({key})")
    return found


def video_tags(path: Path) -> list[str]:
    result = subprocess.run([find_ffmpeg(), "-hide_banner", "-i", str(path)],
                            capture_output=True, text=True, errors="replace", timeout=60)
    found = []
    inside = False
    for line in result.stderr.splitlines():
        stripped = line.strip()
        if stripped == "Metadata:":
            inside = True
            continue
        if inside and ":" in stripped and line.startswith(" " * 4):
            key = stripped.split(":", 1)[0].strip()
            if key.lower() not in VIDEO_KEY_ALLOWED and VIDEO_KEY.search(key):
                found.append(f"{key}")
            continue
        inside = False
    return found


def media_tags(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return image_tags(path)
    if suffix in VIDEO_SUFFIXES:
        return video_tags(path)
    return []


def media_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and p.suffix.lower() in IMAGE_SUFFIXES | VIDEO_SUFFIXES)
