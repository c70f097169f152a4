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
video: {video}   # {video_note}
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


VIDEO_NOTES = {"": "salin video dari sekolah ke content/videos/",
               "s3": "video asli di bucket video asli (invoke video mengganti)",
               "videos": "video asli di content/videos/ (invoke video mengganti)"}


def showcase_target(content: Path, registry: Registry, npsn: str, title: str,
                    folder: str = "kiprah") -> Path:
    """Where `invoke new` writes; ScaffoldError when the school or title is wrong or
    the file exists."""
    if registry.schools.get(npsn) is None:
        close = nearest(npsn, registry.schools, n=3)
        hint = f" Mungkin maksud Anda: {', '.join(close)}?" if close else ""
        raise ScaffoldError(f"NPSN {npsn} tidak ada di content/data/schools.yml.{hint}")
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")])
    if not slug:
        raise ScaffoldError("judul harus memuat huruf atau angka")
    target = content / folder / f"{npsn}-{slug}".lower()
    target = target.with_name(f"{target.name}.md")
    if target.exists():
        raise ScaffoldError(f"{target} sudah ada; berkas tidak ditimpa. Pilih judul lain.")
    return target


def new_showcase(content: Path, registry: Registry, npsn: str, title: str,
                 folder: str = "kiprah", today: dt.date | None = None,
                 video: str | None = None) -> Path:
    """Write the new showcase; `video` is its `video:` value (default: the file the
    editor is told to copy into content/videos/)."""
    target = showcase_target(content, registry, npsn, title, folder)
    school = registry.schools[npsn]
    stem = target.stem
    target.parent.mkdir(parents=True, exist_ok=True)
    day = today or dt.date.today()
    note = VIDEO_NOTES["s3" if video.startswith("s3:") else "videos"] if video else VIDEO_NOTES[""]
    text = TEMPLATE.format(title_yaml=json.dumps(title, ensure_ascii=False), date=day.isoformat(),
                           year=day.year, npsn=npsn, video=video or f"videos/{stem}.mp4",
                           video_note=note,
                           school_name=school.name, summary=PLACEHOLDER_SUMMARY,
                           body=PLACEHOLDER_BODY, **VOCABULARY_COMMENTS)
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return target
