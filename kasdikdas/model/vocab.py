"""The fixed vocabularies, each in one place: codes as editors write them, names as
readers see them. The pydantic model (entities.py), the messages, the scaffold, the
open-data schemas and the CMS form are all made from these.
"""

from __future__ import annotations

from dataclasses import dataclass


def spoken(codes, last: str = "atau") -> str:
    """`a, b atau c`: a vocabulary's codes in an Indonesian sentence."""
    codes = [str(c) for c in codes]
    return codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} {last} {codes[-1]}"


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

STATUSES = {"negeri": "Negeri", "swasta": "Swasta"}

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
