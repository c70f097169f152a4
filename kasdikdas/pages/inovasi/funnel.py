"""The office's screening funnel for one index year, and each innovation's readiness,
as the /inovasi/ pages show them (pure functions over resolved showcases).

collected (every innovation of the year) → assessed (dinilai, diikutkan, ditunda,
ditolak: the office looked at it) → entered (diikutkan); the dropped ones by reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kasdikdas.model.iid import Readiness, readiness, rules_for
from kasdikdas.model.vocab import (
    SCREENING_ASSESSED,
    SCREENING_DROPPED,
    SCREENING_REASONS,
    SCREENING_STATUSES,
)


@dataclass(frozen=True)
class Dropped:
    reason: str
    name: str
    count: int


@dataclass(frozen=True)
class Funnel:
    year: int
    collected: int
    assessed: int
    entered: int
    by_status: dict[str, int]  # every status of SCREENING_STATUSES, zero included
    dropped: tuple[Dropped, ...]  # by reason, most frequent first (ditunda and ditolak)

    @property
    def steps(self) -> list[tuple[str, int]]:
        return [("Dikumpulkan", self.collected), ("Dinilai", self.assessed),
                ("Diikutkan", self.entered)]

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        return [(code, name, self.by_status[code]) for code, name in SCREENING_STATUSES.items()]


def innovations_of(showcases, year: int) -> list:
    return [s for s in showcases if s.innovation and s.innovation.year == year]


def years_of(showcases) -> list[int]:
    """The index years innovations are recorded for, newest first."""
    return sorted({s.innovation.year for s in showcases
                   if s.innovation and s.innovation.year is not None}, reverse=True)


def funnel(showcases, year: int) -> Funnel:
    innovations = [s.innovation for s in innovations_of(showcases, year)]
    statuses = Counter(i.screening for i in innovations)
    reasons = Counter(i.reason for i in innovations if i.screening in SCREENING_DROPPED)
    dropped = tuple(Dropped(code, SCREENING_REASONS[code], n)
                    for code, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))
    return Funnel(
        year=year,
        collected=len(innovations),
        assessed=sum(statuses[s] for s in SCREENING_ASSESSED),
        entered=statuses["diikutkan"],
        by_status={code: statuses[code] for code in SCREENING_STATUSES},
        dropped=dropped,
    )


def readiness_by_slug(showcases, all_rules) -> dict[str, Readiness]:
    """Each innovation's readiness under its year's rules (none without rules)."""
    result = {}
    for s in showcases:
        if s.innovation is None:
            continue
        rules = rules_for(s.innovation.year, all_rules)
        if rules is not None:
            result[s.slug] = readiness(s.innovation, rules)
    return result
