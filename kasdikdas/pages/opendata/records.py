"""Rows of the open data files, built from the validated model (pure functions).

Keys are English snake_case like the content model's; values readers see stay in
Bahasa Indonesia. Every column is described once, in Indonesian, in COLUMNS: the
/data/ page documents the files from that same list, so the two never drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from kasdikdas.model.entities import Showcase
from kasdikdas.model.vocab import CATEGORIES, LEVELS, spoken

from .media import MediaFacts
from .schema import SCHEMA_VERSION



@dataclass(frozen=True)
class Entry:
    """One published showcase: the model, its page URL (site-relative) and its video facts."""

    showcase: Showcase
    url: str
    media: MediaFacts = field(default_factory=MediaFacts)


@dataclass(frozen=True)
class Column:
    key: str
    description: str  # Indonesian, shown on /data/


def absolute(siteurl: str, url: str | None) -> str | None:
    """A site-relative URL made absolute with SITEURL (or root-relative without one)."""
    if not url:
        return None
    if url.startswith(("http://", "https://")):
        return url
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def category_column(slug: str) -> str:
    return slug.replace("-", "_")


# --- kiprah.json / kiprah.csv -----------------------------------------------------------


def showcase_record(entry: Entry, siteurl: str) -> dict:
    """One showcase as in kiprah.json (the schema in kiprah.v1.schema.json)."""
    s, media = entry.showcase, entry.media
    inn = s.innovation
    return {
        "slug": s.slug,
        "url": absolute(siteurl, entry.url),
        "title": s.title,
        "date": s.date.isoformat(),
        "summary": s.summary,
        "npsn": s.school.npsn,
        "school": s.school.name,
        "level": s.level.code,
        "kecamatan": s.kecamatan.slug,
        "kecamatan_code": s.kecamatan.kemendagri_code,
        "kecamatan_name": s.kecamatan.name,
        "category": s.category.slug,
        "category_name": s.category.name,
        "tags": list(s.tags),
        "duration_seconds": media.duration,
        "tiers": [
            {"name": t.name, "codec": t.codec, "height": t.height, "bytes": t.bytes,
             "url": absolute(siteurl, t.url)}
            for t in media.tiers
        ],
        "poster_url": absolute(siteurl, media.poster),
        "innovation": None
        if inn is None
        else {
            "name": inn.name,
            "stage": inn.stage,
            "initiator": inn.initiator,
            "kind": inn.kind,
            "form": inn.form,
            "started": inn.started.isoformat() if inn.started else None,
            # optional since the innovation profile (inovasi.csv has every field)
            "initiator_name": inn.initiator_label,
            "affairs": list(inn.affairs),
            "theme": inn.theme,
            "trial_start": inn.trial_start.isoformat() if inn.trial_start else None,
            "implementation_start": (inn.implementation_start.isoformat()
                                     if inn.implementation_start else None),
            "screening": inn.screening,
            "year": inn.year,
            "reason": inn.reason,
        },
    }


def kiprah_document(entries: list[Entry], siteurl: str, schema_name: str) -> dict:
    records = [showcase_record(e, siteurl) for e in entries]
    return {
        "schema": schema_name,
        "schema_version": SCHEMA_VERSION,
        "count": len(records),
        "showcases": records,
    }


KIPRAH_COLUMNS = [
    Column("slug", "kode unik kiprah, bagian akhir alamat halamannya"),
    Column("url", "alamat halaman kiprah"),
    Column("title", "judul kiprah"),
    Column("date", "tanggal kegiatan (TAHUN-BULAN-TANGGAL)"),
    Column("summary", "ringkasan satu kalimat"),
    Column("npsn", "NPSN sekolah (8 karakter)"),
    Column("school", "nama sekolah seperti di Dapodik"),
    Column("level", f"jenjang: {spoken(LEVELS)}"),
    Column("kecamatan", "kode kecamatan (huruf kecil, tanda hubung)"),
    Column("kecamatan_code", "kode kecamatan Kemendagri (33.16.xx)"),
    Column("kecamatan_name", "nama kecamatan"),
    Column("category", f"kode kategori: {spoken(CATEGORIES)}"),
    Column("category_name", "nama kategori"),
    Column("tags", "label, dipisah titik koma (di JSON: daftar)"),
    Column("duration_seconds", "durasi video dalam detik (kosong bila belum diukur)"),
    Column(
        "tiers",
        "ukuran video yang tersedia, tingkat=byte dipisah titik koma; berkas AV1 ditandai "
        "-av1, mis. hemat-av1=512345; hemat=812345; standar-av1=1002000; standar=1645000 "
        "(di JSON: daftar dengan name, codec, height, bytes, url)",
    ),
    Column("poster_url", "alamat gambar poster video (kosong bila belum ada)"),
    Column("innovation_name", "nama inovasi (kosong bila kiprah ini bukan inovasi)"),
    Column("innovation_stage", "tahapan inovasi: inisiatif, uji-coba atau penerapan"),
    Column(
        "innovation_initiator",
        "inisiator: kepala-daerah, anggota-dprd, perangkat-daerah, asn atau masyarakat",
    ),
    Column("innovation_kind", "jenis inovasi: digital atau non-digital"),
    Column("innovation_form", "bentuk inovasi: pelayanan-publik, tata-kelola atau lainnya"),
    Column("innovation_started", "tanggal inovasi mulai dijalankan (TAHUN-BULAN-TANGGAL)"),
]


def tier_key(tier: dict) -> str:
    """A tier's name in the CSV: `hemat` for H.264 (as before AV1 came), `hemat-av1`."""
    return f"{tier['name']}-av1" if tier.get("codec") == "av1" else tier["name"]


def kiprah_csv_row(record: dict) -> dict:
    """Flatten a kiprah.json record into one CSV row (lists joined with `; `)."""
    row = {k: record[k] for k in (c.key for c in KIPRAH_COLUMNS) if k in record}
    row["tags"] = "; ".join(record["tags"])
    row["tiers"] = "; ".join(
        f"{tier_key(t)}={t['bytes'] if t['bytes'] is not None else ''}" for t in record["tiers"]
    )
    inn = record["innovation"] or {}
    for key in ("name", "stage", "initiator", "kind", "form", "started"):
        row[f"innovation_{key}"] = inn.get(key)
    return row


# --- sekolah.csv ----------------------------------------------------------------------------


def school_columns() -> list[Column]:
    per_category = [
        Column(category_column(c.slug), f"jumlah kiprah kategori {c.name}")
        for c in CATEGORIES.values()
    ]
    return [
        Column("npsn", "NPSN sekolah"),
        Column("name", "nama sekolah seperti di Dapodik"),
        Column("short_name", "nama singkat"),
        Column("level", f"jenjang: {spoken(LEVELS)}"),
        Column("status", "negeri atau swasta"),
        Column("kecamatan", "kode kecamatan (huruf kecil, tanda hubung)"),
        Column("kecamatan_code", "kode kecamatan Kemendagri (33.16.xx)"),
        Column("kecamatan_name", "nama kecamatan"),
        Column("village", "desa/kelurahan"),
        Column("latitude", "lintang lokasi sekolah (derajat desimal; kosong bila belum ada)"),
        Column("longitude", "bujur lokasi sekolah (derajat desimal; kosong bila belum ada)"),
        Column("url", "alamat halaman sekolah"),
        Column("showcases", "jumlah seluruh kiprah sekolah ini (0 = belum berpartisipasi)"),
        *per_category,
        Column("innovations", "jumlah kiprah yang dicatat sebagai inovasi"),
        Column("latest_showcase", "tanggal kiprah terbaru (kosong bila belum ada)"),
    ]


def school_rows(schools, entries: list[Entry], siteurl: str, school_url: str) -> list[dict]:
    """Every registry school (sorted by NPSN) with its counts; schools without showcases too."""
    total: Counter[str] = Counter()
    innovations: Counter[str] = Counter()
    by_category: Counter[tuple[str, str]] = Counter()
    latest: dict[str, dt.date] = {}
    for e in entries:
        npsn = e.showcase.school.npsn
        total[npsn] += 1
        by_category[npsn, e.showcase.category.slug] += 1
        innovations[npsn] += e.showcase.innovation is not None
        latest[npsn] = max(latest.get(npsn, e.showcase.date), e.showcase.date)
    rows = []
    for school in sorted(schools, key=lambda s: s.npsn):
        n = school.npsn
        rows.append(
            {
                "npsn": n,
                "name": school.name,
                "short_name": school.short_name,
                "level": school.level.code,
                "status": school.status,
                "kecamatan": school.kecamatan.slug,
                "kecamatan_code": school.kecamatan.kemendagri_code,
                "kecamatan_name": school.kecamatan.name,
                "village": school.village,
                "latitude": school.latitude,
                "longitude": school.longitude,
                "url": absolute(siteurl, school_url.format(slug=n)),
                "showcases": total[n],
                **{category_column(c): by_category[n, c] for c in CATEGORIES},
                "innovations": innovations[n],
                "latest_showcase": latest[n].isoformat() if n in latest else None,
            }
        )
    return rows
