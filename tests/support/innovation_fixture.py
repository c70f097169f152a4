"""A fixture year of innovations (index year 2026) written into a scratch content folder:
two complete ones entered in the index, one assessed but missing mandatory evidence,
two postponed and one rejected with reasons, one only proposed, one of another
category without innovation. Tests compute funnel counts, readiness and scores from it
and compare with figures worked out by hand from content/data/iid-2026.yml.
"""

from __future__ import annotations

import datetime as dt

from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content

FOLDER = "tahun2026"
TODAY = dt.date(2026, 6, 1)
DESIGN = " ".join(f"kata{i}" for i in range(320))

HEAD = """---
title: {title}
date: 2025-03-0{day}
school: "{npsn}"
category: inovasi-pembelajaran
video: videos/20300001-gamelan-cilik.mp4
summary: Ringkasan {title}.
consent: true
"""

COMPLETE = """innovation:
  stage: penerapan
  initiator: asn
  initiator_name: {initiator}
  kind: {kind}
  form: pelayanan-publik
  affairs: [pendidikan, {other}]
  theme: {theme}
  trial_start: 2024-03-01
  implementation_start: 2024-09-02
  design: {design}
  goals: Tujuan {title}.
  benefits: "Manfaat, dengan koma; dan \\"kutip\\"."
  results: =Hasil yang diawali tanda sama dengan.
  evidence:
{evidence}  screening: diikutkan
  year: 2026
"""

ALL_LEVEL_2 = "".join(f"    {n}: {{level: 2, document: https://contoh.sch.id/b{n}.pdf}}\n"
                      for n in range(16, 35)) + "    35: {level: 2}\n"
MANDATORY_LEVEL_3 = "".join(f"    {n}: {{level: 3, document: https://contoh.sch.id/w{n}.pdf}}\n"
                            for n in (16, 17, 32, 33)) + "    35: {level: 3}\n"

FILES = {
    # complete, every indicator at level 2
    "20300001-a-lengkap.md": HEAD.format(title="Rapor Digital", day=1, npsn="20300001") + COMPLETE.format(
        initiator="Tim Guru Kelas", kind="digital", other="komunikasi-informatika",
        theme="digitalisasi-layanan", design=DESIGN, title="Rapor Digital", evidence=ALL_LEVEL_2),
    # complete, only the mandatory indicators, at level 3
    "20300003-b-lengkap.md": HEAD.format(title="Kantin Jujur", day=2, npsn="20300003") + COMPLETE.format(
        initiator="Pak Budi", kind="non-digital", other="pangan", theme="non-tematik",
        design=DESIGN, title="Kantin Jujur", evidence=MANDATORY_LEVEL_3),
    # assessed, mandatory 16 and 35 missing
    "20300011-c-kurang.md": HEAD.format(title="Jurnal Membaca", day=3, npsn="20300011") + """innovation:
  stage: uji-coba
  initiator: masyarakat
  kind: non-digital
  trial_start: 2025-01-13
  evidence:
    17: {level: 1, document: https://contoh.sch.id/c17.pdf}
    32: {level: 2, document: https://contoh.sch.id/c32.pdf}
    33: {level: 1, document: https://contoh.sch.id/c33.pdf}
    34: {level: 3, document: https://contoh.sch.id/c34.pdf}
  screening: dinilai
  year: 2026
""",
    "20300013-d-mutasi.md": HEAD.format(title="Kelas Sore", day=4, npsn="20300013") + """innovation:
  stage: uji-coba
  initiator: asn
  kind: non-digital
  trial_start: 2024-10-01
  screening: ditunda
  reason: inovator-mutasi
  reason_note: Guru penggerak pindah ke Cepu
  year: 2026
""",
    "20300021-e-bukti.md": HEAD.format(title="Senam Literasi", day=5, npsn="20300021") + """innovation:
  stage: penerapan
  initiator: asn
  kind: non-digital
  implementation_start: 2024-05-20
  evidence:
    35: {level: 1}
  screening: ditunda
  reason: bukti-kurang
  year: 2026
""",
    "20300023-f-rancangan.md": HEAD.format(title="Aplikasi Absen", day=6, npsn="20300023") + """innovation:
  stage: inisiatif
  initiator: asn
  kind: digital
  screening: ditolak
  reason: masih-rancangan
  year: 2026
""",
    "20300031-g-usulan.md": HEAD.format(title="Pojok Baca", day=7, npsn="20300031") + """innovation:
  stage: uji-coba
  initiator: perangkat-daerah
  kind: non-digital
  trial_start: 2025-02-03
  year: 2026
""",
    "20300032-h-bukan-inovasi.md": HEAD.format(title="Lomba Lari", day=8, npsn="20300032"),
}


def write_fixture(site) -> None:
    for name, text in FILES.items():
        site.write(f"{FOLDER}/{name}", text + "---\nPenjelasan.\n")


def fixture_showcases(site):
    write_fixture(site)
    registry = load_registry(site.content / "data/kecamatan.yml", site.content / "data/schools.yml")
    showcases, problems = check_content(site.content, registry, folder=FOLDER, today=TODAY)
    assert problems == [], problems
    return registry, {s.slug: s for s in showcases}
