"""The typed content model: kecamatan, schools, categories, levels and showcases.

Raw YAML is validated by the pydantic `*Entry`/`FrontMatter` models; the rest of the
site only ever sees the resolved, immutable `School` and `Showcase` objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
)

# --- fixed vocabularies ------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    description: str


CATEGORIES: dict[str, Category] = {
    c.slug: c
    for c in (
        Category(
            "kreativitas-siswa",
            "Kreativitas Siswa",
            "Karya, pentas dan prestasi yang lahir dari kreativitas murid.",
        ),
        Category(
            "inovasi-pembelajaran",
            "Inovasi Pembelajaran",
            "Cara baru guru dan sekolah membuat murid belajar lebih bermakna.",
        ),
        Category(
            "kegiatan-sekolah",
            "Kegiatan Sekolah",
            "Kegiatan rutin dan istimewa yang menghidupkan sekolah.",
        ),
    )
}


@dataclass(frozen=True)
class Level:
    code: str  # as in Dapodik: SD, SMP
    slug: str  # for URLs: sd, smp
    name: str


LEVELS: dict[str, Level] = {
    lv.code: lv
    for lv in (
        Level("SD", "sd", "Sekolah Dasar"),
        Level("SMP", "smp", "Sekolah Menengah Pertama"),
    )
}

STATUSES = ("negeri", "swasta")

INNOVATION_STAGES = {"inisiatif": "Inisiatif", "uji-coba": "Uji Coba", "penerapan": "Penerapan"}
INNOVATION_INITIATORS = {
    "kepala-daerah": "Kepala Daerah",
    "anggota-dprd": "Anggota DPRD",
    "perangkat-daerah": "Perangkat Daerah",
    "asn": "ASN",
    "masyarakat": "Masyarakat",
}
INNOVATION_KINDS = {"digital": "Digital", "non-digital": "Non Digital"}
INNOVATION_FORMS = {
    "pelayanan-publik": "Inovasi Pelayanan Publik",
    "tata-kelola": "Inovasi Tata Kelola Pemerintahan Daerah",
    "lainnya": "Inovasi Daerah Lainnya sesuai Urusan Pemerintahan",
}

NPSN_PATTERN = r"^[0-9A-Z]{8}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _npsn_from_yaml(value):
    # An unquoted NPSN is read by YAML as a number; accept it when it has 8 digits.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _iso_date_only(value):
    # Only `TAHUN-BULAN-TANGGAL` is accepted: `11/10/2024` could be read either way and
    # pydantic would take a bare number as a Unix timestamp (`date: 0` → 1970-01-01).
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or len(value.strip()) != 10:
        raise ValueError("iso_date")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]
NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Npsn = Annotated[str, BeforeValidator(_npsn_from_yaml), StringConstraints(pattern=NPSN_PATTERN)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- registry entries (content/data/*.yml) -------------------------------------------


class KecamatanEntry(_Strict):
    slug: Slug
    name: NonEmptyStr
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
    name: NonEmptyStr
    short_name: NonEmptyStr
    level: Literal["SD", "SMP"]
    status: Literal["negeri", "swasta"]
    kecamatan: Slug
    village: NonEmptyStr
    address: NonEmptyStr
    links: SchoolLinks = SchoolLinks()
    sample: bool = False  # marks invented sample data


# --- showcase front matter -------------------------------------------------------------


class InnovationEntry(_Strict):
    name: NonEmptyStr | None = None  # defaults to the showcase title
    stage: Literal["inisiatif", "uji-coba", "penerapan"]
    initiator: Literal["kepala-daerah", "anggota-dprd", "perangkat-daerah", "asn", "masyarakat"]
    kind: Literal["digital", "non-digital"]
    form: Literal["pelayanan-publik", "tata-kelola", "lainnya"] = "lainnya"
    started: IsoDate | None = None


class SocialLinks(_Strict):
    instagram: HttpUrl | None = None
    facebook: HttpUrl | None = None
    youtube: HttpUrl | None = None
    tiktok: HttpUrl | None = None


class FrontMatter(_Strict):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    date: IsoDate
    school: Npsn
    category: Literal["kreativitas-siswa", "inovasi-pembelajaran", "kegiatan-sekolah"]
    video: NonEmptyStr
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    tags: list[NonEmptyStr] = Field(default_factory=list)
    consent: bool
    slug: Slug | None = None
    poster: NonEmptyStr | None = None
    captions: NonEmptyStr | None = None
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
class Innovation:
    name: str
    stage: str
    initiator: str
    kind: str
    form: str
    started: dt.date | None

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
    lines: dict[tuple[str, ...], int] = field(default_factory=dict, compare=False, repr=False)

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
