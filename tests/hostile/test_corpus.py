"""Hostile and broken showcases: each gets its exact message, never a traceback.

The whole corpus (tests/corpus/kiprah plus generated binary and oversized cases) sits
in ONE content folder and is checked in ONE run, so the tests also show that every
problem is reported at once and that the valid files next to the broken ones survive.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.hostile import CORPUS, ROOT, scratch_content
from support.outputscan import scan_html
from kasdikdas.model.problems import ContentError
from kasdikdas.model.paths import display_path
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content
from kasdikdas.build import build_site, pelican_settings

FIELD_HINT_VIDEO_OUTSIDE = "simpan video di dalam content/"

# stem → (line, field, message, a phrase of the hint): the exact problem expected.
EXPECTED = {
    "no-front-matter": (1, "front matter", "front matter YAML tidak ditemukan", "awali berkas dengan baris `---`"),
    "empty-front-matter": (2, "front matter", "front matter kosong, bukan pasangan kunci: nilai", "invoke new"),
    "list-front-matter": (2, "front matter", "front matter berupa daftar, bukan pasangan kunci: nilai", "invoke new"),
    "unclosed-front-matter": (1, "front matter", "front matter tidak ditutup", "tambahkan baris `---`"),
    "yaml-colon": (2, "front matter", "YAML tidak valid: ada titik dua (:) di tengah nilai",
                   "beri tanda kutip pada nilai yang memuat titik dua"),
    "yaml-alias": (8, "front matter", "`*seni` dibaca sebagai alias YAML", 'mis. "*seni"'),
    "duplicate-key": (10, "front matter", "kunci `title` ditulis dua kali (juga di baris 2)", "hapus salah satunya"),
    "number-title": (2, "title", "harus berupa teks, bukan angka `2024`", 'title: "2024"'),
    "string-tags": (8, "tags", "harus berupa daftar, bukan teks", "tags: [seni, budaya]"),
    "bad-date": (3, "date", "tanggal `2024-13-45` tidak valid", "TAHUN-BULAN-TANGGAL"),
    "local-date": (3, "date", "tanggal `11/10/2024` tidak valid", "TAHUN-BULAN-TANGGAL"),
    "unknown-npsn": (4, "school", "NPSN 20300999 tidak ada di daftar sekolah", "mungkin maksud Anda 20300091 (SDN 1 Tunjungan), 20300092 (SMPN 1 Tunjungan)?"),
    "category-typo": (5, "category", "nilai `kreativitas-sisswa` tidak dikenal",
                      "mungkin maksud Anda `kreativitas-siswa`?"),
    "missing-summary": (1, "summary", "wajib diisi tetapi tidak ada", "tambahkan satu kalimat"),
    "consent-false": (9, "consent", "izin publikasi belum ada (consent bukan true)", "izin tertulis orang tua"),
    "consent-text": (9, "consent", "harus `true` atau `false`, bukan `ya`", "consent: true"),
    "consent-quoted-true": (9, "consent", 'harus tepat `true`, bukan `"true"`', "tanpa tanda kutip"),
    "consent-number": (9, "consent", "harus tepat `true`, bukan `1`", "tanpa tanda kutip"),
    "empty-body": (11, "isi", "penjelasan kiprah kosong", "tulis beberapa kalimat"),
    "video-traversal": (6, "video", "`../../etc/passwd` menunjuk ke luar folder content/", FIELD_HINT_VIDEO_OUTSIDE),
    "video-absolute": (6, "video", "`/etc/passwd` adalah path absolut", "relatif terhadap folder content/"),
    "video-symlink": (6, "video", "`videos/tautan-keluar.mp4` menunjuk ke luar folder content/",
                      FIELD_HINT_VIDEO_OUTSIDE),
    "video-missing": (6, "video", "video `videos/tidak-ada.mp4` tidak ditemukan", "content/videos/tidak-ada.mp4"),
    "video-empty": (6, "video", "video `videos/kosong.mp4` kosong (0 byte)", "salin ulang video"),
    "video-file-url": (6, "video", "`file:///etc/passwd` bukan path berkas atau alamat https", "https://"),
    "poster-not-a-picture": (10, "poster", "gambar poster `images/bukan-gambar.jpg` rusak atau bukan gambar",
                             "JPEG, PNG atau WebP"),
    "social-javascript": (11, "social.instagram", "`javascript:alert(document.cookie)` bukan alamat web yang sah",
                          "diawali https://"),
    "social-data": (11, "social.facebook", "`data:text/html,<script>alert(1)</script>` bukan alamat web yang sah",
                    "diawali https://"),
    # generated below (binary, oversized or links)
    "latin1": (12, "berkas", "bukan teks UTF-8 (byte 0xe9 di posisi 273)", "simpan ulang berkas sebagai UTF-8"),
    "utf16": (None, "berkas", "tersimpan sebagai UTF-16, bukan UTF-8", "simpan ulang berkas sebagai UTF-8"),
    "crlf-bad-date": (3, "date", "tanggal `2024-02-30` tidak valid", "TAHUN-BULAN-TANGGAL"),
    "huge": (None, "berkas", "berkas terlalu besar (5.000.000 byte, batas 200.000)", "beberapa paragraf"),
    "nul-in-body": (12, "isi", "penjelasan memuat karakter kendali yang tak terlihat (U+0000)", "ketik ulang"),
    "escape-in-title": (2, "front matter", "nilai memuat karakter kendali yang tak terlihat (U+001B)", "ketik ulang"),
    "deep-yaml": (8, "front matter", "YAML bertingkat lebih dari 20 lapis", "dua tingkat"),
    "deep-list": (14, "isi", "penjelasan bertingkat terlalu dalam (daftar atau kutipan di dalam daftar)",
                  "daftar satu tingkat"),
    "showcase-symlink-out": (None, "berkas", "berkas ini tautan (symlink) ke luar folder content/",
                             "sebagai berkas biasa"),
    "broken-symlink": (None, "berkas", "berkas ini tautan (symlink) ke luar folder content/", "sebagai berkas biasa"),
}
SLUG_TWINS = ("slug-twin-a", "slug-twin-b")
VALID = {"valid-control", "xss-valid", "bom", "crlf"}  # the valid oddities and a control


def _source(name: str) -> str:
    return (CORPUS / "kiprah" / f"{name}.md").read_text(encoding="utf-8")


def generate_cases(content: Path) -> None:
    """The binary, oversized and link cases, written where a repo should not hold them."""
    kiprah, good = content / "kiprah", _source("valid-control")
    (kiprah / "bom.md").write_bytes(b"\xef\xbb\xbf" + good.encode())
    (kiprah / "crlf.md").write_bytes(good.replace("\n", "\r\n").encode())
    bad_date = good.replace("date: 2024-10-11", "date: 2024-02-30")
    (kiprah / "crlf-bad-date.md").write_bytes(bad_date.replace("\n", "\r\n").encode())
    (kiprah / "latin1.md").write_bytes((good + "Kegiatan di caf\xe9 sekolah.\n").encode("latin-1"))
    (kiprah / "utf16.md").write_bytes(good.encode("utf-16"))
    (kiprah / "huge.md").write_bytes(good.encode().ljust(5_000_000, b"a"))  # 5 MB exactly
    (kiprah / "nul-in-body.md").write_text(good + "Baris kedua\x00 dengan NUL.\n", encoding="utf-8")
    (kiprah / "escape-in-title.md").write_text(
        good.replace("title: Gamelan Cilik Kelas 5", 'title: "Gamelan \\e[31m"'), encoding="utf-8")
    (kiprah / "deep-yaml.md").write_text(
        good.replace("tags: [seni, budaya]", "tags: " + "[" * 50 + "]" * 50), encoding="utf-8")
    (kiprah / "deep-list.md").write_text(good + "\nDaftar:\n" + "- " * 600 + "x\n", encoding="utf-8")
    outside = content.parent / "di-luar.md"
    outside.write_text(good, encoding="utf-8")
    os.symlink(outside, kiprah / "showcase-symlink-out.md")
    os.symlink(content.parent / "tidak-ada.md", kiprah / "broken-symlink.md")
    (content / "videos" / "kosong.mp4").write_bytes(b"")
    (content / "images").mkdir()
    (content / "images" / "bukan-gambar.jpg").write_bytes(b"\xff\xd8\xff\xe0 bukan JPEG sungguhan")
    os.symlink("/etc/hostname", content / "videos" / "tautan-keluar.mp4")


@pytest.fixture(scope="module")
def corpus_content(tmp_path_factory) -> Path:
    content = scratch_content(tmp_path_factory.mktemp("corpus") / "content", showcases=False)
    for path in (CORPUS / "kiprah").glob("*.md"):
        shutil.copy2(path, content / "kiprah" / path.name)
    generate_cases(content)
    return content


@pytest.fixture(scope="module")
def checked(corpus_content):
    registry = load_registry(corpus_content / "data/kecamatan.yml", corpus_content / "data/schools.yml")
    return check_content(corpus_content, registry)


def _problems_of(checked, content, stem):
    shown = display_path(content / "kiprah" / f"{stem}.md")
    return [p for p in checked[1] if p.path == shown]


def test_every_corpus_file_is_expected():
    on_disk = {p.stem for p in (CORPUS / "kiprah").glob("*.md")}
    assert on_disk <= set(EXPECTED) | VALID | set(SLUG_TWINS)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_exact_message(checked, corpus_content, stem):
    line, field, message, hint = EXPECTED[stem]
    problems = _problems_of(checked, corpus_content, stem)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.line, problem.field, problem.message) == (line, field, message)
    assert hint in problem.hint
    where = f"{problem.path}:{line}" if line else problem.path
    assert str(problem).startswith(f"{where}: {field}: {message} — ")


def test_duplicate_slugs_name_each_other(checked, corpus_content):
    a, b = (display_path(corpus_content / "kiprah" / f"{s}.md") for s in SLUG_TWINS)
    problems = {p.path: p for p in checked[1] if p.field == "slug"}
    assert problems[a].message == f"alamat /kiprah/kembar/ juga dipakai oleh {b}"
    assert problems[b].message == f"alamat /kiprah/kembar/ juga dipakai oleh {a}"


def test_valid_oddities_and_neighbours_survive(checked):
    showcases, problems = checked
    by_file = {Path(s.source_path).stem: s for s in showcases}
    assert VALID <= set(by_file)
    assert not set(by_file) - VALID - set(SLUG_TWINS)  # nothing broken slipped through
    assert {p.path for p in problems if Path(p.path).stem in VALID} == set()
    # BOM and CRLF files read exactly like the control file
    for stem in ("bom", "crlf"):
        assert by_file[stem].title == by_file["valid-control"].title
        assert by_file[stem].tags == ("seni", "budaya")
    odd = by_file["xss-valid"]
    assert odd.title == "<script>alert('judul')</script> \" ' & </title> 🎷"
    assert odd.summary == "Ringkasan </title><img src=x onerror=alert(1)> & 'kutip' 🎉"


def test_nothing_unexpected_is_reported(checked):
    stems = {Path(p.path).stem for p in checked[1]}
    assert stems == set(EXPECTED) | set(SLUG_TWINS)
    assert not [p for p in checked[1] if "kesalahan program" in p.hint]


def test_invoke_check_lists_every_problem_in_one_run(corpus_content, checked):
    result = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(corpus_content)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    problems = checked[1]
    for problem in problems:
        assert str(problem) in result.stdout
    files = len({p.path for p in problems})
    assert f"{len(problems)} masalah di {files} berkas." in result.stdout


def test_build_refuses_with_the_same_messages(corpus_content, checked, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "lama.html").write_text("situs lama")
    with pytest.raises(ContentError) as raised:
        build_site(ROOT / "pelicanconf.py", output, PATH=str(corpus_content),
                   CACHE_PATH=str(tmp_path / "cache"))
    assert sorted(map(str, raised.value.problems)) == sorted(map(str, checked[1]))
    assert [p.name for p in output.iterdir()] == ["lama.html"]  # the old site is untouched


def test_a_refused_build_does_not_spoil_the_next(corpus_content, tmp_path):
    """After bad content stops a build, the next good build in the same process (as in
    `invoke livereload`) is complete, sitemap included."""
    with pytest.raises(ContentError):
        build_site(ROOT / "pelicanconf.py", tmp_path / "gagal", PATH=str(corpus_content),
                   CACHE_PATH=str(tmp_path / "cache"))
    content = scratch_content(tmp_path / "content", showcases=False)
    shutil.copy2(corpus_content / "kiprah" / "valid-control.md", content / "kiprah")
    output = build_site(ROOT / "pelicanconf.py", tmp_path / "output", PATH=str(content),
                        CACHE_PATH=str(tmp_path / "cache2"))
    assert (output / "kiprah/valid-control/index.html").is_file()
    if "pelican.plugins.sitemap" in pelican_settings(ROOT / "pelicanconf.py")["PLUGINS"]:
        assert "kiprah/valid-control/" in (output / "sitemap.xml").read_text(encoding="utf-8")


def test_build_of_the_valid_oddities(corpus_content, tmp_path):
    content = scratch_content(tmp_path / "content", showcases=False)
    for stem in VALID:
        shutil.copy2(corpus_content / "kiprah" / f"{stem}.md", content / "kiprah")
    output = build_site(ROOT / "pelicanconf.py", tmp_path / "output", PATH=str(content),
                        CACHE_PATH=str(tmp_path / "cache"))
    built = {p.parent.name for p in (output / "kiprah").glob("*/index.html")}
    assert built == VALID
    html = (output / "kiprah/xss-valid/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;judul&#39;)&lt;/script&gt; &#34; &#39; &amp; &lt;/title&gt; 🎷" in html
    assert scan_html(html, "xss-valid").findings == []  # theme scripts only


def test_a_showcase_pelican_failed_to_read_is_reported(tmp_path):
    """Pelican logs and skips a file its reader chokes on; the plugin turns that into a
    Problem so the build fails instead of publishing a site without it."""
    from types import SimpleNamespace

    from kasdikdas.validate.resolve import unread_showcase_problems

    generator = SimpleNamespace(
        settings={"PATH": str(tmp_path), "KIPRAH_DIR": "kiprah"},
        context={"generated_content": {"kiprah/hilang.md": None, "kiprah/ada.md": object(),
                                       "pages/tentang.md": None}})
    problems = [problem for _, problem in unread_showcase_problems(generator)]
    assert [(p.path, p.field, p.message) for p in problems] == [
        (display_path(tmp_path / "kiprah/hilang.md"), "berkas", "berkas ini tidak bisa dibaca oleh Pelican")]
