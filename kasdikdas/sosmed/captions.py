"""The words posted with the kit: a caption per platform within its limits, with
hashtags from content/data/tagar.yml (program, office, level, category, kecamatan) and
the showcase's labels, and the page's address."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

# Platform limits (2026): characters, hashtags; X counts any link as 23 characters.
LIMITS = {"instagram": 2200, "facebook": 2200, "tiktok": 2200, "youtube": 100, "x": 280}
MAX_HASHTAGS = 30
X_LINK = 23
TAGS_FILE = "data/tagar.yml"


def camel(text: str) -> str:
    """"Kreativitas Siswa" → "KreativitasSiswa": a hashtag's letters and digits only."""
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[0-9A-Za-z]+", text))


def load_tags(content: Path) -> dict:
    with open(content / TAGS_FILE, encoding="utf-8") as stream:
        return yaml.safe_load(stream) or {}


def hashtags(showcase, tags: dict) -> list[str]:
    """Program and office first, then level, category, kecamatan and the labels; each
    once (case-insensitively), at most MAX_HASHTAGS."""
    words = [*tags.get("program", []), *tags.get("dinas", []),
             tags.get("jenjang", {}).get(showcase.level.slug) or camel(showcase.level.code),
             tags.get("kategori", {}).get(showcase.category.slug) or camel(showcase.category.name),
             tags.get("kecamatan", "{nama}").format(nama=camel(showcase.kecamatan.name)),
             *(camel(tag) for tag in showcase.tags)]
    found, seen = [], set()
    for word in words:
        word = camel(word)
        if word and word.lower() not in seen:
            seen.add(word.lower())
            found.append(f"#{word}")
    return found[:MAX_HASHTAGS]


def x_length(text: str) -> int:
    """The length X counts: every http(s) link as 23 characters."""
    return len(re.sub(r"https?://\S+", "x" * X_LINK, text))


def long_caption(showcase, url: str, tags: list[str], limit: int) -> str:
    head = f"{showcase.title}\n\n{showcase.summary}\n\n{showcase.school.name} · Kecamatan " \
           f"{showcase.kecamatan.name}, Kabupaten Blora\nTonton selengkapnya: {url}"
    text = f"{head}\n\n{' '.join(tags)}"
    while len(text) > limit and tags:
        tags = tags[:-1]
        text = f"{head}\n\n{' '.join(tags)}".rstrip()
    return text[:limit]


def x_caption(showcase, url: str, tags: list[str]) -> str:
    title = showcase.title
    while True:
        for count in range(min(3, len(tags)), -1, -1):
            text = f"{title} · {showcase.school.short_name}\n{url}"
            if count:
                text += "\n" + " ".join(tags[:count])
            if x_length(text) <= LIMITS["x"]:
                return text
        title = title[:-2].rstrip() + "…"


def youtube_title(showcase) -> str:
    suffix = f" · {showcase.school.short_name} #Shorts"
    title = showcase.title
    if len(title) + len(suffix) > LIMITS["youtube"]:
        title = title[:LIMITS["youtube"] - len(suffix) - 1].rstrip() + "…"
    return title + suffix


def captions_for(showcase, url: str, tags: dict) -> dict[str, str]:
    """{platform: text}; YouTube's entry is the Short's title (≤ 100 characters), its
    description is the long caption ("youtube-deskripsi")."""
    found = hashtags(showcase, tags)
    long = {p: long_caption(showcase, url, found, LIMITS[p])
            for p in ("instagram", "facebook", "tiktok")}
    return {**long, "x": x_caption(showcase, url, found), "youtube": youtube_title(showcase),
            "youtube-deskripsi": long_caption(showcase, url, found, 5000)}
