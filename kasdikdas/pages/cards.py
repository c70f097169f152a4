"""Share cards for school and group pages (og:image): the page's name drawn on the
site's colours, 1200×630 JPEG, drawn once per text and kept in the media cache."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from ..files import link_or_copy
from ..media.cache import digest
from ..media.fonts import font, font_path, wrap
from ..media.inspect import cache_for
from ..media.poster import SHARE_SIZE, save_jpeg_within
from .view import ShareImage

CARD_VERSION = 1
OUTPUT_DIR = "kartu"  # output/kartu/<kind>/<slug>-<key>.jpg: on the site, not in a media bucket
GREEN, YELLOW, WHITE = (11, 93, 59), (245, 196, 0), (255, 255, 255)
KIND_LINES = {"school": "Sekolah", "level": "Jenjang", "category": "Kategori",
              "kecamatan": "Kecamatan"}


def card_lines(group, sitename: str) -> tuple[str, str, str]:
    """(name, what it is, footer) drawn on a group's card."""
    item = group.item
    if group.kind == "school":
        detail = f"NPSN {item.npsn} · Kecamatan {item.kecamatan.name}"
        name = item.name
    elif group.kind == "kecamatan":
        name, detail = f"Kecamatan {group.name}", "Kabupaten Blora"
    else:
        name, detail = group.name, KIND_LINES[group.kind]
    return name, detail, f"{sitename} · Dinas Pendidikan Kabupaten Blora"


def draw_card(name: str, detail: str, footer: str) -> Image.Image:
    width, height = SHARE_SIZE
    image = Image.new("RGB", SHARE_SIZE, GREEN)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - 24, width, height), fill=YELLOW)
    margin, y = 80, 110
    title = font(72)
    for line in wrap(name, title, width - 2 * margin, 3):
        draw.text((margin, y), line, font=title, fill=WHITE)
        y += 88
    draw.text((margin, y + 20), detail, font=font(40, bold=False), fill=YELLOW)
    draw.text((margin, height - 110), footer, font=font(32, bold=False), fill=WHITE)
    return image


def card_for(group, settings: dict, cache) -> tuple[ShareImage, Path]:
    """The group's card (drawn unless cached) and the cache file it is published from."""
    lines = card_lines(group, settings["SITENAME"])
    key = digest([CARD_VERSION, lines, str(font_path())])[:16]
    cached = cache.path("kartu", f"{key}.jpg")
    record = cache.path("kartu", f"{key}.json")
    info = cache.read_json(record)
    if info is None or not cached.is_file():
        with cache.writing(cached) as tmp:
            info = save_jpeg_within(draw_card(*lines), tmp)
        cache.write_json(record, info)
    url = f"{OUTPUT_DIR}/{group.kind}/{group.slug}-{key[:8]}.jpg"
    return ShareImage(url, info["width"], info["height"], " · ".join(lines[:2])), cached


def attach_cards(groups: dict, settings: dict) -> list[tuple[str, Path]]:
    """Give every group its `card`; return (url, cache file) pairs to publish."""
    cache = cache_for(settings)
    files = []
    for groupset in groups.values():
        for group in groupset:
            group.card, cached = card_for(group, settings, cache)
            files.append((group.card.url, cached))
    return files


def publish_cards(files: list[tuple[str, Path]], output_path: Path) -> None:
    for url, cached in files:
        target = Path(output_path) / url
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.unlink()
        link_or_copy(cached, target)
