"""Fuzzing: whatever an editor writes, validation accepts it or returns structured
Problems, and never raises anything else; sanitised bodies never carry code."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.hostile import ROOT, scratch_content
from kasdikdas.model.entities import KNOWN_FIELDS, Showcase
from kasdikdas.model.problems import Problem
from kasdikdas.validate.reader import render_markdown
from kasdikdas.model.registry import load_registry
from kasdikdas.validate.settings import apply_defaults
from kasdikdas.model.showcase import build_showcase, read_source
from support.outputscan import foreign, scan_html
from kasdikdas.build import pelican_settings

_WORK = Path(tempfile.mkdtemp(prefix="kiprah-fuzz-"))
CONTENT = scratch_content(_WORK / "content", showcases=False)
REGISTRY = load_registry(CONTENT / "data/kecamatan.yml", CONTENT / "data/schools.yml")
SETTINGS = apply_defaults(pelican_settings(ROOT / "pelicanconf.py"))
TODAY = dt.date(2025, 1, 1)

FUZZ = settings(max_examples=int(os.environ.get("KIPRAH_FUZZ_EXAMPLES", "100")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(["2024-10-11", "2024-13-45", "20300001", "2030000", "kreativitas-siswa",
                     "videos/20300001-gamelan-cilik.mp4", "../../etc/passwd", "/etc/passwd",
                     "https://www.instagram.com/p/x", "javascript:alert(1)", "data:,x", "true",
                     "uji-coba", "asn", "digital", "", " ", "\u202e", "<script>", "🎷"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)
keys = st.one_of(st.sampled_from(KNOWN_FIELDS), st.text(max_size=12))
mappings = st.dictionaries(keys, values, max_size=14)
bodies = st.text(max_size=300)


def _check(text: str):
    path = CONTENT / "kiprah" / "fuzz.md"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    source, problems = read_source(path, content_root=CONTENT)
    showcase = None
    if source is not None:
        showcase, problems = build_showcase(source, REGISTRY, CONTENT, TODAY)
    return showcase, problems


def _structured(showcase, problems):
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path.endswith("fuzz.md")
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1)
        assert isinstance(problem.field, str) and problem.field
        assert isinstance(problem.message, str) and problem.message
        str(problem)
    assert (showcase is None) == bool(problems)
    if showcase is not None:
        assert isinstance(showcase, Showcase)


@FUZZ
@given(mappings, bodies)
def test_any_front_matter_mapping(front, body):
    try:
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    except yaml.YAMLError:
        return
    _structured(*_check(text))


@FUZZ
@given(st.text(max_size=400))
def test_any_text_between_fences(front_matter):
    _structured(*_check("---\n" + front_matter + "\n---\nIsi.\n"))


@FUZZ
@given(st.text(max_size=400))
def test_any_file_at_all(text):
    _structured(*_check(text))


html_bits = st.sampled_from([
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href=\"", "javascript:", "java\tscript:",
    "&#106;", "\"", "'", ">", "<", "<iframe", "<svg onload=", "style=\"", "[x](", ")", "![i](https://evil.example/i.png)",
    "{: onclick=\"x\" }", "<!--", "-->", "<![CDATA[", "<math><mtext><table><mglyph><style>", "<noscript><p title=\"",
    "</noscript>", "\n\n", "    ", "* ", "> ", "`", "<style>", "data:text/html,", "<object data=", "<base href=",
])


@FUZZ
@given(st.lists(st.one_of(html_bits, st.text(max_size=8)), max_size=40))
def test_sanitised_body_never_carries_code(parts):
    out = render_markdown("".join(parts), SETTINGS)
    scanner = scan_html(out, "isi")
    assert scanner.findings == []
    assert [r for r in scanner.resources if foreign(r[2])] == []


entries = st.lists(st.one_of(values, st.dictionaries(
    st.sampled_from(["npsn", "name", "short_name", "level", "status", "kecamatan", "village",
                     "address", "links", "sample", "extra"]), values, max_size=10)), max_size=6)


@FUZZ
@given(entries)
def test_any_school_registry(data):
    from kasdikdas.model.registry import load_kecamatan, load_schools

    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        return
    path = _WORK / "schools.yml"
    path.write_text(text, encoding="utf-8")
    kecamatan, _ = load_kecamatan(CONTENT / "data/kecamatan.yml")
    schools, problems = load_schools(path, kecamatan)
    assert all(isinstance(p, Problem) and p.message for p in problems)
    assert isinstance(schools, dict)
