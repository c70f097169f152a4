"""Every error kind of `invoke check` (issue 2, item 3): the message names the file,
the line where one applies, and the field, and says how to fix it."""

from __future__ import annotations

import pytest

from support.hostile import scratch_content
from support.showcases import GAMELAN
from kasdikdas.model.paths import display_path
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content

SHOWCASE = GAMELAN

BAD_SCHOOLS = """
- npsn: "20300001"
  name: SD Kembar
  short_name: SD Kembar
  level: SD
  status: negeri
  kecamatan: blora
  village: Kauman
  address: Jl. Kembar
- npsn: "2030x999"
  name: SD Salah Jenjang
  short_name: SD Salah
  level: SDN
  status: negri
  kecamatan: blora
  village: Kauman
  address: Jl. Salah
- npsn: "20309998"
  name: SD Salah Kecamatan
  short_name: SD Kec
  level: SMP
  status: swasta
  kecamatan: blor
  village: Kauman
  address: Jl. Kec
- npsn: "20309997"
  name: SD Tautan Jahat
  short_name: SD Tautan
  level: SD
  status: swasta
  kecamatan: blora
  village: Kauman
  address: Jl. Tautan
  links:
    website: javascript:alert(document.cookie)
"""


def _write(content, name, text):
    path = content / "kiprah" / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def _check(content):
    registry = load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")
    return check_content(content, registry)


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """One folder, one problem per file, checked in one run."""
    content = scratch_content(tmp_path_factory.mktemp("validation") / "content", showcases=False)
    schools = content / "data/schools.yml"
    first_line = len(schools.read_text(encoding="utf-8").splitlines()) + 1
    with schools.open("a", encoding="utf-8") as handle:
        handle.write(BAD_SCHOOLS)
    cases = {
        "baik": SHOWCASE,
        "sintaks-yaml": SHOWCASE.replace('summary: Murid kelas 5 memainkan gamelan.',
                                         'summary: "Murid kelas 5 memainkan gamelan.'),
        "tanpa-judul": SHOWCASE.replace("title: Gamelan Cilik Kelas 5\n", ""),
        "npsn-asing": SHOWCASE.replace('school: "20300001"', 'school: "20300010"'),
        "kategori-salah": SHOWCASE.replace("category: kreativitas-siswa", "category: kegiatan-sekola"),
        "tanggal-salah": SHOWCASE.replace("date: 2024-10-11", "date: 2024-02-31"),
        "tanpa-izin": SHOWCASE.replace("consent: true", "consent: false"),
        "video-hilang": SHOWCASE.replace("videos/20300001-gamelan-cilik.mp4", "videos/gamelan.mp4"),
        "video-huruf": SHOWCASE.replace("videos/20300001-gamelan-cilik.mp4",
                                        "videos/20300001-Gamelan-Cilik.MP4"),
        "video-salah-ketik": SHOWCASE.replace("videos/20300001-gamelan-cilik.mp4",
                                              "videos/20300001-gamelan-cilk.mp4"),
        "video-luar": SHOWCASE.replace("videos/20300001-gamelan-cilik.mp4", "../rahasia.mp4"),
        "slug-a": SHOWCASE.replace("consent: true", "consent: true\nslug: sama"),
        "slug-b": SHOWCASE.replace("consent: true", "consent: true\nslug: sama"),
    }
    for name, text in cases.items():
        _write(content, name, text)
    (content / "kiprah/latin-1.md").write_bytes(SHOWCASE.replace("Jumat", "Jum\xe1t").encode("cp1252"))
    showcases, problems = _check(content)
    return content, first_line, showcases, problems


def _one(broken, name, field):
    content, _, _, problems = broken
    shown = display_path(content / "kiprah" / f"{name}.md")
    found = [p for p in problems if p.path == shown]
    assert len(found) == 1, found
    assert found[0].field == field
    assert found[0].hint, "every message says how to fix it"
    return found[0]


def test_yaml_syntax_error_has_its_line(broken):
    problem = _one(broken, "sintaks-yaml", "summary")
    assert problem.line == 7  # where the quote that is never closed opens
    assert problem.message == 'YAML tidak valid: tanda kutip " pada `summary` dibuka tetapi tidak ditutup'
    assert problem.hint == 'tutup tanda kutip di akhir baris ini, mis. `summary: "…"`'


def test_missing_required_field(broken):
    problem = _one(broken, "tanpa-judul", "title")
    assert problem.message == "wajib diisi tetapi tidak ada"
    assert problem.hint.startswith("tambahkan judul singkat")


def test_unknown_npsn_suggests_close_matches(broken):
    problem = _one(broken, "npsn-asing", "school")
    assert problem.line == 4
    assert problem.message == "NPSN 20300010 tidak ada di daftar sekolah"
    # one slip first (a wrong digit), then two
    assert problem.hint == ("mungkin maksud Anda 20300001 (SDN 1 Blora), 20300011 (SDN 1 Cepu), "
                            "20300012 (SDN 3 Balun)?")


def test_unknown_category_suggests_the_nearest(broken):
    problem = _one(broken, "kategori-salah", "category")
    assert problem.line == 5
    assert problem.message == "nilai `kegiatan-sekola` tidak dikenal"
    assert problem.hint.startswith("mungkin maksud Anda `kegiatan-sekolah`?")


def test_bad_date(broken):
    problem = _one(broken, "tanggal-salah", "date")
    assert (problem.line, problem.message) == (3, "tanggal `2024-02-31` tidak valid")


def test_consent_not_true(broken):
    problem = _one(broken, "tanpa-izin", "consent")
    assert problem.line == 8
    assert "consent: true" in problem.hint


def test_video_missing(broken):
    problem = _one(broken, "video-hilang", "video")
    assert (problem.line, problem.message) == (6, "video `videos/gamelan.mp4` tidak ditemukan")


def test_a_video_name_in_other_letter_case_or_mistyped_gets_the_real_name(broken):
    case = _one(broken, "video-huruf", "video")
    assert case.message == "video `videos/20300001-Gamelan-Cilik.MP4` tidak ditemukan"
    assert case.hint.startswith("mungkin maksud Anda `videos/20300001-gamelan-cilik.mp4`? "
                                "(huruf besar dan kecil harus sama persis)")
    typo = _one(broken, "video-salah-ketik", "video")
    assert typo.hint.startswith("mungkin maksud Anda `videos/20300001-gamelan-cilik.mp4`?")
    assert "huruf besar" not in typo.hint
    # nothing close: the plain hint
    assert "maksud Anda" not in _one(broken, "video-hilang", "video").hint


def test_video_outside_content(broken):
    problem = _one(broken, "video-luar", "video")
    assert (problem.line, problem.message) == (6, "`../rahasia.mp4` menunjuk ke luar folder content/")


def test_duplicate_slugs(broken):
    a = _one(broken, "slug-a", "slug")
    b = _one(broken, "slug-b", "slug")
    assert a.message.startswith("alamat /kiprah/sama/ juga dipakai oleh") and a.message.endswith("slug-b.md")
    assert b.message.endswith("slug-a.md")


def test_non_utf8_file_names_the_line(broken):
    problem = _one(broken, "latin-1", "berkas")
    assert problem.line == 10
    assert problem.message.startswith("bukan teks UTF-8 (byte 0xe1")
    assert "UTF-8" in problem.hint


def _registry_problem(broken, field, text):
    content, _, _, problems = broken
    shown = display_path(content / "data/schools.yml")
    found = [p for p in problems if p.path == shown and p.field == field and text in p.message]
    assert len(found) == 1, [str(p) for p in problems if p.path == shown]
    return found[0]


def test_duplicate_npsn_in_registry(broken):
    _, first, _, _ = broken
    problem = _registry_problem(broken, "npsn", "NPSN 20300001 sudah dipakai")
    assert problem.line == first + 1  # the duplicate's own `npsn:` line
    assert problem.message == "NPSN 20300001 sudah dipakai di baris 6"


def test_unknown_level_suggests_the_nearest(broken):
    _, first, _, _ = broken
    problem = _registry_problem(broken, "level", "`SDN` tidak dikenal")
    assert problem.line == first + 12
    assert problem.hint.startswith("mungkin maksud Anda `SD`?")
    status = _registry_problem(broken, "status", "`negri` tidak dikenal")
    assert status.hint.startswith("mungkin maksud Anda `negeri`?")
    npsn = _registry_problem(broken, "npsn", "`2030x999` tidak sesuai format")
    assert npsn.line == first + 9


def test_school_links_must_be_web_addresses(broken):
    _, first, _, _ = broken
    problem = _registry_problem(broken, "links.website", "bukan alamat web yang sah")
    assert problem.line == first + 34
    assert problem.message == "`javascript:alert(document.cookie)` bukan alamat web yang sah"


def test_unknown_kecamatan_suggests_the_nearest(broken):
    _, first, _, _ = broken
    problem = _registry_problem(broken, "kecamatan", "kecamatan `blor` tidak dikenal")
    assert problem.line == first + 22
    assert problem.hint == "mungkin maksud Anda `blora`?"


def test_every_problem_in_one_run_and_the_good_file_survives(broken):
    content, _, showcases, problems = broken
    files = {p.path for p in problems}
    assert len([f for f in files if f.endswith(".md")]) == 13
    assert display_path(content / "data/schools.yml") in files
    assert {s.slug for s in showcases} >= {"baik"}
    assert not any(s.slug in {"npsn-asing", "tanpa-izin", "video-luar"} for s in showcases)


@pytest.mark.parametrize("name", ["schools.yml", "kecamatan.yml"])
def test_registry_yaml_syntax_error_has_its_line(tmp_path, name):
    content = scratch_content(tmp_path / "content", showcases=False)
    path = content / "data" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[7] = lines[7] + ": x"  # line 8 now holds two colons
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = _check(content)
    mine = [p for p in problems if p.path == display_path(path)]
    assert len(mine) == 1
    assert mine[0].line == 8 and mine[0].field == "berkas"
    assert mine[0].message == "YAML tidak valid: ada titik dua (:) di tengah nilai"
