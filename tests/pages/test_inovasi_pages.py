"""The built /inovasi/ pages: the year's funnel, one profile page per innovation with
the whole profile and its evidence checklist, linked from the inventory and the
showcase page, readable at 320 px without JavaScript."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from support import CONTENT

from kasdikdas.model.registry import load_registry
from kasdikdas.pages.inovasi.funnel import funnel, readiness_by_slug
from kasdikdas.validate import check_content


@pytest.fixture(scope="module")
def model():
    registry = load_registry(CONTENT / "data/kecamatan.yml", CONTENT / "data/schools.yml")
    showcases, problems = check_content(CONTENT, registry)
    assert not problems
    return registry, [s for s in showcases if s.innovation]


def text_of(page: str) -> str:
    main = page[page.index("<main"):]
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_inventory_shows_the_years_funnel(sample_site, model):
    _, innovations = model
    f = funnel(innovations, 2026)
    text = text_of((sample_site / "inovasi/index.html").read_text(encoding="utf-8"))
    assert "Penjaringan tahun 2026" in text
    assert f"{f.collected} dikumpulkan {f.assessed} dinilai {f.entered} diikutkan" in text
    for _code, name, count in f.status_counts:
        assert f"{name} {count}" in text
    for d in f.dropped:
        assert f"{d.name}: {d.count}" in text
    page = (sample_site / "inovasi/index.html").read_text(encoding="utf-8")
    for name in ("iid-2026.csv", "iid-2026.xlsx"):
        assert f'href="../data/{name}"' in page and (sample_site / "data" / name).is_file()
    # filter pages list innovations but not the funnel
    assert "Penjaringan tahun" not in (sample_site / "inovasi/sd/index.html").read_text(encoding="utf-8")


def test_each_innovation_has_a_profile_page_with_its_checklist(sample_site, model):
    registry, innovations = model
    ready = readiness_by_slug(innovations, registry.index_rules)
    for s in innovations:
        page = (sample_site / f"inovasi/{s.slug}/index.html").read_text(encoding="utf-8")
        text, inn, r = text_of(page), s.innovation, ready[s.slug]
        for value in (inn.name, inn.stage_name, inn.initiator_name, inn.kind_name, inn.form_name,
                      inn.screening_name, s.school.name, *inn.affair_names):
            assert value in text, (s.slug, value)
        assert f"Perkiraan skor: {r.score:.2f}".replace(".", ",") in text
        assert f"predikat perkiraan {r.predicate}" in text
        rows = re.findall(r'<tr class="(ada|belum)">', page)
        assert len(rows) == 20 and rows.count("ada") == len(r.with_evidence)
        assert f'href="../../kiprah/{s.slug}/"' in page
        showcase_page = (sample_site / f"kiprah/{s.slug}/index.html").read_text(encoding="utf-8")
        assert f'href="../../inovasi/{s.slug}/"' in showcase_page
        if inn.design:
            assert inn.design.split()[-1] in text
        # An optional theme left empty is not the public's business: no "belum diisi".
        if inn.theme_name:
            assert f"Tematik {inn.theme_name}" in text
        else:
            assert "Tematik" not in text


def test_local_evidence_documents_are_published_and_linked(sample_site, model):
    _, innovations = model
    local = [(s, e.document) for s in innovations for e in s.innovation.evidence.values()
             if not e.from_video and not e.document.startswith("https://")]
    assert local, "the sample should hold one local evidence document"
    for s, document in local:
        assert (sample_site / document).is_file()
        page = (sample_site / f"inovasi/{s.slug}/index.html").read_text(encoding="utf-8")
        assert f'href="../../{document}"' in page


def test_profile_page_fits_a_320px_phone_without_javascript(sample_site, model, served, browser):
    _, innovations = model
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    try:
        for s in innovations:
            page.goto(f"{served}/inovasi/{s.slug}/")
            # the page's own scripts are off; Playwright's evaluate still reads the layout
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, s.slug
            box = page.locator("main").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (s.slug, box)
            table = page.locator("table.periksa").bounding_box()
            assert table["width"] <= 320, (s.slug, table)
            assert page.get_by_text("Perkiraan skor").is_visible()
    finally:
        context.close()


def test_the_profile_prints_as_a_checklist(sample_site, model, served, browser):
    registry, innovations = model
    ready = readiness_by_slug(innovations, registry.index_rules)
    s = next(s for s in innovations if ready[s.slug].with_evidence and ready[s.slug].missing_mandatory)
    context = browser.new_context(viewport={"width": 800, "height": 1000}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served}/inovasi/{s.slug}/")
        page.emulate_media(media="print")
        assert not page.locator(".tautan-kiprah").is_visible()  # a link is no use on paper
        marks = page.locator("table.periksa td:first-child").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)")
        marks = [m.strip('"').strip() for m in marks]
        assert marks.count("☑") == len(ready[s.slug].with_evidence)
        assert marks.count("☐") == 20 - len(ready[s.slug].with_evidence)
        assert page.pdf()[:4] == b"%PDF"  # chromium prints it
    finally:
        context.close()
