"""The innovation inventory: the right innovations on every filter page, pagination that
works by plain links, and validation of the innovation fields."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path, PurePosixPath

import pytest
from support import CONTENT
from kasdikdas.model.entities import INNOVATION_STAGES, LEVELS
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content

ITEM = re.compile(
    r'<h2><a href="[./]*/?inovasi/([^/]+)/">([^<]+)</a></h2>\s*'
    r'<p><span class="tahap tahap-([a-z-]+)">'
)


@pytest.fixture(scope="module")
def innovations():
    registry = load_registry(CONTENT / "data/kecamatan.yml", CONTENT / "data/schools.yml")
    showcases, problems = check_content(CONTENT, registry)
    assert not problems
    newest_first = sorted(showcases, key=lambda s: s.date, reverse=True)
    return [s for s in newest_first if s.innovation]


def resolve(page, href: str):
    """The file a relative link on `page` points to (directory links mean index.html)."""
    target = Path(os.path.normpath(page.parent.joinpath(*PurePosixPath(href).parts)))
    return target / "index.html" if href.endswith("/") else target


@pytest.mark.parametrize("stage", [None, *INNOVATION_STAGES])
@pytest.mark.parametrize("level", [None, *LEVELS])
def test_each_filter_page_lists_exactly_its_innovations(sample_site, innovations, stage, level):
    path = "/".join(p for p in ("inovasi", stage, LEVELS[level].slug if level else None) if p)
    page = sample_site / path / "index.html"
    html = page.read_text(encoding="utf-8")
    expected = [
        s
        for s in innovations
        if (stage is None or s.innovation.stage == stage)
        and (level is None or s.level.code == level)
    ]
    assert [(slug, name, badge) for slug, name, badge in ITEM.findall(html)] == [
        (s.slug, s.innovation.name, s.innovation.stage) for s in expected
    ]
    assert f"<p>{len(expected)} inovasi." in html
    if not expected:
        assert "Belum ada inovasi pada pilihan ini." in html
    filters = "".join(re.findall(r'<nav class="saring"[^>]*>.*?</nav>', html, re.DOTALL))
    # One current choice per filter (stage, level); the site menu's own mark is not counted.
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', filters)
    assert len(current) == 2 and all(resolve(page, href) == page for href in current)
    for nav in re.findall(r'<nav class="saring"[^>]*>.*?</nav>', html, re.DOTALL):
        for link in re.findall(r'href="([^"]+)"', nav):
            assert resolve(page, link).is_file(), link


def test_filter_links_keep_the_other_dimension_and_show_counts(sample_site, innovations):
    html = (sample_site / "inovasi/smp/index.html").read_text(encoding="utf-8")
    smp = [s for s in innovations if s.level.code == "SMP"]
    for slug, name in INNOVATION_STAGES.items():
        count = sum(s.innovation.stage == slug for s in smp)
        assert f'<a href="../../inovasi/{slug}/smp/">{name}</a> ({count})' in html
    assert f"<strong>SMP</strong></a> ({len(smp)})" in html


def test_inventory_shows_the_fields_the_index_asks_for(sample_site, innovations):
    html = (sample_site / "inovasi/index.html").read_text(encoding="utf-8")
    first = innovations[0]
    block = html[html.index(f"inovasi/{first.slug}/") :]
    block = block[: block.index("</li>")]
    for text in (
        first.innovation.stage_name,
        first.school.name,
        first.innovation.initiator_name,
        first.innovation.kind_name,
        first.innovation.form_name,
        first.innovation.screening_name,
        "perkiraan skor",
    ):
        assert text in block
    assert f'href="../kiprah/{first.slug}/">Video kiprah</a>' in block
    assert 'href="../data/inovasi.csv"' in html


NESTED_PAGES = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]


@pytest.mark.parametrize("patterns", [None, NESTED_PAGES], ids=["pelican-default", "page-folders"])
def test_pagination_is_plain_links_covering_every_innovation_once(site, innovations, patterns):
    extra = {"PAGINATION_PATTERNS": patterns} if patterns else {}
    out = site.build(INOVASI_PAGINATION=2, **extra)
    page, seen, numbers = out / "inovasi/index.html", [], []
    while page:
        html = page.read_text(encoding="utf-8")
        seen += [slug for slug, _, _ in ITEM.findall(html)]
        numbers.append(re.search(r"Halaman (\d+) dari (\d+)", html).groups())
        following = re.search(r'<a href="([^"]+)" rel="next">', html)
        page = resolve(page, following.group(1)) if following else None
        if page:
            previous = re.search(r'<a href="([^"]+)" rel="prev">', page.read_text(encoding="utf-8"))
            assert previous and resolve(page, previous.group(1)).is_file()
    assert seen == [s.slug for s in innovations]
    pages = str(-(-len(innovations) // 2))
    assert numbers == [(str(i), pages) for i in range(1, int(pages) + 1)]
    if patterns:
        assert (out / "inovasi/page/2/index.html").is_file()


BAD = """---
title: Inovasi Salah
date: 2024-10-01
school: "20300001"
category: inovasi-pembelajaran
video: videos/20300001-gamelan-cilik.mp4
summary: Ringkasan.
consent: true
innovation:
{fields}---
Penjelasan.
"""


@pytest.mark.parametrize(
    "fields, field, fragment",
    [
        ("  stage: ujicoba\n  initiator: asn\n  kind: digital\n", "innovation.stage", "`uji-coba`"),
        (
            "  stage: inisiatif\n  initiator: guru\n  kind: digital\n",
            "innovation.initiator",
            "masyarakat",
        ),
        (
            "  stage: inisiatif\n  initiator: asn\n  kind: online\n",
            "innovation.kind",
            "non-digital",
        ),
        (
            "  stage: inisiatif\n  initiator: asn\n  kind: digital\n  form: lain\n",
            "innovation.form",
            "lainnya",
        ),
        (
            "  stage: penerapan\n  initiator: asn\n  kind: digital\n",
            "innovation.implementation_start",
            "implementation_start:",
        ),
        (
            "  stage: uji-coba\n  initiator: asn\n  kind: digital\n  started: 2031-01-01\n",
            "innovation.started",
            "masa depan",
        ),
        (
            "  initiator: asn\n  kind: digital\n",
            "innovation.stage",
            "inisiatif, uji-coba atau penerapan",
        ),
    ],
)
def test_invalid_innovation_fields_are_reported_with_file_field_and_fix(
    site, fields, field, fragment
):
    site.write("kiprah/20300001-inovasi-salah.md", BAD.format(fields=fields))
    registry = load_registry(site.content / "data/kecamatan.yml", site.content / "data/schools.yml")
    _, problems = check_content(site.content, registry, today=dt.date(2026, 1, 1))
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.path.endswith("kiprah/20300001-inovasi-salah.md") and problem.line
    assert problem.field == field
    assert fragment in str(problem)
