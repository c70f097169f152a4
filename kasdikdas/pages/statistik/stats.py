"""Counts and coverage of the showcases against the school registry (pure functions).

Every grouping lists all of its members, zeros included: a kecamatan without a single
showcase is exactly what Diknas needs to see.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kasdikdas.model.entities import Kecamatan, School, Showcase
from kasdikdas.model.vocab import CATEGORIES, LEVELS


@dataclass(frozen=True)
class Tally:
    """One row of a count: a label and how many showcases it has."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Share:
    """How many of `total` schools are covered (took part, or have an innovation)."""

    key: str
    label: str
    covered: int
    total: int

    @property
    def fraction(self) -> float | None:
        return self.covered / self.total if self.total else None


def tally(
    showcases: Iterable[Showcase], key: Callable[[Showcase], str], groups: list[tuple[str, str]]
) -> list[Tally]:
    counts = Counter(key(s) for s in showcases)
    return [Tally(k, label, counts[k]) for k, label in groups]


def by_level(showcases) -> list[Tally]:
    return tally(showcases, lambda s: s.level.code, [(lv.code, lv.code) for lv in LEVELS.values()])


def by_category(showcases) -> list[Tally]:
    return tally(
        showcases, lambda s: s.category.slug, [(c.slug, c.name) for c in CATEGORIES.values()]
    )


def by_kecamatan(showcases, kecamatan: dict[str, Kecamatan]) -> list[Tally]:
    return tally(
        showcases, lambda s: s.kecamatan.slug, [(k.slug, k.name) for k in kecamatan.values()]
    )


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first`'s to `last`'s, both included."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def by_month(showcases, month_label: Callable[[dt.date], str]) -> list[Tally]:
    """Showcases per month, oldest first, months without any included."""
    dates = [s.date for s in showcases]
    if not dates:
        return []
    months = months_between(min(dates), max(dates))
    return tally(
        showcases,
        lambda s: s.date.strftime("%Y-%m"),
        [(m.strftime("%Y-%m"), month_label(m)) for m in months],
    )


def shares(
    schools: Iterable[School],
    covered: set[str],
    key: Callable[[School], str],
    groups: list[tuple[str, str]],
) -> list[Share]:
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for school in schools:
        total[key(school)] += 1
        hit[key(school)] += school.npsn in covered
    return [Share(k, label, hit[k], total[k]) for k, label in groups]


@dataclass(frozen=True)
class Coverage:
    overall: Share
    by_level: list[Share]
    by_kecamatan: list[Share]
    missing: list[School]  # schools not covered, by kecamatan then name


def coverage(
    schools: list[School],
    kecamatan: dict[str, Kecamatan],
    covered: set[str],
    label: str = "Semua sekolah",
) -> Coverage:
    schools = list(schools)
    overall = Share("semua", label, sum(s.npsn in covered for s in schools), len(schools))
    levels = shares(
        schools, covered, lambda s: s.level.code, [(lv.code, lv.code) for lv in LEVELS.values()]
    )
    places = shares(
        schools, covered, lambda s: s.kecamatan.slug, [(k.slug, k.name) for k in kecamatan.values()]
    )
    order = {slug: i for i, slug in enumerate(kecamatan)}
    missing = sorted(
        (s for s in schools if s.npsn not in covered),
        key=lambda s: (order.get(s.kecamatan.slug, len(order)), s.name),
    )
    return Coverage(overall, levels, places, missing)


def innovation_by_year(showcases, schools: list[School]) -> list[Share]:
    """ "1 sekolah 1 inovasi" per year: schools with an innovation showcase dated that year."""
    years: dict[int, set[str]] = {}
    for s in showcases:
        if s.innovation is not None:
            years.setdefault(s.date.year, set()).add(s.school.npsn)
    return [
        Share(str(year), str(year), len(npsns), len(schools))
        for year, npsns in sorted(years.items())
    ]


def participating(showcases) -> set[str]:
    return {s.school.npsn for s in showcases}


def innovating(showcases) -> set[str]:
    return {s.school.npsn for s in showcases if s.innovation is not None}
