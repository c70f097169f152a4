"""Posters through Pillow: pick a representative frame, write WebP + JPEG + a placeholder,
and the share image link previews show (1200×630 JPEG, or the nearest the frame allows).

A frame is representative when it is neither (nearly) black nor blown-out white and
shows the most detail (luma standard deviation); frames in the first and last 5 % of
a clip (fades, a hand over the lens) count only if nothing else qualifies. Editor
images take the same path; every output is re-created from pixels only, so no EXIF
(GPS, camera) survives.
"""

from __future__ import annotations

import base64
import io
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import cast

from PIL import Image, ImageEnhance, ImageFilter, ImageOps, ImageStat

DARK, BRIGHT = 24, 235

# Link previews (WhatsApp, Facebook, X): a large preview wants a 1.91:1 image at least
# 600 px wide; WhatsApp shows none at all above ~300 KB. The frame is never enlarged: a
# smaller one sits at its own size over a blurred, darkened copy of itself.
SHARE_SIZE = (1200, 630)
SHARE_MIN_WIDTH = 600
SHARE_MAX_BYTES = 300_000
SHARE_QUALITIES = (82, 72, 62, 52, 42, 32)


@dataclass(frozen=True)
class PosterInfo:
    width: int
    height: int
    color: str  # "#rrggbb": the dominant colour, for a placeholder background
    placeholder: str  # a data: URI of a tiny blurred WebP (well under 1 KB)
    jpeg_bytes: int
    webp_bytes: int

    def to_json(self) -> dict:
        return asdict(self)


def frame_score(image: Image.Image) -> float:
    stat = ImageStat.Stat(image.convert("L"))
    mean, spread = stat.mean[0], stat.stddev[0]
    if mean < DARK or mean > BRIGHT:
        return -1.0 + spread / 1000  # usable only if every frame is like this
    return spread


def choose_frame(frames: list[Image.Image]) -> Image.Image:
    """The most detailed non-black frame, preferring the middle 90 % of the clip."""
    if not frames:
        raise ValueError("no frames")
    edge = max(1, len(frames) // 20) if len(frames) >= 10 else 0
    middle = frames[edge:len(frames) - edge] or frames
    best = max(middle, key=frame_score)
    if frame_score(best) < 0:
        best = max(frames, key=frame_score)
    return best


def frames_from_raw(data: bytes, width: int, height: int) -> list[Image.Image]:
    size = width * height * 3
    return [Image.frombytes("RGB", (width, height), data[i:i + size])
            for i in range(0, len(data) - size + 1, size)]


def fit(width: int, height: int, box: int) -> tuple[int, int]:
    """Fit width x height into box x box without upscaling; even numbers."""
    scale = min(1.0, box / max(width, height))
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def clean_rgb(image: Image.Image) -> Image.Image:
    """Pixels only: upright per EXIF orientation, RGB, no info/EXIF/ICC carried along."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        backdrop = Image.new("RGB", image.size, (255, 255, 255))
        backdrop.paste(image, mask=image.getchannel("A"))
        image = backdrop
    image = image.convert("RGB")
    return Image.frombytes("RGB", image.size, image.tobytes())


def dominant_color(image: Image.Image) -> str:
    small = image.resize((32, 32), Image.Resampling.BOX).quantize(colors=4, method=Image.Quantize.MEDIANCUT)
    colors, palette = small.getcolors(), small.getpalette()
    assert colors is not None and palette is not None  # 4 colours of a palette image
    count, index = max(cast(list[tuple[int, int]], colors))  # (count, palette index)
    r, g, b = palette[index * 3:index * 3 + 3]
    return f"#{r:02x}{g:02x}{b:02x}"


def placeholder_uri(image: Image.Image) -> str:
    tiny = image.copy()
    tiny.thumbnail((16, 16), Image.Resampling.BOX)
    buffer = io.BytesIO()
    tiny.save(buffer, "WEBP", quality=30, method=6)
    return "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode()


def save_poster(image: Image.Image, jpeg: Path, webp: Path, box: int,
                jpeg_quality: int, webp_quality: int) -> PosterInfo:
    """Write the poster as JPEG and WebP (to the given, usually temporary, paths)."""
    image = clean_rgb(image)
    size = fit(*image.size, box)
    if size != image.size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    image.save(jpeg, "JPEG", quality=jpeg_quality, optimize=True, progressive=True)
    image.save(webp, "WEBP", quality=webp_quality, method=6)
    return PosterInfo(width=image.width, height=image.height, color=dominant_color(image),
                      placeholder=placeholder_uri(image), jpeg_bytes=jpeg.stat().st_size,
                      webp_bytes=webp.stat().st_size)


def open_image(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return image


def share_canvas(width: int, height: int) -> tuple[int, int]:
    """1200×630, or the largest canvas of that shape a smaller frame fills at its own
    size in one direction (never under 600 px wide): 640×360 → 686×360."""
    wide, tall = SHARE_SIZE
    fills = max(width, round(height * wide / tall))
    canvas_width = max(SHARE_MIN_WIDTH, min(wide, fills))
    return canvas_width, round(canvas_width * tall / wide)


def share_image(frame: Image.Image) -> Image.Image:
    """The whole frame, reduced only to fit (never enlarged, cropped or stretched),
    centred over a blurred, darkened copy of itself that fills the 1.91:1 canvas."""
    frame = clean_rgb(frame)
    size = share_canvas(*frame.size)
    backdrop = ImageOps.fit(frame, size, Image.Resampling.BILINEAR)
    backdrop = ImageEnhance.Brightness(backdrop.filter(ImageFilter.GaussianBlur(24))).enhance(0.45)
    scale = min(1.0, size[0] / frame.width, size[1] / frame.height)
    shown = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
    if shown != frame.size:
        frame = frame.resize(shown, Image.Resampling.LANCZOS)
    backdrop.paste(frame, ((size[0] - shown[0]) // 2, (size[1] - shown[1]) // 2))
    return backdrop


def save_jpeg_within(image: Image.Image, path: Path, max_bytes: int = SHARE_MAX_BYTES) -> dict:
    """A baseline JPEG of pixels only (no EXIF, no ICC), at the best quality under
    max_bytes; {"width", "height", "bytes"}."""
    image = clean_rgb(image)
    for quality in SHARE_QUALITIES:
        image.save(path, "JPEG", quality=quality, optimize=True)
        if path.stat().st_size <= max_bytes:
            break
    return {"width": image.width, "height": image.height, "bytes": path.stat().st_size}


def save_share(frame: Image.Image, path: Path) -> dict:
    """The share image of a poster frame; {"width", "height", "bytes"}."""
    return save_jpeg_within(share_image(frame), path)
