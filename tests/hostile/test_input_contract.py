"""The input contract (issue 29, and the import items of issues 23 and 24): every
reproduction of the fuzz campaign is refused by the model with `file:line: field: what —
how to fix`, never a traceback, a "kesalahan program", a silent skip or a silent
reading of YAML 1.1's implicit types."""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image
from support.hostile import scratch_content
from support.showcases import GAMELAN, GAMELAN_VIDEO

import tasks
from kasdikdas.dapodik import import_schools, read_export
from kasdikdas.model.paths import display_path
from kasdikdas.model.problems import Problem
from kasdikdas.model.registry import load_kecamatan, load_registry
from kasdikdas.validate import check_content
from kasdikdas.validate.readcache import remembered_registry

pytestmark = pytest.mark.fast

VIDEO, SHOWCASE = GAMELAN_VIDEO, GAMELAN
INNOVATION = """innovation:
  stage: uji-coba
  initiator: asn
  kind: digital
  trial_start: 2024-07-15
  evidence:
    17: {level: 1, document: https://contoh.sch.id/17.pdf}
    021: {level: 2, document: https://contoh.sch.id/21.pdf}
"""


@pytest.fixture
def content(tmp_path):
    return scratch_content(tmp_path / "content", showcases=False)


def _registry(content):
    return load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")


def _check(content, name="uji", text=SHOWCASE, replace=None):
    """The problems of one showcase file (written as `text`, with `replace` applied)."""
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = content / "kiprah" / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    _, problems = check_content(content, _registry(content))
    return [p for p in problems if p.path == display_path(path)]


def _clean(problems):
    """No program error is hidden in the messages, each names its file and one line."""
    for problem in problems:
        assert isinstance(problem, Problem)
        assert "kesalahan program" not in problem.hint
        assert "\n" not in str(problem)
    return problems


def _one(problems) -> Problem:
    (problem,) = _clean(problems)
    return problem


def test_the_sample_showcase_passes(content):
    assert _check(content) == []


# --- numbers: bounded before conversion, never YAML 1.1's octal, hex or base 60 ---------

@pytest.mark.parametrize("written", ["1" * 5000, "0x135c0e1", "0b1001101011100011111000001",
                                     "0115341741", "5:38:20:1", "20_300_001", "+20300001",
                                     "020300002", "0o115341741"])
def test_an_npsn_is_refused_as_typed(content, written):
    problem = _one(_check(content, replace={'school: "20300001"': f"school: {written}"}))
    assert (problem.line, problem.field) == (4, "school")
    assert f"`{written[:59]}" in problem.message
    assert "8 karakter" in problem.hint


def test_an_unquoted_npsn_of_eight_digits_is_read(content):
    assert _check(content, replace={'school: "20300001"': "school: 20300001"}) == []


@pytest.mark.parametrize("field, written", [("date", "0x10"), ("date", "1:59:59"),
                                            ("date", '"1728604800"'), ("date", "1728604800"),
                                            ("title", "1" * 5000)])
def test_numbers_anywhere_are_messages_with_their_line(content, field, written):
    line = {"title": 2, "date": 3}[field]
    old = SHOWCASE.splitlines()[line - 1]
    problem = _one(_check(content, replace={old: f"{field}: {written}"}))
    assert (problem.line, problem.field) == (line, field)
    assert len(str(problem)) < 400


@pytest.mark.parametrize("name", ["schools.yml", "kecamatan.yml", "iid-2026.yml"])
def test_a_5000_digit_integer_in_a_data_file_is_a_message(content, name):
    path = content / "data" / name
    text = path.read_text(encoding="utf-8")
    key = {"schools.yml": "  level: SD", "kecamatan.yml": '  dapodik_code: "031601"',
           "iid-2026.yml": "year: 2026"}[name]
    line = text.splitlines().index(key) + 1
    path.write_text(text.replace(key, key.split(":")[0] + ": " + "9" * 5000, 1), encoding="utf-8")
    registry = _registry(content)
    problems = _clean([p for p in registry.problems if p.path.endswith(name)])
    assert problems and problems[0].line == line, problems
    assert all(p.field != "front matter" for p in problems)


# --- booleans: only true/false ------------------------------------------------------------

@pytest.mark.parametrize("written", ["yes", "on", "Yes", "y", "ON"])
def test_consent_yes_or_on_is_not_consent(content, written):
    problem = _one(_check(content, replace={"consent: true": f"consent: {written}"}))
    assert (problem.line, problem.field) == (8, "consent")
    assert problem.message == f"harus tepat `true`, bukan `{written}`"
    assert "YAML hanya mengenal `true`" in problem.hint


def test_sample_yes_in_the_registry_is_refused(content):
    path = content / "data/schools.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("\n  sample: true", "\n  sample: yes", 1),
                    encoding="utf-8")
    (problem,) = [p for p in _registry(content).problems if p.field == "sample"]
    assert "`yes`" in problem.message and "true" in problem.hint


def test_evidence_keys_17_and_021_do_not_replace_each_other(content):
    text = SHOWCASE.replace("---\nMurid", INNOVATION + "---\nMurid")
    problem = _one(_check(content, text=text))
    assert problem.field == "innovation.evidence.021"
    assert problem.line == text.splitlines().index("    021: {level: 2, document: "
                                                   "https://contoh.sch.id/21.pdf}") + 1
    assert "tanpa angka 0 di depan" in problem.hint


# --- characters that hide ---------------------------------------------------------------

@pytest.mark.parametrize("value", ["!!binary G1szMW1KYWRp", "!!binary AEphZGk=", '"Gamelan\\u202eCilik"',
                                   '"Gamelan\\u2028Cilik"', '"Gamelan\\NCilik"',
                                   "Gamelan\u200bCilik", "Gamelan\ufeffCilik", "!!str Gamelan",
                                   '"Gamelan\\x1b[31m"', "Gamelan\u202eCilik"])
def test_a_title_hiding_characters_is_refused(content, value):
    problem = _one(_check(content, replace={"title: Gamelan Cilik Kelas 5": f"title: {value}"}))
    assert problem.line == 2
    assert "ketik ulang" in problem.hint or "tanda yang diawali !" in problem.hint


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\ufeff", "\x1b"])
def test_a_school_name_hiding_characters_is_refused(content, char):
    path = content / "data/schools.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: SD Negeri 1 Blora", f'name: "SD Negeri 1 {char}Blora"', 1), encoding="utf-8")
    problem = _one([p for p in _registry(content).problems if p.path.endswith("schools.yml")])
    assert problem.line == 7 and problem.field == "berkas"


# --- sizes --------------------------------------------------------------------------------

def test_a_huge_tag_and_too_many_tags_are_refused(content):
    problem = _one(_check(content, replace={"consent: true": "consent: true\ntags: [" + "a" * 150_000 + "]"}))
    assert (problem.field, problem.line) == ("tags.0", 9) and "50 karakter" in problem.message
    many = "consent: true\ntags: [" + ", ".join(f"t{i}" for i in range(100)) + "]"
    problem = _one(_check(content, replace={"consent: true": many}))
    assert problem.field == "tags" and "paling banyak 20" in problem.message


def test_a_school_name_of_a_megabyte_is_refused(content):
    path = content / "data/schools.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: SD Negeri 1 Blora", "name: " + "A" * 1_000_000, 1), encoding="utf-8")
    problem = _one([p for p in _registry(content).problems if p.path.endswith("schools.yml")])
    assert (problem.line, problem.field) == (7, "name") and "150 karakter" in problem.message


@pytest.mark.parametrize("kind", ["huge", "binary", "not-vtt"])
def test_captions_must_be_bounded_webvtt_text(content, kind):
    path = content / "videos" / "teks.vtt"
    if kind == "huge":
        path.write_bytes(b"WEBVTT\n\n")
        os.truncate(path, 100_000_000)  # sparse: 100 MB on disk costs nothing
    elif kind == "binary":
        path.write_bytes(b"\x00\x01\x02\xff" * 100)
    else:
        path.write_text("1\n00:00:00.000 --> 00:00:01.000\nHalo\n", encoding="utf-8")
    problem = _one(_check(content, replace={"consent: true": "consent: true\ncaptions: videos/teks.vtt"}))
    assert (problem.line, problem.field) == (9, "captions")


def test_a_good_captions_file_passes(content):
    (content / "videos" / "teks.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHalo\n",
                                                encoding="utf-8")
    assert _check(content, replace={"consent: true": "consent: true\ncaptions: videos/teks.vtt"}) == []


def test_a_169_megapixel_poster_is_refused_from_its_header(content):
    (content / "images").mkdir()
    Image.new("1", (13_000, 13_000)).save(content / "images" / "besar.png")
    started = time.monotonic()
    problem = _one(_check(content, replace={"consent: true": "consent: true\nposter: images/besar.png"}))
    assert time.monotonic() - started < 30
    assert problem.field == "poster" and "13000×13000 piksel" in problem.message


def _png_header(width: int, height: int) -> bytes:
    """A PNG that only claims its size (what Pillow reads before decoding)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


@pytest.mark.parametrize("width, height", [(8000, 6000), (20_000, 20_000)])
def test_a_poster_claiming_too_many_pixels_is_refused_as_too_big(content, width, height):
    (content / "images").mkdir()
    (content / "images" / "klaim.png").write_bytes(_png_header(width, height))
    problem = _one(_check(content, replace={"consent: true": "consent: true\nposter: images/klaim.png"}))
    assert problem.field == "poster" and "terlalu besar" in problem.message


def test_a_slug_too_long_for_a_file_name_is_refused_by_check(content):
    problem = _one(_check(content, replace={"consent: true": "consent: true\nslug: " + "a" * 300}))
    assert (problem.line, problem.field) == (9, "slug")
    name = "a" * 240
    problem = _one(_check(content, name=name))
    assert problem.field == "slug" and "terlalu panjang" in problem.message


# --- data files: bounded, regular, counted ------------------------------------------------

def test_a_registry_linked_to_dev_zero_is_refused_at_once(content):
    path = content / "data/schools.yml"
    path.unlink()
    path.symlink_to("/dev/zero")
    started = time.monotonic()
    problem = _one([p for p in _registry(content).problems if p.path.endswith("schools.yml")])
    assert time.monotonic() - started < 30
    assert problem.field == "berkas" and "symlink" in problem.message


def test_a_quarter_million_entry_registry_is_refused_quickly(content):
    # The bounds below guard against a hang or a MemoryError (main took 42 s and then
    # failed); they are generous because the suite runs on a loaded two-core machine.
    path = content / "data/schools.yml"
    path.write_text("- x\n" * 250_000, encoding="utf-8")
    started = time.monotonic()
    problem = _one([p for p in _registry(content).problems if p.path.endswith("schools.yml")])
    assert time.monotonic() - started < 60
    assert "batas 20.000" in problem.message
    path.write_bytes(b"- x\n" * 13_000_000)  # 52 MB
    started = time.monotonic()
    problem = _one([p for p in _registry(content).problems if p.path.endswith("schools.yml")])
    assert time.monotonic() - started < 30 and "terlalu besar" in problem.message


def test_a_warm_check_sees_a_broken_index_rules_file(content, tmp_path):
    settings = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"),
                "KIPRAH_MAX_SOURCE_BYTES": 200_000}
    paths = (content / "data/kecamatan.yml", content / "data/schools.yml")
    loads = []

    def load(*args):
        loads.append(1)
        return load_registry(*args)

    assert remembered_registry(settings, paths, load).problems == []
    rules = content / "data/iid-2026.yml"
    good = rules.read_text(encoding="utf-8")
    rules.write_text(good.replace("year: 2026", "year: duaribu"), encoding="utf-8")
    broken = remembered_registry(settings, paths, load)
    assert [p.field for p in broken.problems] == ["year"]
    rules.write_text(good, encoding="utf-8")
    assert remembered_registry(settings, paths, load).problems == []
    assert len(loads) == 3


# --- no file silently skipped ------------------------------------------------------------

@pytest.mark.parametrize("name, renamed", [("kiprah.MD", "kiprah.md"), ("kiprah.markdown", "kiprah.md"),
                                           (".hidden.md", "hidden.md"), ("..md", "20300001-judul-kiprah.md"),
                                           ("kiprah.Md", "kiprah.md"), ("kiprah.txt", "kiprah.md")])
def test_a_showcase_the_build_would_not_read_is_named(content, name, renamed):
    path = content / "kiprah" / name
    path.write_text(SHOWCASE, encoding="utf-8")
    _, problems = check_content(content, _registry(content))
    problem = _one(problems)
    assert problem.path == display_path(path) and problem.field == "berkas"
    assert f"ganti nama menjadi `{renamed}`" in problem.hint


def test_readme_and_editor_leftovers_are_not_reported(content):
    for name in ("README.md", ".gitkeep", ".uji.md.swp", "uji.md~", "catatan.txt"):
        (content / "kiprah" / name).write_text("x", encoding="utf-8")
    _, problems = check_content(content, _registry(content))
    assert problems == []


# --- messages: the right line, the right field, safe to print ------------------------------

def test_a_key_true_is_reported_on_its_line_as_written(content):
    text = SHOWCASE.replace("consent: true\n", "consent: true\ntrue: 1\n")
    problem = _one(_check(content, text=text))
    assert (problem.line, problem.field) == (9, "true")
    assert problem.message == "kunci `true` tidak dikenal"


@pytest.mark.parametrize("separator", ["\u0085", "\u2028", "\u2029"])
def test_an_invisible_line_separator_is_refused_on_its_line(content, separator):
    text = SHOWCASE.replace("Murid kelas 5 memainkan gamelan.", f"Murid{separator}kelas 5.")
    problem = _one(_check(content, text=text))
    assert problem.line == 7 and f"U+{ord(separator):04X}" in problem.message


def test_utf16_without_a_bom_has_its_own_message(content):
    path = content / "kiprah" / "utf16.md"
    path.write_bytes(SHOWCASE.encode("utf-16-le"))
    _, problems = check_content(content, _registry(content))
    problem = _one([p for p in problems if p.path == display_path(path)])
    assert problem.message == "tersimpan sebagai UTF-16 (tanpa BOM), bukan UTF-8"


def test_a_huge_unknown_key_is_not_echoed_in_full(content):
    key = "k" * 190_000  # an explicit key (`? `): a plain one stops at 1,024 characters
    problem = _one(_check(content, replace={"consent: true": f"consent: true\n? {key}\n: 1"}))
    assert problem.line == 9 and len(str(problem)) < 300


@pytest.mark.parametrize("name", ["a:5: title: palsu", "baris\nkedua", "a\x1b[2Jb"])
def test_a_file_name_cannot_forge_a_message_line(content, name):
    path = content / "kiprah" / f"{name}.md"
    path.write_text(SHOWCASE.replace("consent: true", "consent: false"), encoding="utf-8")
    _, problems = check_content(content, _registry(content))
    lines = "\n".join(str(p) for p in problems).splitlines()
    assert len(lines) == len(problems) >= 1
    assert all(line.startswith('"') for line in lines), lines


def test_a_github_annotation_carries_no_raw_control_character():
    from kasdikdas.model.problems import github_command

    command = github_command(Problem("content/kiprah/a\x1b[2Jb.md", 2, "title", "judul\x1b", "x"))
    assert "\x1b" not in command and "\\u001b" in command


def test_data_file_messages_name_the_file_and_the_school_field(content):
    rules = content / "data/iid-2026.yml"
    rules.write_text("- 1\n- 2\n", encoding="utf-8")
    schools = content / "data/schools.yml"
    schools.write_text(schools.read_text(encoding="utf-8").replace(
        "name: SD Negeri 1 Blora", "name:", 1), encoding="utf-8")
    problems = _clean(_registry(content).problems)
    by_file = {Path(p.path).name: p for p in problems}
    assert by_file["iid-2026.yml"].field == "berkas"
    school = by_file["schools.yml"]
    assert (school.line, school.field, school.message) == (7, "name", "kosong")
    assert "nama sekolah" in school.hint and "inovasi" not in school.hint


def test_an_empty_title_is_told_to_write_a_title(content):
    problem = _one(_check(content, replace={"title: Gamelan Cilik Kelas 5": "title:"}))
    assert (problem.line, problem.field, problem.message) == (2, "title", "kosong")
    assert '"kosong"' not in problem.hint and "judul" in problem.hint


# --- the school import ----------------------------------------------------------------------

HEADER = ["NPSN", "Nama", "Bentuk_Pendidikan", "Status", "Alamat", "Desa_Kelurahan", "Kecamatan"]


def _export(path: Path, rows, header=HEADER) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _all_schools(content, upper=False):
    entries = yaml.safe_load((content / "data/schools.yml").read_text(encoding="utf-8"))
    return [[e["npsn"], e["name"].upper() if upper else e["name"], e["level"], e["status"].upper(),
             e["address"].upper() if upper else e["address"], e["village"], e["kecamatan"]]
            for e in entries]


@pytest.mark.parametrize("target", ["missing", "folder", "/dev/zero"])
def test_the_import_reads_only_a_regular_file(content, tmp_path, target):
    export = {"missing": tmp_path / "tidak-ada.csv", "folder": tmp_path, "/dev/zero": Path("/dev/zero")}[target]
    before = (content / "data/schools.yml").read_bytes()
    started = time.monotonic()
    result = import_schools(export, tasks._settings(content))
    assert time.monotonic() - started < 60
    problem = _one(result.problems)
    assert problem.field == "berkas" and not result.written
    assert (content / "data/schools.yml").read_bytes() == before


@pytest.mark.parametrize("cell, fragment", [("x" * 200_000, "lebih panjang"), ("SD \x1b[31mMerah", "kendali"),
                                            ("SD\u2028Negeri", "tak terlihat"),
                                            ("SD\x85Negeri", "kendali"), ("SD \u202eNegeri", "tak terlihat"),
                                            ("x" * 1000, "terlalu panjang")])
def test_the_import_refuses_huge_cells_and_control_characters_writing_nothing(content, tmp_path, cell,
                                                                              fragment):
    rows = _all_schools(content)
    rows[3][1] = cell
    before = (content / "data/schools.yml").read_bytes()
    result = import_schools(_export(tmp_path / "d.csv", rows), tasks._settings(content))
    problem = _one(result.problems)
    assert problem.line == 5 and fragment in problem.message and not result.written
    assert (content / "data/schools.yml").read_bytes() == before


def test_the_import_refuses_a_duplicated_name_column(content, tmp_path):
    rows = [[*row, "Sekolah Lain"] for row in _all_schools(content)]
    before = (content / "data/schools.yml").read_bytes()
    result = import_schools(_export(tmp_path / "d.csv", rows, [*HEADER, "nama_sekolah"]),
                            tasks._settings(content))
    problem = _one(result.problems)
    assert (problem.line, problem.field) == (1, "kolom") and "nama" in problem.message
    assert (content / "data/schools.yml").read_bytes() == before


@pytest.mark.parametrize("latitude", ["1_0", "inf", "1e1", "nan"])
def test_the_import_reads_coordinates_as_plain_decimals(content, tmp_path, latitude):
    rows = [[*row, latitude] for row in _all_schools(content)[:1]]
    kecamatan, _ = load_kecamatan(content / "data/kecamatan.yml")
    _, _, problems = read_export(_export(tmp_path / "d.csv", rows, [*HEADER, "lintang"]), kecamatan)
    problem = _one(problems)
    assert problem.field == "lintang" and f"`{latitude}`" in problem.message


def test_dapodik_capitals_are_no_rename_and_the_file_keeps_its_form(content, tmp_path):
    path = content / "data/schools.yml"
    before = path.read_text(encoding="utf-8")
    rows = _all_schools(content, upper=True)
    rows.append(["20300999", "SD NEGERI 3 KUNDURAN", "SD", "NEGERI", "JL. RAYA KUNDURAN NO. 3",
                 "KUNDURAN", "kunduran"])
    result = import_schools(_export(tmp_path / "d.csv", rows), tasks._settings(content))
    assert result.written and result.problems == []
    assert result.changes.renamed == [] and result.changes.updated == []
    assert result.changes.new == ["20300999 SD Negeri 3 Kunduran (Kec. Kunduran)"]
    after = path.read_text(encoding="utf-8")
    kept = [line for line in before.splitlines() if line.strip() != "sample: true"]
    assert after.splitlines()[:len(kept)] == kept  # comments, quoting, order: every line kept
    new = yaml.safe_load(after)[-1]
    assert (new["name"], new["short_name"], new["address"], new["village"]) == (
        "SD Negeri 3 Kunduran", "SDN 3 Kunduran", "Jl. Raya Kunduran No. 3", "Kunduran")


def test_a_real_rename_is_applied_on_its_line(content, tmp_path):
    path = content / "data/schools.yml"
    before = path.read_text(encoding="utf-8").splitlines()
    rows = _all_schools(content)
    rows[0][1] = "SD NEGERI 1 KAUMAN"
    result = import_schools(_export(tmp_path / "d.csv", rows), tasks._settings(content))
    assert result.changes.renamed == ["20300001: SD Negeri 1 Blora → SD Negeri 1 Kauman"]
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[6] == "  name: SD Negeri 1 Kauman" and after[:6] == before[:6]
