"""Statistics and coverage against a hand-countable fixture registry, and the SVG charts.

Fixture (counted by hand): 3 kecamatan, 5 schools, 4 showcases.
  blora: SD Alpha (2 showcases: Aug + Oct 2024), SD Beta (none), SMP Gamma (1, an innovation)
  cepu:  SD Delta (1), SMP Epsilon (none)
  jati:  no schools at all
"""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from support.server import Site
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content
from kasdikdas.pages.statistik import statistics
from kasdikdas.pages.statistik.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"

KECAMATAN = """
- {slug: jati, name: Jati, kemendagri_code: "33.16.01", dapodik_code: "031601"}
- {slug: cepu, name: Cepu, kemendagri_code: "33.16.05", dapodik_code: "031605"}
- {slug: blora, name: Blora, kemendagri_code: "33.16.10", dapodik_code: "031610"}
"""

SCHOOLS = [
    ("10000001", "SD Alpha", "SD", "blora"),
    ("10000002", "SD Beta", "SD", "blora"),
    ("10000003", "SMP Gamma", "SMP", "blora"),
    ("10000004", "SD Delta", "SD", "cepu"),
    ("10000005", "SMP Epsilon", "SMP", "cepu"),
]

SHOWCASES = [  # (npsn, file, date, category, innovation)
    ("10000001", "alpha-satu", "2024-08-05", "kreativitas-siswa", False),
    ("10000001", "alpha-dua", "2024-10-01", "kegiatan-sekolah", False),
    ("10000003", "gamma", "2024-10-20", "inovasi-pembelajaran", True),
    ("10000004", "delta", "2024-10-09", "kreativitas-siswa", False),
]

INNOVATION = """innovation:
  stage: penerapan
  initiator: asn
  kind: non-digital
  started: 2024-07-01
"""


def school_yaml(npsn, name, level, kecamatan):
    return (
        f'- npsn: "{npsn}"\n  name: {name}\n  short_name: {name}\n  level: {level}\n'
        f"  status: negeri\n  kecamatan: {kecamatan}\n  village: Desa\n  address: Jl. Uji\n"
    )


def showcase_md(npsn, date, category, innovation):
    return (
        f'---\ntitle: Kiprah {npsn} {date}\ndate: {date}\nschool: "{npsn}"\ncategory: {category}\n'
        f"video: videos/uji.mp4\nsummary: Ringkasan.\nconsent: true\n"
        f"{INNOVATION if innovation else ''}---\nPenjelasan.\n"
    )


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory, sample_videos):
    root = tmp_path_factory.mktemp("statistik")
    content = root / "content"
    site = Site(root, content)
    site.write("data/kecamatan.yml", KECAMATAN)
    site.write("data/schools.yml", "".join(school_yaml(*s) for s in SCHOOLS))
    for npsn, name, date, category, innovation in SHOWCASES:
        site.write(f"kiprah/{npsn}-{name}.md", showcase_md(npsn, date, category, innovation))
    video = next(sample_videos.glob("*.mp4"))
    (content / "videos").mkdir()
    try:
        os.link(video, content / "videos/uji.mp4")
    except OSError:
        shutil.copy2(video, content / "videos/uji.mp4")
    return site


@pytest.fixture(scope="module")
def fixture_stats(fixture_site):
    c = fixture_site.content
    registry = load_registry(c / "data/kecamatan.yml", c / "data/schools.yml")
    showcases, problems = check_content(c, registry)
    assert not problems
    return statistics(showcases, registry)


@pytest.fixture(scope="module")
def fixture_output(fixture_site):
    return fixture_site.build()


def rows(figure):
    if figure.is_share:
        return [(r.label, r.covered, r.total) for r in figure.rows]
    return [(r.label, r.count) for r in figure.rows]


def test_counts_by_level_category_kecamatan_and_month(fixture_stats):
    f = fixture_stats.figures
    assert fixture_stats.showcases == 4 and fixture_stats.schools == 5
    assert rows(f["jenjang"]) == [("SD", 3), ("SMP", 1)]
    assert rows(f["kategori"]) == [
        ("Kreativitas Siswa", 2),
        ("Inovasi Pembelajaran", 1),
        ("Kegiatan Sekolah", 1),
    ]
    assert rows(f["kecamatan"]) == [("Jati", 0), ("Cepu", 1), ("Blora", 3)]
    assert rows(f["bulan"]) == [("Agustus 2024", 1), ("September 2024", 0), ("Oktober 2024", 3)]


def test_coverage_overall_per_level_and_per_kecamatan(fixture_stats):
    part = fixture_stats.participation
    assert (part.overall.covered, part.overall.total, part.overall.fraction) == (3, 5, 0.6)
    assert [(s.label, s.covered, s.total) for s in part.by_level] == [("SD", 2, 3), ("SMP", 1, 2)]
    assert [(s.label, s.covered, s.total) for s in part.by_kecamatan] == [
        ("Jati", 0, 0),
        ("Cepu", 1, 2),
        ("Blora", 2, 3),
    ]
    assert part.by_kecamatan[0].fraction is None  # no schools: no percentage, not 0%
    assert [s.name for s in part.missing] == [
        "SMP Epsilon",
        "SD Beta",
    ]  # kecamatan order, then name


def test_one_school_one_innovation_progress(fixture_stats):
    inn = fixture_stats.innovation
    assert (inn.overall.covered, inn.overall.total) == (1, 5)
    assert [(s.label, s.covered, s.total) for s in inn.by_level] == [("SD", 0, 3), ("SMP", 1, 2)]
    assert rows(fixture_stats.figures["inovasi-tahun"]) == [("2024", 1, 5)]


class Tables(HTMLParser):
    """Every <table> on a page as {caption: [[cell, ...], ...]} (header row included)."""

    def __init__(self):
        super().__init__()
        self.tables, self.caption, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "caption" or tag in ("th", "td"):
            self.cell = ""
        elif tag == "tr":
            self.row = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self.caption, self.cell = self.cell.strip(), None
            self.tables[self.caption] = []
        elif tag in ("th", "td"):
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr":
            self.tables[self.caption].append(self.row)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def page_tables(output):
    parser = Tables()
    parser.feed((output / "statistik/index.html").read_text(encoding="utf-8"))
    return parser.tables


def test_statistik_page_tables_show_the_figures_in_indonesian_format(fixture_output):
    tables = page_tables(fixture_output)
    assert tables["Jumlah kiprah per bulan"][1:] == [
        ["Agustus 2024", "1"],
        ["September 2024", "0"],
        ["Oktober 2024", "3"],
    ]
    assert tables["Sekolah yang berpartisipasi per jenjang"] == [
        ["Jenjang", "Sekolah ikut serta", "Persen"],
        ["SD", "2 dari 3", "66,7%"],
        ["SMP", "1 dari 2", "50%"],
    ]
    assert tables["Sekolah yang berpartisipasi per kecamatan"][1:] == [
        ["Jati", "0 dari 0", "—"],
        ["Cepu", "1 dari 2", "50%"],
        ["Blora", "2 dari 3", "66,7%"],
    ]
    assert tables["Sekolah yang punya inovasi per jenjang"][1:] == [
        ["SD", "0 dari 3", "0%"],
        ["SMP", "1 dari 2", "50%"],
    ]
    text = " ".join((fixture_output / "statistik/index.html").read_text(encoding="utf-8").split())
    assert "3 dari 5 sekolah terdaftar (60%) sudah berpartisipasi" in text
    assert "1 dari 5 sekolah (20%) sudah mencatat" in text
    assert 'href="../data/"' in text and 'href="../inovasi/"' in text
    assert (fixture_output / "data/index.html").is_file() and (
        fixture_output / "inovasi/index.html"
    ).is_file()


def test_statistik_page_lists_schools_not_yet_taking_part(fixture_output):
    html = (fixture_output / "statistik/index.html").read_text(encoding="utf-8")
    part = html[html.index('id="belum-berpartisipasi"') :]
    assert re.findall(r'<a href="../sekolah/(\d+)/">([^<]+)</a>', part) == [
        ("10000002", "SD Beta"),
        ("10000005", "SMP Epsilon"),
    ]
    assert "<h3>Blora</h3>" in part and "<h3>Cepu</h3>" in part and "<h3>Jati</h3>" not in part


def test_every_chart_is_valid_svg_with_role_img_title_and_the_tables_numbers(
    fixture_output, fixture_stats
):
    html = (fixture_output / "statistik/index.html").read_text(encoding="utf-8")
    for slug, figure in fixture_stats.figures.items():
        path = fixture_output / "statistik" / f"{slug}.svg"
        assert f'src="../statistik/{slug}.svg"' in html
        root = ET.fromstring(path.read_bytes())  # raises on invalid XML
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert root.find(f"{SVG}title").text == figure.heading
        desc = root.find(f"{SVG}desc").text
        for bar in figure.bars():
            assert f"{bar.label}: {bar.text}" in desc
        assert [t.text for t in root.iter(f"{SVG}text")][::2] == [r.label for r in figure.rows]
        assert len(root.findall(f"{SVG}rect")) == sum(b.value > 0 for b in figure.bars())
        assert path.stat().st_size < 5000


def test_bar_lengths_follow_the_numbers_and_labels_are_escaped():
    svg = bar_chart("A < B & C", [Bar("<SD>", 3, "3"), Bar("SMP & co", 1, "1"), Bar("nol", 0, "0")])
    root = ET.fromstring(svg)
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert len(widths) == 2 and widths[0] == pytest.approx(3 * widths[1], abs=0.2)
    assert root.find(f"{SVG}title").text == "A < B & C"
    assert next(t.text for t in root.iter(f"{SVG}text")) == "<SD>"
    assert ET.fromstring(bar_chart("kosong", [])).find(f"{SVG}desc").text == "belum ada data"


def test_a_site_without_showcases_still_gets_sensible_pages_and_files(site):
    for path in (site.content / "kiprah").glob("*.md"):
        path.unlink()
    out = site.build()
    html = " ".join((out / "statistik/index.html").read_text(encoding="utf-8").split())
    assert "0 kiprah dari 0 sekolah" in html and "(0%) sudah berpartisipasi" in html
    for svg in (out / "statistik").glob("*.svg"):
        assert ET.fromstring(svg.read_bytes()).get("role") == "img"
    assert "Belum ada inovasi pada pilihan ini." in (out / "inovasi/index.html").read_text(
        encoding="utf-8"
    )
    csv_text = (out / "data/kiprah.csv").read_bytes().decode("utf-8-sig")
    assert csv_text.startswith("slug,url,title,") and csv_text.count("\r\n") == 1
    registry = load_registry(site.content / "data/kecamatan.yml", site.content / "data/schools.yml")
    assert (out / "data/sekolah.csv").read_bytes().count(b"\r\n") == 1 + len(registry.schools)
