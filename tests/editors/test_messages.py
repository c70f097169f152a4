"""The smaller things an editor met (issue 18): each message says what is really wrong,
on the right line, and `invoke check --format github` puts each on its line of a PR."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from support.hostile import scratch_content
from support.showcases import GAMELAN, GAMELAN_VIDEO
from kasdikdas.model.problems import Problem, format_github, github_command
from kasdikdas.model.paths import display_path
from kasdikdas.model.registry import load_registry
from kasdikdas.scaffold import new_showcase
from kasdikdas.validate import check_content

pytestmark = pytest.mark.fast

VIDEO, SHOWCASE = GAMELAN_VIDEO, GAMELAN


@pytest.fixture
def content(tmp_path):
    return scratch_content(tmp_path / "content", showcases=False)


def _problems(content, name, text):
    path = content / "kiprah" / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    registry = load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")
    _, problems = check_content(content, registry)
    return [p for p in problems if p.path == display_path(path)]


def test_the_sample_showcase_passes(content):
    assert _problems(content, "baik", SHOWCASE) == []


def test_scaffold_placeholders_do_not_pass_with_consent(content):
    registry = load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")
    path = new_showcase(content, registry, "20300001", "Gamelan Baru", today=dt.date(2024, 10, 1))
    text = path.read_text(encoding="utf-8")
    text = text.replace("consent: false", "consent: true")
    text = re.sub(r"^video: \S+", f"video: {VIDEO}", text, flags=re.M)
    problems = _problems(content, path.stem, text)
    lines = text.splitlines()
    by_field = {p.field: p for p in problems}
    assert set(by_field) == {"summary", "isi"}, problems
    assert lines[by_field["summary"].line - 1].startswith("summary:")
    assert lines[by_field["isi"].line - 1].startswith("Tulis penjelasan singkat")
    assert "teks contoh dari `invoke new`" in by_field["summary"].message
    assert "teks contoh dari `invoke new`" in by_field["isi"].message

    filled = text.replace(lines[by_field["summary"].line - 1], "summary: Murid bermain gamelan.")
    filled = filled.split("---\n", 2)
    filled = "---\n".join(filled[:2]) + "---\nMurid kelas 5 berlatih gamelan setiap Jumat.\n"
    assert _problems(content, path.stem, filled) == []


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_in_title_is_reported_on_its_line(content, quote):
    text = SHOWCASE.replace("title: Gamelan Cilik Kelas 5", f"title: {quote}Gamelan Cilik Kelas 5")
    (problem,) = _problems(content, "kutip", text)
    assert problem.line == 2 and problem.field == "title"
    assert f"tanda kutip {quote} pada `title` dibuka tetapi tidak ditutup" in problem.message


def test_closed_quotes_with_escapes_still_pass(content):
    text = SHOWCASE.replace("title: Gamelan Cilik Kelas 5", 'title: "Gamelan \\"Cilik\\": Kelas 5"')
    assert _problems(content, "kutip-baik", text) == []


def test_unclosed_bracket_keeps_its_own_message(content):
    text = SHOWCASE.replace("summary: Murid kelas 5 memainkan gamelan.", "summary: Murid\ntags: [seni")
    (problem,) = _problems(content, "kurung", text)
    assert "kurung [ dibuka tetapi tidak ditutup" in problem.message and problem.line == 8


@pytest.mark.parametrize("written", [f"content/{VIDEO}", "content\\videos\\20300001-gamelan-cilik.mp4",
                                     "./content/videos/20300001-gamelan-cilik.mp4"])
def test_video_written_from_the_project_folder_gets_the_right_hint(content, written):
    (problem,) = _problems(content, "video", SHOWCASE.replace(f"video: {VIDEO}", f"video: {written}"))
    assert problem.field == "video" and problem.line == 6
    assert "content/content" not in problem.hint
    assert f"tulis `video: {VIDEO}`" in problem.hint


def test_backslashes_in_a_video_path_are_read_as_folders(content):
    text = SHOWCASE.replace(f"video: {VIDEO}", "video: videos\\20300001-gamelan-cilik.mp4")
    assert _problems(content, "garis-miring", text) == []
    missing = SHOWCASE.replace(f"video: {VIDEO}", "video: videos\\hilang.mp4")
    (problem,) = _problems(content, "garis-miring", missing)
    assert problem.hint.startswith("salin video ke content/videos/hilang.mp4")


@pytest.mark.parametrize("written, shown", [('"true"', '`"true"`'), ("'yes'", '`"yes"`'), ("1", "`1`")])
def test_consent_not_exactly_true_shows_what_was_written(content, written, shown):
    (problem,) = _problems(content, "izin", SHOWCASE.replace("consent: true", f"consent: {written}"))
    assert problem.field == "consent" and problem.line == 8
    assert problem.message == f"harus tepat `true`, bukan {shown}"


def test_github_format_is_one_workflow_command_per_problem():
    problems = [Problem("content/kiprah/a.md", 6, "video", "video `a,b.mp4` tidak ditemukan",
                        "salin video ke content/videos/a,b.mp4"),
                Problem("content/data/schools.yml", None, "berkas", "100% rusak\nbaris dua")]
    report = format_github(problems).splitlines()
    assert report[0] == ("::error file=content/data/schools.yml,title=berkas::100%25 rusak%0Abaris dua")
    assert report[1] == ("::error file=content/kiprah/a.md,line=6,title=video::video `a,b.mp4` "
                         "tidak ditemukan — salin video ke content/videos/a,b.mp4")
    assert report[2].startswith("2 masalah di 2 berkas")
    assert github_command(Problem("a:b,c.md", 1, "x", "y")) == "::error file=a%3Ab%2Cc.md,line=1,title=x::y"
    assert format_github([]) == "Semua konten valid."
