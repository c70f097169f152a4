"""The innovation inventory as listings: all innovations, and every filter by stage,
by level and by both, each a plain page so filtering works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasdikdas.model.vocab import INNOVATION_STAGES, LEVELS, Level
from .settings import InovasiSettings


@dataclass(frozen=True)
class Listing:
    stage: str | None  # None: every stage
    level: Level | None  # None: every level
    items: list  # articles (anything with `.showcase`), newest first
    url: str
    save_as: str

    @property
    def key(self) -> tuple[str | None, str | None]:
        return self.stage, self.level.code if self.level else None

    @property
    def title(self) -> str:
        parts = ["Inovasi sekolah"]
        if self.stage:
            parts.append(f"tahap {INNOVATION_STAGES[self.stage]}")
        if self.level:
            parts.append(f"jenjang {self.level.code}")
        return ", ".join(parts)


@dataclass(frozen=True)
class FilterLink:
    label: str
    url: str
    count: int
    current: bool


def profile_url(settings: dict, slug: str) -> str:
    """An innovation's profile page: `inovasi/<slug>/`."""
    return InovasiSettings.read(settings).INOVASI_PROFILE_URL.format(slug=slug)


def listing_url(base: str, stage: str | None, level: Level | None) -> str:
    """`inovasi/`, `inovasi/uji-coba/`, `inovasi/sd/`, `inovasi/uji-coba/sd/`."""
    parts = [base.strip("/"), stage, level.slug if level else None]
    return "/".join(p for p in parts if p) + "/"


def listings(articles, base: str = "inovasi/") -> list[Listing]:
    """One listing per (stage or all) × (level or all); empty ones too, so every
    filter link leads somewhere."""
    innovative = [a for a in articles if getattr(a, "showcase", None) and a.showcase.innovation]
    result = []
    for stage in (None, *INNOVATION_STAGES):
        for level in (None, *LEVELS.values()):
            items = [
                a
                for a in innovative
                if (stage is None or a.showcase.innovation.stage == stage)
                and (level is None or a.showcase.level.code == level.code)
            ]
            url = listing_url(base, stage, level)
            result.append(Listing(stage, level, items, url, url + "index.html"))
    return result


def filter_links(
    all_listings: list[Listing], current: Listing
) -> tuple[list[FilterLink], list[FilterLink]]:
    """Links to change the stage (keeping the level) and to change the level (keeping the stage)."""
    by_key = {lst.key: lst for lst in all_listings}
    level_code = current.level.code if current.level else None

    def link(label, key):
        target = by_key[key]
        return FilterLink(label, target.url, len(target.items), target is current)

    stages = [link("Semua tahap", (None, level_code))]
    stages += [link(name, (slug, level_code)) for slug, name in INNOVATION_STAGES.items()]
    levels = [link("Semua jenjang", (current.stage, None))]
    levels += [link(lv.code, (current.stage, lv.code)) for lv in LEVELS.values()]
    return stages, levels
