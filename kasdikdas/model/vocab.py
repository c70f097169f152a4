"""The fixed vocabularies, each in one place: codes as editors write them, names as
readers see them. The pydantic model (entities.py), the messages, the scaffold, the
open-data schemas and the CMS form are all made from these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def spoken(codes: Iterable[object], last: str = "atau") -> str:
    """`a, b atau c`: a vocabulary's codes in an Indonesian sentence."""
    words = [str(c) for c in codes]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


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

# Government affairs (urusan pemerintahan, UU 23/2014) an innovation may touch: a school
# innovation's main affair is always `pendidikan`; the others are cross-cutting ones.
INNOVATION_AFFAIRS = {
    "pendidikan": "Pendidikan",
    "kesehatan": "Kesehatan",
    "sosial": "Sosial",
    "lingkungan-hidup": "Lingkungan Hidup",
    "pangan": "Pangan",
    "pertanian": "Pertanian",
    "kebudayaan": "Kebudayaan",
    "kepemudaan-olahraga": "Kepemudaan dan Olahraga",
    "komunikasi-informatika": "Komunikasi dan Informatika",
    "perpustakaan": "Perpustakaan",
    "pariwisata": "Pariwisata",
    "pemberdayaan-perempuan-anak": "Pemberdayaan Perempuan dan Perlindungan Anak",
    "pemberdayaan-masyarakat-desa": "Pemberdayaan Masyarakat dan Desa",
    "administrasi-kependudukan": "Administrasi Kependudukan dan Pencatatan Sipil",
    "koperasi-ukm": "Koperasi, Usaha Kecil dan Menengah",
    "perdagangan": "Perdagangan",
}
MAIN_AFFAIR = "pendidikan"

# Themes (tematik) an index year may ask for; the year's data file (content/data/
# iid-<year>.yml) says which apply and whether one is required.
INNOVATION_THEMES = {
    "digitalisasi-layanan": "Digitalisasi Layanan Pemerintahan",
    "penanggulangan-kemiskinan": "Penanggulangan Kemiskinan",
    "kemudahan-investasi": "Kemudahan Investasi",
    "prioritas-nasional": "Prioritas Aktual Presiden (stunting, inflasi, produk dalam negeri)",
    "non-tematik": "Non Tematik",
}

# The office's screening funnel: collected (diusulkan) → assessed (dinilai) → entered in
# the index (diikutkan); or, after assessment, postponed (ditunda) or rejected (ditolak)
# with a reason.
SCREENING_STATUSES = {
    "diusulkan": "Diusulkan",
    "dinilai": "Dinilai",
    "diikutkan": "Diikutkan",
    "ditunda": "Ditunda",
    "ditolak": "Ditolak",
}
SCREENING_DROPPED = ("ditunda", "ditolak")  # the statuses that need a reason
SCREENING_ASSESSED = ("dinilai", "diikutkan", *SCREENING_DROPPED)  # passed the assessment step
SCREENING_REASONS = {
    "inovator-mutasi": "Inovator mutasi atau pindah tugas",
    "masih-rancangan": "Masih rancangan, belum dijalankan",
    "bukti-kurang": "Bukti dukung kurang",
    "di-luar-rentang": "Di luar rentang waktu tahun penilaian",
    "sama-dengan-lain": "Sama dengan inovasi lain yang diikutkan",
    "tidak-berlanjut": "Tidak dilanjutkan oleh sekolah",
    "lainnya": "Alasan lain (jelaskan di reason_note)",
}
