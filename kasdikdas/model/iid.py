"""The year's rules of the Indeks Inovasi Daerah (content/data/iid-<year>.yml) and the
readiness of one innovation under them.

The indicator list, weights, mandatory flags, eligibility window and scoring rule are
data: next year's rules are a new file, not a code change. The score is an ESTIMATE:

    score = sum(weight × chosen level, over indicators with evidence) / divisor

(the rule and source are written in the data file itself; the regional index divides
the sum over all innovations by MAX(12, n), for one innovation the divisor is 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .entities import (Bool, Evidence, Float, Innovation, Int, IsoDate, NonEmptyStr,
                       ThemeCode)
from .messages import problems_from_validation
from .paths import display_path, read_yaml
from .problems import Problem

RULES_GLOB = "iid-*.yml"
_YEAR_IN_NAME = re.compile(r"^iid-(\d{4})\.yml$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Indicator(_Strict):
    number: Annotated[Int, Field(ge=1, le=999)]
    name: NonEmptyStr
    weight: Annotated[Float, Field(gt=0, le=1000)]
    mandatory: Bool
    evidence: NonEmptyStr  # what the index asks for as proof
    showcase_video: Bool = False  # the showcase's video is this indicator's evidence


class Predicate(_Strict):
    name: NonEmptyStr
    min: Float


class Scoring(_Strict):
    rule: NonEmptyStr
    divisor: Annotated[Float, Field(gt=0)] = 1
    level_min: Int = 1
    level_max: Int = 3
    predicates: Annotated[list[Predicate], Field(min_length=1, max_length=100)]


class IndexRules(_Strict):
    year: Annotated[Int, Field(ge=2000, le=2100)]
    source: NonEmptyStr
    checked: IsoDate
    scoring: Scoring
    eligible_from: IsoDate
    eligible_until: IsoDate
    theme_required: Bool = False
    themes: list[ThemeCode] = Field(default_factory=list)
    design_min_words: Annotated[Int, Field(ge=0, le=100_000)] = 300
    indicators: Annotated[list[Indicator], Field(max_length=1000)]

    @property
    def by_number(self) -> dict[int, Indicator]:
        return {i.number: i for i in self.indicators}

    @property
    def mandatory(self) -> list[Indicator]:
        return [i for i in self.indicators if i.mandatory]

    @property
    def max_score(self) -> float:
        return sum(i.weight for i in self.indicators) * self.scoring.level_max / self.scoring.divisor

    def predicate(self, score: float) -> str:
        """The first predicate (highest first) whose lower bound `score` reaches."""
        for p in sorted(self.scoring.predicates, key=lambda p: p.min, reverse=True):
            if score >= p.min:
                return p.name
        return self.scoring.predicates[-1].name


def load_index_rules(folder: Path) -> tuple[dict[int, IndexRules], list[Problem]]:
    """Every `iid-<year>.yml` in `folder`, by year; each file's problems."""

    rules: dict[int, IndexRules] = {}
    problems: list[Problem] = []
    for path in sorted(Path(folder).glob(RULES_GLOB)):
        shown = display_path(path)
        named = _YEAR_IN_NAME.match(path.name)
        parsed, read_problems = read_yaml(path, shown)
        problems += read_problems
        if parsed is None:
            continue
        try:
            entry = IndexRules.model_validate(parsed.data)
        except ValidationError as exc:
            problems += problems_from_validation(exc, shown, parsed, tuple(IndexRules.model_fields),
                                                 whole="berkas")
            continue
        numbers = [i.number for i in entry.indicators]
        if len(set(numbers)) != len(numbers):
            problems.append(Problem(shown, parsed.line_of(("indicators",)), "indicators",
                                    "ada nomor indikator yang ditulis dua kali",
                                    "setiap indikator tercatat sekali"))
            continue
        if not named or int(named.group(1)) != entry.year:
            problems.append(Problem(shown, parsed.line_of(("year",)), "year",
                                    f"tahun {entry.year} tidak sama dengan nama berkas {path.name}",
                                    f"namai berkas iid-{entry.year}.yml"))
            continue
        rules[entry.year] = entry
    return rules, problems


# --- readiness ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    evidence: Evidence | None  # None when there is none yet

    @property
    def points(self) -> float:
        return self.indicator.weight * self.evidence.level if self.evidence else 0


@dataclass(frozen=True)
class Readiness:
    """How far one innovation is from being entered in the index (an estimate)."""

    rules: IndexRules
    rows: tuple[IndicatorRow, ...]
    gaps: tuple[str, ...]  # what still blocks entry, in the editor's words

    @property
    def with_evidence(self) -> list[int]:
        return [r.indicator.number for r in self.rows if r.evidence]

    @property
    def missing_mandatory(self) -> list[Indicator]:
        return [r.indicator for r in self.rows if r.indicator.mandatory and not r.evidence]

    @property
    def score(self) -> float:
        return round(sum(r.points for r in self.rows) / self.rules.scoring.divisor, 2)

    @property
    def predicate(self) -> str:
        return self.rules.predicate(self.score)

    @property
    def ready(self) -> bool:
        return not self.gaps


def entry_gaps(innovation: Innovation, rules: IndexRules) -> list[str]:
    """What an innovation still lacks before it may be entered (status `diikutkan`)."""
    gaps = []
    missing = [i for i in rules.mandatory if i.number not in innovation.evidence]
    if missing:
        gaps.append("bukti indikator wajib belum ada: "
                    + ", ".join(f"{i.number} {i.name}" for i in missing))
    if innovation.design_words < rules.design_min_words:
        gaps.append(f"rancang bangun {innovation.design_words} kata, "
                    f"indeks meminta paling sedikit {rules.design_min_words}")
    for key, label in (("goals", "tujuan"), ("benefits", "manfaat"), ("results", "hasil")):
        if not getattr(innovation, key):
            gaps.append(f"{label} inovasi belum ditulis")
    if rules.theme_required and not innovation.theme:
        gaps.append(f"tematik tahun {rules.year} belum dipilih")
    if innovation.stage != "penerapan":
        gaps.append("inovasi belum sampai tahap penerapan")
    start = innovation.implementation_start
    if start and not rules.eligible_from <= start <= rules.eligible_until:
        gaps.append(f"waktu penerapan {start.isoformat()} di luar rentang tahun {rules.year} "
                    f"({rules.eligible_from.isoformat()} s.d. {rules.eligible_until.isoformat()})")
    return gaps


def readiness(innovation: Innovation, rules: IndexRules) -> Readiness:
    rows = tuple(IndicatorRow(i, innovation.evidence.get(i.number)) for i in rules.indicators)
    return Readiness(rules, rows, tuple(entry_gaps(innovation, rules)))


def rules_for(year: int | None, all_rules: dict[int, IndexRules]) -> IndexRules | None:
    """The rules of `year`, or of the latest year when `year` is None."""
    if not all_rules:
        return None
    return all_rules.get(year if year is not None else max(all_rules))

