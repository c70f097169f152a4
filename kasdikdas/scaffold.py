"""`invoke new`: write a new showcase file with every field to fill in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pelican.utils import slugify

from kasdikdas.model.messages import nearest
from kasdikdas.model.placeholders import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY
from kasdikdas.model.registry import Registry
from kasdikdas.model.vocab import (
    CATEGORIES,
    INNOVATION_FORMS,
    INNOVATION_INITIATORS,
    INNOVATION_KINDS,
    INNOVATION_STAGES,
    SCREENING_STATUSES,
)

TEMPLATE = """---
title: {title_yaml}
date: {date}                # tanggal kegiatan, TAHUN-BULAN-TANGGAL
school: "{npsn}"             # {school_name}
category: {category}   # {categories}
video: videos/{stem}.mp4   # salin video dari sekolah ke content/videos/
summary: {summary}
tags: []                      # mis. [seni, budaya]
consent: false                # ubah ke true setelah sekolah memegang izin orang tua
# social:                     # opsional: video yang sama di media sosial Diknas
#   instagram: https://www.instagram.com/p/...
# innovation:                 # opsional: isi jika kiprah ini inovasi sekolah
#   stage: uji-coba           # {stages}
#   initiator: asn            # {initiators}
#   kind: non-digital         # {kinds}
#   form: lainnya             # {forms}
#   trial_start: {date}       # waktu uji coba; implementation_start: waktu penerapan
#   screening: diusulkan      # {screenings}
#   year: {year}                # tahun penilaian Indeks Inovasi Daerah
#   # rancang bangun, tujuan, manfaat, hasil dan bukti indikator: docs/panduan-editor.md
---
{body}"""


VOCABULARY_COMMENTS = {
    "category": next(iter(CATEGORIES)),
    "categories": " | ".join(CATEGORIES),
    "stages": " | ".join(INNOVATION_STAGES),
    "initiators": " | ".join(INNOVATION_INITIATORS),
    "kinds": " | ".join(INNOVATION_KINDS),
    "forms": " | ".join(INNOVATION_FORMS),
    "screenings": " | ".join(SCREENING_STATUSES),
}


class ScaffoldError(Exception):
    pass


def new_showcase(content: Path, registry: Registry, npsn: str, title: str,
                 folder: str = "kiprah", today: dt.date | None = None) -> Path:
    school = registry.schools.get(npsn)
    if school is None:
        close = nearest(npsn, registry.schools, n=3)
        hint = f" Mungkin maksud Anda: {', '.join(close)}?" if close else ""
        raise ScaffoldError(f"NPSN {npsn} tidak ada di content/data/schools.yml.{hint}")
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")])
    if not slug:
        raise ScaffoldError("judul harus memuat huruf atau angka")
    stem = f"{npsn}-{slug}".lower()
    target = content / folder / f"{stem}.md"
    if target.exists():
        raise ScaffoldError(f"{target} sudah ada; berkas tidak ditimpa. Pilih judul lain.")
    target.parent.mkdir(parents=True, exist_ok=True)
    day = today or dt.date.today()
    text = TEMPLATE.format(title_yaml=json.dumps(title, ensure_ascii=False), date=day.isoformat(),
                           year=day.year, npsn=npsn,
                           school_name=school.name, stem=stem, summary=PLACEHOLDER_SUMMARY,
                           body=PLACEHOLDER_BODY, **VOCABULARY_COMMENTS)
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return target
