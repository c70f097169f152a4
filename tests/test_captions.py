"""Captions (`captions:` in front matter): a WebVTT file is accepted; anything else, such
as an .srt sent by a school, is a clear message naming file, line and field."""

from __future__ import annotations

import pytest
from conftest import CONTENT
from kiprah.registry import load_registry
from kiprah.showcase import check_content

SHOWCASE = "kiprah/20300001-gamelan-cilik.md"
SRT = "1\n00:00:05,000 --> 00:00:11,000\nMurid kelas 5 berlatih karawitan.\n"


def problems_with_captions(site, text: str) -> list:
    site.write("videos/20300001-gamelan-cilik.vtt", text)
    registry = load_registry(site.content / "data/kecamatan.yml",
                             site.content / "data/schools.yml")
    return check_content(site.content, registry)[1]


def test_the_sample_captions_are_webvtt():
    registry = load_registry(CONTENT / "data/kecamatan.yml", CONTENT / "data/schools.yml")
    showcases, problems = check_content(CONTENT, registry)
    assert problems == []
    with_captions = {s.slug: s.captions for s in showcases if s.captions}
    assert with_captions == {"20300001-gamelan-cilik": "videos/20300001-gamelan-cilik.vtt"}


@pytest.mark.parametrize("text", ["WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHalo\n",
                                  "\ufeffWEBVTT - Bahasa Indonesia\n", "WEBVTT"])
def test_webvtt_with_or_without_bom_and_header_text_is_accepted(site, text):
    assert problems_with_captions(site, text) == []


@pytest.mark.parametrize("text", [SRT, "WEBVTTX\n", "webvtt\n"])
def test_a_file_that_is_not_webvtt_is_reported_with_the_fix(site, text):
    problems = problems_with_captions(site, text)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.path.endswith(SHOWCASE) and problem.field == "captions"
    original = (CONTENT / SHOWCASE).read_text(encoding="utf-8").splitlines()
    assert original[problem.line - 1].startswith("captions:")
    assert "bukan berkas WebVTT" in problem.message and "WEBVTT" in problem.hint
