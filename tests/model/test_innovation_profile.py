"""The innovation profile the Indeks Inovasi Daerah asks for: every rule of the
`innovation:` block reported as `file:line: innovation.field: what — fix`, and the old
`started:` key still read."""

from __future__ import annotations

import datetime as dt

import pytest

from kasdikdas.model.entities import InnovationEntry
from kasdikdas.model.messages import FIELD_HELP
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content

pytestmark = pytest.mark.fast

TODAY = dt.date(2026, 6, 1)

SHOWCASE = """---
title: Inovasi Uji
date: 2024-10-11
school: "20300001"
category: inovasi-pembelajaran
video: videos/20300001-gamelan-cilik.mp4
summary: Ringkasan.
consent: true
innovation:
  stage: {stage}
  initiator: asn
  kind: digital
{fields}---
Penjelasan.
"""


def check(site, fields: str, stage: str = "penerapan", name="uji.md"):
    site.write(f"profil/{name}", SHOWCASE.format(stage=stage, fields=fields))
    registry = load_registry(site.content / "data/kecamatan.yml", site.content / "data/schools.yml")
    return check_content(site.content, registry, folder="profil", today=TODAY)


def line_of(site, text: str, name="uji.md") -> int:
    lines = (site.content / "profil" / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


WORDS_300 = " ".join(["kata"] * 300)
ENTRY_READY = (
    "  implementation_start: 2025-01-06\n"
    f"  design: {WORDS_300}\n  goals: Tujuan.\n  benefits: Manfaat.\n  results: Hasil.\n"
    "  evidence:\n"
    "    16: {level: 1, document: https://contoh.sch.id/16.pdf}\n"
    "    17: {level: 1, document: https://contoh.sch.id/17.pdf}\n"
    "    32: {level: 1, document: https://contoh.sch.id/32.pdf}\n"
    "    33: {level: 1, document: https://contoh.sch.id/33.pdf}\n"
    "    35: {level: 1}\n"
)


@pytest.mark.parametrize(
    "fields, stage, field, marker, fragment",
    [
        ("  trial_start: 2025-03-01\n  implementation_start: 2025-01-06\n", "penerapan",
         "innovation.trial_start", "trial_start", "sesudah waktu penerapan"),
        ("  implementation_start: 2025-01-06\n", "uji-coba",
         "innovation.stage", "implementation_start", "stage: penerapan"),
        ("  implementation_start: 2026-07-01\n", "penerapan",
         "innovation.implementation_start", "implementation_start", "masa depan"),
        ("  started: 2025-01-06\n  implementation_start: 2025-01-06\n", "penerapan",
         "innovation.started", "started", "hapus `started`"),
        ("  implementation_start: 2025-01-06\n  affairs: [pangan, pendidikan]\n", "penerapan",
         "innovation.affairs", "affairs", "pendidikan` lebih dulu"),
        ("  implementation_start: 2025-01-06\n  affairs: [pendidikan, pangn]\n", "penerapan",
         "innovation.affairs.1", "affairs", "`pangan`"),
        ("  trial_start: 2025-01-06\n  theme: digitalisasi\n", "uji-coba",
         "innovation.theme", "theme", "`digitalisasi-layanan`"),
        ("  trial_start: 2025-01-06\n  evidence:\n    40: {level: 2, document: https://a.id/b}\n",
         "uji-coba", "innovation.evidence.40", "40:", "16 sampai 35"),
        ("  trial_start: 2025-01-06\n  evidence:\n    16:\n      level: 4\n", "uji-coba",
         "innovation.evidence.16.level", "level: 4", "1, 2 atau 3"),
        ("  trial_start: 2025-01-06\n  evidence:\n    16: {level: 2}\n", "uji-coba",
         "innovation.evidence.16.document", "16:", "Perda, Perkada atau SK"),
        ("  trial_start: 2025-01-06\n  evidence:\n    16:\n      level: 2\n"
         "      document: videos/20300001-gamelan-cilik.mp4\n", "uji-coba",
         "innovation.evidence.16.document", "document:", "content/bukti/"),
        ("  trial_start: 2025-01-06\n  evidence:\n    16:\n      level: 2\n"
         "      document: bukti/../videos/20300001-gamelan-cilik.mp4\n", "uji-coba",
         "innovation.evidence.16.document", "document:", "content/bukti/"),
        ("  trial_start: 2025-01-06\n  evidence:\n    16:\n      level: 2\n"
         "      document: bukti/tidak-ada.pdf\n", "uji-coba",
         "innovation.evidence.16.document", "document:", "tidak ditemukan"),
        ("  trial_start: 2025-01-06\n  evidence:\n    16:\n      level: 2\n"
         "      document: http://contoh.sch.id/sk.pdf\n", "uji-coba",
         "innovation.evidence.16.document", "document:", "https://"),
        ("  trial_start: 2025-01-06\n  screening: ditunda\n", "uji-coba",
         "innovation.reason", "screening", "reason: bukti-kurang"),
        ("  trial_start: 2025-01-06\n  screening: dinilai\n  reason: bukti-kurang\n", "uji-coba",
         "innovation.reason", "reason", "hapus `reason`"),
        ("  trial_start: 2025-01-06\n  screening: ditolak\n  reason: lainnya\n", "uji-coba",
         "innovation.reason_note", "reason", "reason_note"),
        ("  trial_start: 2025-01-06\n  screening: tunda\n", "uji-coba",
         "innovation.screening", "screening", "`ditunda`"),
        ("  trial_start: 2025-01-06\n  year: 2019\n", "uji-coba",
         "innovation.year", "year", "iid-2019.yml"),
        (ENTRY_READY.replace(WORDS_300, " ".join(["kata"] * 299)) + "  screening: diikutkan\n",
         "penerapan", "innovation.screening", "screening", "299 kata"),
        (ENTRY_READY.replace("    16: {level: 1, document: https://contoh.sch.id/16.pdf}\n", "")
         + "  screening: diikutkan\n", "penerapan", "innovation.screening", "screening",
         "16 Regulasi inovasi daerah"),
        (ENTRY_READY.replace("2025-01-06", "2023-12-31") + "  screening: diikutkan\n", "penerapan",
         "innovation.screening", "screening", "di luar rentang tahun 2026"),
    ],
)
def test_each_broken_rule_is_one_message_on_its_line(site, fields, stage, field, marker, fragment):
    showcases, problems = check(site, fields, stage)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.field == field
    assert problem.line == line_of(site, marker)
    assert fragment in str(problem), str(problem)
    assert not showcases


def test_a_complete_profile_may_be_entered_and_is_read_whole(site):
    fields = (ENTRY_READY + "  initiator_name: Bu Sri\n  affairs: [pendidikan, pangan]\n"
              "  trial_start: 2024-08-01\n  theme: non-tematik\n  screening: diikutkan\n  year: 2026\n")
    showcases, problems = check(site, fields)
    assert problems == []
    inn = showcases[0].innovation
    assert (inn.trial_start, inn.implementation_start) == (dt.date(2024, 8, 1), dt.date(2025, 1, 6))
    assert inn.design_words == 300 and inn.other_affairs == ("pangan",)
    assert inn.initiator_label == "Bu Sri" and inn.theme_name == "Non Tematik"
    assert inn.evidence[35].from_video and inn.evidence[35].document == "videos/20300001-gamelan-cilik.mp4"
    assert sorted(inn.evidence) == [16, 17, 32, 33, 35]


@pytest.mark.parametrize("stage, key", [("penerapan", "implementation_start"), ("uji-coba", "trial_start")])
def test_the_old_started_key_is_read_as_the_date_of_its_stage(site, stage, key):
    showcases, problems = check(site, "  started: 2025-01-06\n", stage)
    assert problems == []
    inn = showcases[0].innovation
    assert getattr(inn, key) == dt.date(2025, 1, 6) and inn.started == dt.date(2025, 1, 6)


def test_a_local_evidence_document_in_bukti_is_accepted(site):
    import shutil

    # a real PDF: content/bukti/ takes nothing else (kasdikdas/validate/static.py)
    shutil.copy(site.content / "bukti/20300003-sk-laboratorium-jagung.pdf", site.content / "bukti/sk.pdf")
    showcases, problems = check(site, "  trial_start: 2025-01-06\n  evidence:\n"
                                      "    16: {level: 2, document: bukti/sk.pdf}\n", "uji-coba")
    assert problems == [] and showcases[0].innovation.evidence[16].document == "bukti/sk.pdf"


def test_every_innovation_field_has_help_for_the_form():
    for name, info in InnovationEntry.model_fields.items():
        assert info.description, name
        assert name in FIELD_HELP


def test_an_innovation_may_not_take_a_filter_pages_address(site):
    site.write("profil/uji-coba.md", SHOWCASE.format(stage="uji-coba", fields=""))
    registry = load_registry(site.content / "data/kecamatan.yml", site.content / "data/schools.yml")
    _, problems = check_content(site.content, registry, folder="profil", today=TODAY)
    assert [(p.field, "/inovasi/uji-coba/" in p.message) for p in problems] == [("slug", True)]


@pytest.mark.parametrize("edit, field, fragment", [
    (lambda t: t, "year", "iid-2026.yml"),  # copied to iid-2027.yml but still says 2026
    (lambda t: t.replace("{number: 17,", "{number: 16,"), "indicators", "dua kali"),
    (lambda t: t.replace("weight: 4,", "weight: nol,"), "indicators.19.weight", "harus berupa angka"),
])
def test_a_broken_rules_file_is_reported_by_line(site, edit, field, fragment):
    rules = site.content / "data/iid-2026.yml"
    text = rules.read_text(encoding="utf-8")
    rules.unlink()
    broken = site.content / "data/iid-2027.yml"
    broken.write_text(edit(text), encoding="utf-8")
    registry = load_registry(site.content / "data/kecamatan.yml", site.content / "data/schools.yml")
    assert len(registry.problems) == 1, registry.problems
    problem = registry.problems[0]
    assert problem.path.endswith("iid-2027.yml") and problem.line and problem.field == field
    assert fragment in str(problem)
    assert registry.index_rules == {}
