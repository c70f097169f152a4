"""The typed content model: kecamatan, schools, categories, levels and showcases.

Raw YAML is validated by the pydantic `*Entry`/`FrontMatter` models; the rest of the
site only ever sees the resolved, immutable `School` and `Showcase` objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    Strict,
    StringConstraints,
)

from .messages import FIELD_HELP
from .vocab import (
    CATEGORIES,
    INNOVATION_AFFAIRS,
    INNOVATION_FORMS,
    INNOVATION_INITIATORS,
    INNOVATION_KINDS,
    INNOVATION_STAGES,
    INNOVATION_THEMES,
    LEVELS,
    SCREENING_REASONS,
    SCREENING_STATUSES,
    STATUSES,
    Category,
    Level,
)

# Each vocabulary's codes, as pydantic validates them (vocab.py is their one source). A
# Literal built at run time is no type to mypy: there, each code is a str.
if TYPE_CHECKING:
    CategoryCode = str
    LevelCode = str
    StatusCode = str
    StageCode = str
    InitiatorCode = str
    KindCode = str
    FormCode = str
    AffairCode = str
    ThemeCode = str
    ScreeningCode = str
    ReasonCode = str
else:
    CategoryCode = Literal[tuple(CATEGORIES)]
    LevelCode = Literal[tuple(LEVELS)]
    StatusCode = Literal[tuple(STATUSES)]
    StageCode = Literal[tuple(INNOVATION_STAGES)]
    InitiatorCode = Literal[tuple(INNOVATION_INITIATORS)]
    KindCode = Literal[tuple(INNOVATION_KINDS)]
    FormCode = Literal[tuple(INNOVATION_FORMS)]
    AffairCode = Literal[tuple(INNOVATION_AFFAIRS)]
    ThemeCode = Literal[tuple(INNOVATION_THEMES)]
    ScreeningCode = Literal[tuple(SCREENING_STATUSES)]
    ReasonCode = Literal[tuple(SCREENING_REASONS)]

NPSN_PATTERN = r"^[0-9A-Z]{8}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# The input contract's bounds (docs/panduan-editor.md, "Batas isian", states them).
MAX_SLUG = 100  # an address and a folder name: well under a file name's 255 bytes
MAX_TAG = 50
MAX_TAGS = 20
MAX_NAME = 150  # a school's or an innovation's name, a person's name
MAX_LINE = 500  # a path, an address, a note: one line of text
# A spreadsheet cell holds at most 32,767 characters: a longer text could not be exported
# whole, so it is refused here rather than cut later.
MAX_TEXT = 32_000


def _npsn_from_yaml(value: object) -> object:
    # An unquoted NPSN of 8 digits (no leading zero) is read by YAML as a number; the
    # loader leaves any other form (`020300002`, `0x…`, `20_300_001`) as the text typed.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _iso_date_only(value: object) -> object:
    # Only `TAHUN-BULAN-TANGGAL` is accepted: `11/10/2024` could be read either way and
    # pydantic would take a bare number (or a quoted one, `"1728604800"`) as a Unix
    # timestamp (`date: 0` → 1970-01-01).
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or len(value.strip()) != 10 or value.strip().isdigit():
        raise ValueError("iso_date")
    return value


def _indicator_number(value: object) -> int:
    # An evidence key is an indicator number as typed (`17:`): `017:` or `17.0:` would
    # silently land on the same indicator as another key.
    if isinstance(value, str) and value.isascii() and value.isdigit() and not value.startswith("0") \
            and len(value) <= 3:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 1000:
        return value
    raise ValueError("indicator_number")


def _text(max_length: int, min_length: int = 1) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=min_length,
                             max_length=max_length)


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]
NonEmptyStr = Annotated[str, _text(MAX_TEXT)]
Name = Annotated[str, _text(MAX_NAME)]
Line = Annotated[str, _text(MAX_LINE)]
Npsn = Annotated[str, BeforeValidator(_npsn_from_yaml), StringConstraints(pattern=NPSN_PATTERN)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_SLUG)]
Tag = Annotated[str, _text(MAX_TAG)]
IndicatorNumber = Annotated[int, BeforeValidator(_indicator_number)]
LongText = Annotated[str, _text(MAX_TEXT)]
# YAML gives true/false, numbers and text their own types: a quoted "true" or "2026" is
# text, never coerced (only the core schema's plain `true`/`false` are booleans).
Bool = Annotated[bool, Strict()]
Int = Annotated[int, Strict()]
Float = Annotated[float, Strict()]


def _help(key: str, default: Any = None) -> Any:
    """A field whose description is its editor's help text (the CMS form reads it)."""
    return Field(default=default, description=FIELD_HELP[key])


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- registry entries (content/data/*.yml) -------------------------------------------


class KecamatanEntry(_Strict):
    slug: Slug
    name: Name
    kemendagri_code: Annotated[str, StringConstraints(pattern=r"^33\.16\.\d{2}$")]
    dapodik_code: Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class SchoolLinks(_Strict):
    website: HttpUrl | None = None
    instagram: HttpUrl | None = None
    facebook: HttpUrl | None = None
    youtube: HttpUrl | None = None
    tiktok: HttpUrl | None = None
    maps: HttpUrl | None = None


class SchoolEntry(_Strict):
    npsn: Npsn
    name: Name
    short_name: Name
    level: LevelCode
    status: StatusCode
    kecamatan: Slug
    village: Line
    address: Line
    latitude: Annotated[Float, Field(ge=-90, le=90)] | None = None  # lintang (Dapodik)
    longitude: Annotated[Float, Field(ge=-180, le=180)] | None = None  # bujur (Dapodik)
    links: SchoolLinks = SchoolLinks()
    sample: Bool = False  # marks invented sample data


# --- showcase front matter -------------------------------------------------------------


class EvidenceEntry(_Strict):
    """The evidence for one index indicator: the parameter level chosen and its document."""

    level: Annotated[Int, Field(ge=1, le=3, description=FIELD_HELP["evidence.level"])]
    document: Line | None = _help("document")
    note: Line | None = _help("note")


class InnovationEntry(_Strict):
    """The innovation profile the Indeks Inovasi Daerah asks for, and the office's
    screening of it. Only stage, initiator and kind are required."""

    name: Name | None = _help("name")  # defaults to the showcase title
    stage: StageCode = Field(description=FIELD_HELP["stage"])
    initiator: InitiatorCode = Field(description=FIELD_HELP["initiator"])
    initiator_name: Name | None = _help("initiator_name")
    kind: KindCode = Field(description=FIELD_HELP["kind"])
    form: FormCode = _help("form", "lainnya")
    affairs: list[AffairCode] = Field(default_factory=lambda: ["pendidikan"],
                                      description=FIELD_HELP["affairs"])
    theme: ThemeCode | None = _help("theme")
    trial_start: IsoDate | None = _help("trial_start")
    implementation_start: IsoDate | None = _help("implementation_start")
    started: IsoDate | None = _help("started")  # the old single date (see FIELD_HELP)
    design: LongText | None = _help("design")
    goals: LongText | None = _help("goals")
    benefits: LongText | None = _help("benefits")
    results: LongText | None = _help("results")
    evidence: dict[IndicatorNumber, EvidenceEntry] = Field(default_factory=dict,
                                               description=FIELD_HELP["evidence"])
    screening: ScreeningCode = _help("screening", "diusulkan")
    year: Annotated[Int, Field(ge=2000, le=2100)] | None = _help("year")
    reason: ReasonCode | None = _help("reason")
    reason_note: Line | None = _help("reason_note")


class SocialLinks(_Strict):
    instagram: HttpUrl | None = None
    facebook: HttpUrl | None = None
    youtube: HttpUrl | None = None
    tiktok: HttpUrl | None = None


class FrontMatter(_Strict):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    date: IsoDate
    school: Npsn
    category: CategoryCode
    video: Line
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    tags: Annotated[list[Tag], Field(max_length=MAX_TAGS)] = Field(default_factory=list)
    consent: bool  # lax here: anything but `true` gets its own message (showcase.py)
    slug: Slug | None = None
    poster: Line | None = None
    captions: Line | None = None
    social: SocialLinks = SocialLinks()
    innovation: InnovationEntry | None = None


REQUIRED_FIELDS = tuple(n for n, f in FrontMatter.model_fields.items() if f.is_required())
KNOWN_FIELDS = tuple(FrontMatter.model_fields)


# --- resolved objects the site uses ------------------------------------------------------


@dataclass(frozen=True)
class Kecamatan:
    slug: str
    name: str
    kemendagri_code: str
    dapodik_code: str


@dataclass(frozen=True)
class School:
    npsn: str
    name: str
    short_name: str
    level: Level
    status: str
    kecamatan: Kecamatan
    village: str
    address: str
    links: dict[str, str] = field(default_factory=dict)
    sample: bool = False
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class VideoSource:
    """Where a showcase's video comes from: a file under content/, an https URL, or an
    object in a bucket (`s3://bucket/key`, or `s3:name` under KASDIKDAS_MEDIA_SOURCES)."""

    path: str | None = None  # relative to content/, POSIX separators
    url: str | None = None

    @property
    def in_bucket(self) -> bool:
        return self.url is not None and self.url.startswith("s3:")

    @property
    def is_remote(self) -> bool:
        return self.url is not None


@dataclass(frozen=True)
class Evidence:
    """One indicator's evidence as resolved: `document` is a path under content/ or an
    https URL; `from_video` when it is the showcase's own video."""

    level: int
    document: str | None
    note: str | None = None
    from_video: bool = False


@dataclass(frozen=True)
class Innovation:
    name: str
    stage: str
    initiator: str
    kind: str
    form: str
    trial_start: dt.date | None = None
    implementation_start: dt.date | None = None
    initiator_label: str | None = None  # the initiator's own name (initiator_name)
    affairs: tuple[str, ...] = ("pendidikan",)
    theme: str | None = None
    design: str | None = None
    goals: str | None = None
    benefits: str | None = None
    results: str | None = None
    evidence: dict[int, Evidence] = field(default_factory=dict)
    screening: str = "diusulkan"
    year: int | None = None
    reason: str | None = None
    reason_note: str | None = None

    @property
    def started(self) -> dt.date | None:
        """The first day it ran: implementation, else trial (kiprah.json's `started`)."""
        return self.implementation_start or self.trial_start

    @property
    def design_words(self) -> int:
        return len(self.design.split()) if self.design else 0

    @property
    def other_affairs(self) -> tuple[str, ...]:
        return tuple(a for a in self.affairs if a != "pendidikan")

    @property
    def affair_names(self) -> list[str]:
        return [INNOVATION_AFFAIRS[a] for a in self.affairs]

    @property
    def theme_name(self) -> str | None:
        return INNOVATION_THEMES[self.theme] if self.theme else None

    @property
    def screening_name(self) -> str:
        return SCREENING_STATUSES[self.screening]

    @property
    def reason_name(self) -> str | None:
        return SCREENING_REASONS[self.reason] if self.reason else None

    @property
    def stage_name(self) -> str:
        return INNOVATION_STAGES[self.stage]

    @property
    def initiator_name(self) -> str:
        return INNOVATION_INITIATORS[self.initiator]

    @property
    def kind_name(self) -> str:
        return INNOVATION_KINDS[self.kind]

    @property
    def form_name(self) -> str:
        return INNOVATION_FORMS[self.form]


@dataclass(frozen=True)
class Showcase:
    slug: str
    title: str
    date: IsoDate
    school: School
    category: Category
    video: VideoSource
    summary: str
    tags: tuple[str, ...]
    source_path: str  # relative to content/
    poster: str | None = None  # relative to content/
    captions: str | None = None  # relative to content/
    social: dict[str, str] = field(default_factory=dict)
    innovation: Innovation | None = None
    # Where it was written, for messages found after reading (a video too short): the
    # file as editors see it and the line of each front-matter key.
    shown: str = field(default="", compare=False)
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, *keys: str) -> int:
        """The line of `keys` (e.g. "innovation", "started") or of its nearest parent;
        1 (the file's first line) when the file has none of them."""
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return 1

    @property
    def level(self) -> Level:
        return self.school.level

    @property
    def kecamatan(self) -> Kecamatan:
        return self.school.kecamatan
