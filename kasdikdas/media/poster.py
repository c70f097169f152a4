"""Posters through Pillow: pick a representative frame, write WebP + JPEG + a placeholder.

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

from PIL import Image, ImageOps, ImageStat

DARK, BRIGHT = 24, 235


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
    palette = small.getpalette()
    count, index = max(small.getcolors())
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
