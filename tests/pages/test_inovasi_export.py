"""The export for the index: inovasi.csv (every innovation) and iid-2026.csv / .xlsx (the
ones entered), columns in the index form's order, rows matching the fixture year
exactly, no text cut and no formula run."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from support.innovation_fixture import DESIGN, fixture_showcases

from kasdikdas.pages.opendata import write_data_files
from kasdikdas.pages.opendata.records import Entry

pytestmark = pytest.mark.fast

SITE = "https://contoh.blorakab.go.id"
SETTINGS = {"SITEURL": SITE, "GROUPS_SCHOOL_URL": "sekolah/{slug}/",
            "INOVASI_PROFILE_URL": "inovasi/{slug}/"}

COLUMNS = [
    "name", "stage", "initiator", "initiator_name", "kind", "form", "theme", "affair",
    "other_affairs", "trial_start", "implementation_start", "design", "design_words", "goals",
    "benefits", "results",
    *[f"indicator_{n}_{part}" for n in range(16, 36) for part in ("level", "evidence")],
    "estimated_score", "estimated_predicate", "missing_mandatory", "screening", "screening_year",
    "reason", "reason_note", "school", "npsn", "level", "kecamatan_code", "kecamatan",
    "kecamatan_name", "video_url", "duration_seconds", "showcase_url", "profile_url", "summary",
]


def read(path) -> tuple[list[str], list[dict]]:
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.fixture
def exported(site, tmp_path):
    registry, showcases = fixture_showcases(site)
    entries = [Entry(s, f"kiprah/{s.slug}/") for s in sorted(showcases.values(), key=lambda s: s.slug)]
    files = write_data_files(tmp_path / "data", entries, registry.schools.values(), SETTINGS,
                             registry.index_rules)
    return tmp_path / "data", {f.name: f for f in files}, registry


def expected_a(registry) -> dict:
    """The complete innovation A, every cell written out from the fixture by hand."""
    school = registry.schools["20300001"]
    row = {
        "name": "Rapor Digital", "stage": "Penerapan", "initiator": "ASN",
        "initiator_name": "Tim Guru Kelas", "kind": "Digital", "form": "Inovasi Pelayanan Publik",
        "theme": "Digitalisasi Layanan Pemerintahan", "affair": "Pendidikan",
        "other_affairs": "Komunikasi dan Informatika", "trial_start": "2024-03-01",
        "implementation_start": "2024-09-02", "design": DESIGN, "design_words": "320",
        "goals": "Tujuan Rapor Digital.", "benefits": 'Manfaat, dengan koma; dan "kutip".',
        "results": "'=Hasil yang diawali tanda sama dengan.",
    }
    for n in range(16, 35):
        row[f"indicator_{n}_level"] = "2"
        row[f"indicator_{n}_evidence"] = f"https://contoh.sch.id/b{n}.pdf"
    row["indicator_35_level"] = "2"
    row["indicator_35_evidence"] = f"{SITE}/kiprah/20300001-a-lengkap/"  # the showcase's video
    row.update({
        "estimated_score": "74.0", "estimated_predicate": "Sangat Inovatif", "missing_mandatory": "",
        "screening": "diikutkan", "screening_year": "2026", "reason": "", "reason_note": "",
        "school": school.name, "npsn": "20300001", "level": school.level.code,
        "kecamatan_code": school.kecamatan.kemendagri_code, "kecamatan": school.kecamatan.slug,
        "kecamatan_name": school.kecamatan.name, "video_url": "", "duration_seconds": "",
        "showcase_url": f"{SITE}/kiprah/20300001-a-lengkap/",
        "profile_url": f"{SITE}/inovasi/20300001-a-lengkap/",
        "summary": "Ringkasan Rapor Digital.",
    })
    return row


def test_inovasi_csv_has_every_innovation_in_the_index_form_order(exported):
    folder, files, registry = exported
    columns, rows = read(folder / "inovasi.csv")
    assert columns == COLUMNS
    assert [r["name"] for r in rows] == ["Rapor Digital", "Kantin Jujur", "Jurnal Membaca",
                                         "Kelas Sore", "Senam Literasi", "Aplikasi Absen", "Pojok Baca"]
    assert rows[0] == expected_a(registry)
    c = rows[2]
    assert (c["indicator_16_level"], c["indicator_17_level"], c["indicator_34_level"]) == ("", "1", "3")
    assert (c["estimated_score"], c["missing_mandatory"]) == ("15.0", "16; 35")
    d = rows[3]
    assert (d["screening"], d["reason"], d["reason_note"]) == (
        "ditunda", "inovator-mutasi", "Guru penggerak pindah ke Cepu")
    assert files["inovasi.csv"].rows == 7


def test_the_index_export_holds_only_the_entered_innovations_of_the_year(exported):
    folder, files, registry = exported
    columns, rows = read(folder / "iid-2026.csv")
    assert columns == COLUMNS
    assert [(r["name"], r["estimated_score"], r["estimated_predicate"]) for r in rows] == [
        ("Rapor Digital", "74.0", "Sangat Inovatif"), ("Kantin Jujur", "42.0", "Inovatif")]
    assert rows[0] == expected_a(registry)
    assert files["iid-2026.csv"].rows == files["iid-2026.xlsx"].rows == 2


def test_the_xlsx_holds_the_same_cells_whole_and_never_a_formula(exported):
    folder, _, registry = exported
    book = openpyxl.load_workbook(folder / "iid-2026.xlsx")
    sheet = book["iid-2026"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == COLUMNS and len(values) == 3
    cells = dict(zip(COLUMNS, values[1]))
    assert cells["design"] == DESIGN  # whole, not cut
    assert cells["results"] == "=Hasil yang diawali tanda sama dengan."  # as written ...
    results = sheet.cell(row=2, column=COLUMNS.index("results") + 1)
    assert results.data_type == "s"  # ... and stored as text, not a formula
    assert cells["estimated_score"] == 74  # a number in Excel
    expected = {k: v for k, v in expected_a(registry).items() if k not in ("results", "estimated_score")}
    assert {k: ("" if v is None else str(v)) for k, v in cells.items()
            if k not in ("results", "estimated_score")} == expected
    assert [r[0] for r in book["kolom"].iter_rows(values_only=True)][1:] == COLUMNS


def test_the_xlsx_is_the_same_bytes_for_the_same_data(tmp_path, monkeypatch):
    import time

    from kasdikdas.pages.opendata.files import write_xlsx
    from kasdikdas.pages.opendata.records import Column

    columns, rows = [Column("name", "nama")], [{"name": "=Rapor"}]
    first = write_xlsx(tmp_path / "a.xlsx", columns, rows, "iid").read_bytes()
    later = time.time() + 86_400  # a day later: zip members would carry another date
    monkeypatch.setattr(time, "localtime", lambda *a: time.gmtime(later))
    assert write_xlsx(tmp_path / "b.xlsx", columns, rows, "iid").read_bytes() == first
    # openpyxl stamps the save time into the document's properties: fixed, not now
    import zipfile

    core = zipfile.ZipFile(tmp_path / "b.xlsx").read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z</dcterms:modified>" in core
    assert str(time.gmtime().tm_year) not in core
