"""`invoke sekolah --impor FILE [--periksa]`: a Dapodik-shaped export (a renamed school,
a moved one, a new one, a closed one with showcases, a bad row, another level, an extra
column) becomes the expected registry and messages, or nothing is written."""

from __future__ import annotations

import csv
import io

import pytest
import yaml
from invoke import Context
from invoke.exceptions import Exit

import tasks
from kasdikdas.dapodik import import_schools
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content

pytestmark = pytest.mark.fast

# Column order, case and an extra column as an export might have them.
HEADER = ["NPSN", "Nama", "Akreditasi", "Bentuk_Pendidikan", "Status", "Alamat", "Desa_Kelurahan",
          "Kecamatan", "Lintang", "Bujur"]


def export_rows(registry_entries, *, keep_closed_with_showcases: bool, bad_row: bool):
    rows = []
    for e in registry_entries:
        npsn, name, kecamatan = e["npsn"], e["name"], e["kecamatan"]
        if npsn == "20300111":  # closed, no showcases: may go
            continue
        if npsn == "20300101" and not keep_closed_with_showcases:  # closed, 1 showcase: may not
            continue
        if npsn == "20300014":
            name = "SMP Katolik Santo Paulus"  # renamed
        kecamatan = {"randublatung": "Kec. Randublatung", "blora": "BLORA"}.get(kecamatan, kecamatan)
        if npsn == "20300022":
            kecamatan = "33.16.03"  # moved to Kradenan, by Kemendagri code
        rows.append([npsn, name, "A", e["level"], e["status"].upper(), e["address"], e["village"],
                     kecamatan, "", ""])
    rows.append(["20300121", "SD Negeri 1 Sambong", "B", "SD", "Negeri", "Jl. Raya Sambong 1",
                 "Sambong", "031606", "-7,1", "111,45"])  # new, by Dapodik code, decimal commas
    rows.append(["20399999", "TK Pertiwi Blora", "", "TK", "Swasta", "Jl. Melati", "Kauman",
                 "Blora", "", ""])  # another level: skipped
    if bad_row:
        rows.append(["2030012", "SD Tanpa NPSN", "", "SD", "Inpres", "Jl. X", "Y", "Blora",
                     "utara", ""])
    return rows


def write_export(path, rows, delimiter=";", bom=True):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([HEADER, *rows])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode())
    return path


@pytest.fixture
def registry_file(site):
    path = site.content / "data/schools.yml"
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def test_bad_rows_and_a_closed_school_with_showcases_refuse_the_whole_file(site, registry_file, tmp_path):
    path, entries = registry_file
    before = path.read_bytes()
    export = write_export(tmp_path / "dapodik.csv",
                          export_rows(entries, keep_closed_with_showcases=False, bad_row=True))
    result = import_schools(export, tasks._settings(site.content))
    assert not result.written and path.read_bytes() == before
    bad_line = len(entries) - 2 + 1 + 2 + 1  # header, the kept schools, new, TK, then the bad row
    located = sorted((p.line, p.field) for p in result.problems if p.path.endswith("dapodik.csv"))
    assert located == [(bad_line, "lintang"), (bad_line, "npsn"), (bad_line, "status")]
    refusal = [p for p in result.problems if p.path.endswith("schools.yml")]
    assert len(refusal) == 1 and "20300101" in str(refusal[0]) and "1 kiprah" in str(refusal[0])
    assert "20300101-angklung-bambu.md" in str(refusal[0])


@pytest.mark.parametrize("delimiter, bom", [(";", True), (",", False)])
def test_a_good_file_updates_the_registry_keeping_hand_added_fields(site, registry_file, tmp_path,
                                                                    delimiter, bom):
    path, entries = registry_file
    rows = export_rows(entries, keep_closed_with_showcases=True, bad_row=False)
    if delimiter == ",":  # decimal points here; the csv writer quotes what needs it
        rows = [r[:8] + [cell.replace(",", ".") for cell in r[8:]] for r in rows]
        rows[0][8], rows[0][9] = "-6,97", ""  # a decimal comma, quoted, is read too
    export = write_export(tmp_path / "dapodik.csv", rows, delimiter, bom)
    result = import_schools(export, tasks._settings(site.content))
    assert result.problems == [] and result.written
    after = {e["npsn"]: e for e in yaml.safe_load(path.read_text(encoding="utf-8"))}
    before = {e["npsn"]: e for e in entries}
    assert set(after) == set(before) - {"20300111"} | {"20300121"}
    renamed = after["20300014"]
    assert renamed["name"] == "SMP Katolik Santo Paulus"
    assert renamed["short_name"] == before["20300014"]["short_name"]  # typed by the office: kept
    assert renamed["links"] == before["20300014"]["links"]
    assert after["20300022"]["kecamatan"] == "kradenan"
    assert after["20300121"] == {
        "npsn": "20300121", "name": "SD Negeri 1 Sambong", "short_name": "SDN 1 Sambong",
        "level": "SD", "status": "negeri", "kecamatan": "sambong", "village": "Sambong",
        "address": "Jl. Raya Sambong 1", "latitude": -7.1, "longitude": 111.45}
    first = rows[0][0]
    if delimiter == ",":
        assert after[first]["latitude"] == -6.97
        after[first].pop("latitude")
    unchanged = set(before) - {"20300111", "20300014", "20300022"}
    for npsn in unchanged:
        assert after[npsn] == {k: v for k, v in before[npsn].items() if k != "sample"}, npsn
    assert result.changes.new == ["20300121 SD Negeri 1 Sambong (Kec. Sambong)"]
    assert result.changes.renamed == ["20300014: SMP Katolik Santo Paulus Cepu → SMP Katolik Santo Paulus"]
    assert result.changes.moved == ["20300022 SD Negeri 2 Kutukan: Randublatung → Kradenan"]
    assert result.changes.closed == ["20300111 SD Negeri 1 Japah"]
    assert result.changes.skipped == 1
    registry = load_registry(site.content / "data/kecamatan.yml", path)
    assert registry.problems == [] and registry.schools["20300121"].latitude == -7.1
    _, problems = check_content(site.content, registry)
    assert problems == []
    assert not list(path.parent.glob(".schools-*"))  # no temporary file left behind


def test_the_task_prints_changes_and_periksa_writes_nothing(site, registry_file, tmp_path, capsys):
    path, entries = registry_file
    before = path.read_bytes()
    export = write_export(tmp_path / "dapodik.csv",
                          export_rows(entries, keep_closed_with_showcases=True, bad_row=False))
    tasks.sekolah(Context(), impor=str(export), periksa=True, content=str(site.content))
    out = capsys.readouterr().out
    assert path.read_bytes() == before
    for line in ("Baru: 1", "Ganti nama: 1", "Pindah kecamatan: 1", "Tutup (dihapus dari daftar): 1",
                 "Dilewati: 1 baris", "tidak ada yang ditulis"):
        assert line in out
    bad = write_export(tmp_path / "buruk.csv",
                       export_rows(entries, keep_closed_with_showcases=True, bad_row=True))
    with pytest.raises(Exit):
        tasks.sekolah(Context(), impor=str(bad), content=str(site.content))
    err = capsys.readouterr().err
    assert "buruk.csv:" in err and ": status: status `Inpres` tidak dikenal" in err
    assert "TIDAK diubah" in err and path.read_bytes() == before


def test_a_registry_that_does_not_read_is_reported_and_left_as_it_is(site, registry_file, tmp_path):
    path, entries = registry_file
    broken = path.read_text(encoding="utf-8") + '- npsn: "20300999\n'  # an unclosed quote
    path.write_text(broken, encoding="utf-8")
    export = write_export(tmp_path / "dapodik.csv", export_rows(entries, keep_closed_with_showcases=True,
                                                                 bad_row=False))
    result = import_schools(export, tasks._settings(site.content))
    assert not result.written and path.read_text(encoding="utf-8") == broken
    (problem,) = [p for p in result.problems if p.path.endswith("schools.yml")]
    assert problem.field == "npsn" and problem.line is not None  # the key whose quote is open
