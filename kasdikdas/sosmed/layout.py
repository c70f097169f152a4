"""Where things sit in the 9:16 kit video and its cover, and the text drawn there with
Pillow: the picture whole in the middle (never stretched or cropped), the school and the
title in the band above it, captions and the site's address in the band below."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from ..media.fonts import font, wrap

WIDTH, HEIGHT = 720, 1280  # the video; the cover is the same drawing at 1.5× (1080×1920)
COVER_SCALE = 1.5
BAND = 300  # the least room kept above and below the picture for text
MARGIN = 36
CAPTION_LINE = 46
WHITE, YELLOW = (255, 255, 255, 255), (245, 196, 0, 255)
SHADOW = (0, 0, 0, 200)


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def holds(self, other: Box) -> bool:
        return (self.left <= other.left and self.top <= other.top
                and other.right <= self.right and other.bottom <= self.bottom)


@dataclass(frozen=True)
class Layout:
    picture: Box  # where the clip is shown, whole
    top: Box  # the band above it: school and title
    bottom: Box  # the band below it: captions, then the address
    k: float = 1.0  # 1 for the video, COVER_SCALE for the cover

    @property
    def size(self) -> tuple[int, int]:
        return round(WIDTH * self.k), round(HEIGHT * self.k)

    @property
    def captions(self) -> Box:
        """The upper part of the bottom band: two lines of captions."""
        top = self.bottom.top + round(16 * self.k)
        return Box(0, top, self.size[0], top + round((2 * CAPTION_LINE + 8) * self.k))


def layout_for(width: int, height: int, k: float = 1.0) -> Layout:
    """The clip (as displayed) fitted into the canvas less a band above and below:
    full width for a landscape clip, whole, same shape, even sizes."""
    canvas_w, canvas_h = round(WIDTH * k), round(HEIGHT * k)
    room_h = canvas_h - 2 * round(BAND * k)
    scale = min(canvas_w / width, room_h / height)
    w = min(canvas_w, int(width * scale) // 2 * 2)
    h = min(room_h, int(height * scale) // 2 * 2)
    left, top = (canvas_w - w) // 2 // 2 * 2, (canvas_h - h) // 2 // 2 * 2
    picture = Box(left, top, left + w, top + h)
    return Layout(picture, Box(0, 0, canvas_w, top), Box(0, top + h, canvas_w, canvas_h), k)


def _draw_lines(draw: ImageDraw.ImageDraw, width: int, lines: list[str], face, y: int,
                step: int, fill) -> int:
    for line in lines:
        x = (width - face.getlength(line)) / 2
        draw.text((x + 2, y + 2), line, font=face, fill=SHADOW)
        draw.text((x, y), line, font=face, fill=fill)
        y += step
    return y


def draw_bands(layout: Layout, school: str, title: str, address: str) -> Image.Image:
    """A transparent layer of the canvas's size: school and title at the foot of the
    top band, the address at the foot of the bottom band; nothing inside the picture."""
    k, (width, _) = layout.k, layout.size
    layer = Image.new("RGBA", layout.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    school_face, title_face = font(round(32 * k)), font(round(44 * k))
    small, margin = font(round(28 * k), bold=False), round(MARGIN * k)
    titles = wrap(title, title_face, width - 2 * margin, 2)
    schools = wrap(school, school_face, width - 2 * margin, 1)
    step_school, step_title = round(44 * k), round(56 * k)
    block = step_school * len(schools) + step_title * len(titles)
    y = max(margin // 2, layout.top.bottom - margin // 2 - block)
    y = _draw_lines(draw, width, schools, school_face, y, step_school, YELLOW)
    _draw_lines(draw, width, titles, title_face, y, step_title, WHITE)
    _draw_lines(draw, width, [address], small, layout.bottom.bottom - margin - round(34 * k),
                round(34 * k), WHITE)
    return layer


def draw_caption(text: str, layout: Layout) -> Image.Image:
    """One caption cue: up to two centred lines on a transparent layer of the captions
    box's size (placed at Layout.captions)."""
    box, k = layout.captions, layout.k
    face = font(round(34 * k), bold=False)
    lines = wrap(" ".join(text.split()), face, box.width - 2 * round(MARGIN * k), 2)
    layer = Image.new("RGBA", (box.width, box.height), (0, 0, 0, 0))
    _draw_lines(ImageDraw.Draw(layer), box.width, lines, face, round(4 * k),
                round(CAPTION_LINE * k), WHITE)
    return layer


def save_png(image: Image.Image, path: Path) -> Path:
    image.save(path, "PNG")
    return path
