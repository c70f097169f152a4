"""The typeface drawn into share cards and the social media kit: DejaVu Sans from the
Debian package `fonts-dejavu-core` (or the file KASDIKDAS_FONT names), else the scalable
font Pillow itself ships; never a font file kept in this repository."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from PIL import ImageFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# Pillow's own font is a FreeTypeFont, or its bitmap ImageFont where FreeType is missing.
Face = ImageFont.FreeTypeFont | ImageFont.ImageFont


def font_path(bold: bool = True) -> Path | None:
    """The TrueType file drawn with, or None when only Pillow's own font is there."""
    named = os.environ.get("KASDIKDAS_FONT")
    if named and Path(named).is_file():
        return Path(named)
    found = DEJAVU / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return found if found.is_file() else None


@functools.lru_cache(maxsize=32)
def font(size: int, bold: bool = True) -> Face:
    path = font_path(bold)
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def wrap(text: str, face: Face, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines no wider than `width` px; the last one ends in
    "…" when the text does not fit."""
    words = text.split()
    found: list[str] = []
    while words and len(found) < lines:
        line = words.pop(0)
        while words and face.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        while face.getlength(line) > width and len(line) > 1:  # one over-long word
            line = line[:-2] + "…"
        found.append(line)
    if words and found:
        last = found[-1]
        while face.getlength(last + " …") > width and " " in last:
            last = last.rsplit(" ", 1)[0]
        found[-1] = last + " …"
    return found
