"""The grouped pages (school, level, category, kecamatan), the directory and the home
page, checked on real builds against what the content files say."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from support import CONTENT
from support.sitecheck import broken_links, page_links, showcase_slugs

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

# Pages other engineers are building (issue: inovasi, statistik, cari). The header links
# to them already. INTEGRATOR: remove each entry once its page is merged.


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def load_expected(content: Path) -> dict:
    """What the content files say, read independently of the plugins."""
    schools = {s["npsn"]: s for s in yaml.safe_load((content / "data/schools.yml").read_text())}
    kecamatan = yaml.safe_load((content / "data/kecamatan.yml").read_text())
    showcases = []
    for md in (content / "kiprah").glob("*.md"):
        fm = front_matter(md)
        school = schools[str(fm["school"])]
        showcases.append({"slug": fm.get("slug", md.stem), "date": fm["date"], "title": fm["title"],
                          "school": school["npsn"], "level": school["level"].lower(),
                          "kecamatan": school["kecamatan"], "category": fm["category"]})
    showcases.sort(key=lambda s: s["date"], reverse=True)  # newest first
    by = defaultdict(list)
    for sc in showcases:
        for kind in ("school", "level", "kecamatan", "category"):
            by[kind, sc[kind]].append(sc["slug"])
    return {"schools": schools, "kecamatan": kecamatan, "showcases": showcases, "by": by}


@pytest.fixture(scope="module")
def expected():
    return load_expected(CONTENT)


def read(output: Path, url: str) -> str:
    return (output / url / "index.html").read_text(encoding="utf-8")


def main_text(html: str) -> str:
    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_every_school_has_a_page_with_its_showcases_newest_first(sample_site, expected):
    assert len(expected["schools"]) >= 30
    built = {p.parent.name for p in (sample_site / "sekolah").glob("*/index.html")}
    assert built == set(expected["schools"])
    for npsn, school in expected["schools"].items():
        html = read(sample_site, f"sekolah/{npsn}")
        mine = expected["by"]["school", npsn]
        assert showcase_slugs(html) == mine, npsn
        assert f"<h1>{school['name']}</h1>" in html
        assert f"Kiprah sekolah ini · {len(mine)} kiprah" in html
        assert school["village"] in html and school["address"] in html
        assert f'href="../../kecamatan/{school["kecamatan"]}/"' in html
        assert f'href="../../jenjang/{school["level"].lower()}/"' in html
        if not mine:
            assert "Belum ada kiprah dari sekolah ini" in html


def test_level_category_and_kecamatan_pages_list_their_showcases(sample_site, expected):
    per_page = 12  # DEFAULT_PAGINATION of pelicanconf.py
    groups = [("level", "jenjang", ["sd", "smp"]),
              ("category", "kategori", ["kreativitas-siswa", "inovasi-pembelajaran",
                                        "kegiatan-sekolah"]),
              ("kecamatan", "kecamatan", [k["slug"] for k in expected["kecamatan"]])]
    for kind, prefix, slugs in groups:
        built = {p.parent.name for p in (sample_site / prefix).glob("*/index.html")}
        assert built == set(slugs), kind
        for slug in slugs:
            mine = expected["by"][kind, slug]
            html = read(sample_site, f"{prefix}/{slug}")
            assert showcase_slugs(html) == mine[:per_page], (kind, slug)
            assert f"{len(mine)} kiprah" in main_text(html)
    assert len(expected["kecamatan"]) == 16


def test_category_page_describes_its_category(sample_site):
    html = read(sample_site, "kategori/inovasi-pembelajaran")
    assert "<h1>Inovasi Pembelajaran</h1>" in html
    assert "Cara baru guru dan sekolah membuat murid belajar lebih bermakna." in html


def test_kecamatan_page_lists_its_schools_with_counts(sample_site, expected):
    for kec in expected["kecamatan"]:
        html = read(sample_site, f"kecamatan/{kec['slug']}")
        schools = [n for n, s in expected["schools"].items() if s["kecamatan"] == kec["slug"]]
        listed = re.findall(r'<li><a href="../../sekolah/(\w+)/">[^<]+</a> · (\d+) kiprah</li>',
                            html)
        assert sorted(listed) == sorted((n, str(len(expected["by"]["school", n]))) for n in schools)
        assert f"{len(schools)} sekolah" in main_text(html)
        assert f"Kemendagri {kec['kemendagri_code']}" in html
        taking_part = sum(1 for n in schools if expected["by"]["school", n])
        if schools:
            assert f"{taking_part} dari {len(schools)} sekolah sudah berkiprah" in main_text(html)


def test_directory_groups_every_school_under_its_kecamatan(sample_site, expected):
    html = read(sample_site, "sekolah")
    sections = re.findall(r'<section aria-labelledby="kec-([a-z-]+)">(.*?)</section>', html, re.S)
    assert sorted(s for s, _ in sections) == sorted(k["slug"] for k in expected["kecamatan"])
    for slug, body in sections:
        listed = re.findall(r'href="../sekolah/(\w+)/">[^<]+</a> · (\d+) kiprah', body)
        want = [n for n, s in expected["schools"].items() if s["kecamatan"] == slug]
        assert sorted(listed) == sorted((n, str(len(expected["by"]["school", n]))) for n in want)
    taking_part = sum(1 for n in expected["schools"] if expected["by"]["school", n])
    assert f"{taking_part} dari {len(expected['schools'])} sekolah sudah berkiprah" in html


def test_home_shows_newest_showcases_and_ways_in(sample_site, expected):
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    newest = [s["slug"] for s in expected["showcases"]]
    assert showcase_slugs(html) == newest[:12]
    page2 = read(sample_site, "page/2")
    assert showcase_slugs(page2) == newest[12:24]
    assert "(halaman 2)" in page2 and 'rel="prev" href="../../"' in page2
    assert 'rel="next" href="./page/2/"' in html
    for url in ("jenjang/sd/", "jenjang/smp/", "kategori/kegiatan-sekolah/", "kecamatan/cepu/",
                "sekolah/"):
        assert f'href="./{url}"' in html
    sd = len(expected["by"]["level", "sd"])
    assert re.search(rf'>Sekolah Dasar</a> · {sd} kiprah<', html)


def test_showcase_page_links_its_groups_and_breadcrumbs(sample_site, expected):
    for sc in expected["showcases"]:
        html = read(sample_site, f"kiprah/{sc['slug']}")
        for url in (f"sekolah/{sc['school']}/", f"jenjang/{sc['level']}/",
                    f"kategori/{sc['category']}/", f"kecamatan/{sc['kecamatan']}/"):
            assert f'<a href="../../{url}">' in html, (sc["slug"], url)
        school = expected["schools"][sc["school"]]["name"]
        trail = re.search(r'<nav class="jejak"[^>]*>(.*?)</nav>', html, re.S).group(1)
        assert " ".join(re.sub(r"<[^>]+>", " ", trail).split()) == \
            f"Beranda Sekolah {school} {sc['title']}"


def test_sharing_tags_on_every_page(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="id">' in html
        # the development build has no absolute address: a relative canonical URL is
        # invalid, so there is none (the publish build's: test_publish_build_has_…)
        assert 'rel="canonical"' not in html and 'property="og:url"' not in html, page
        assert '<meta property="og:locale" content="id_ID">' in html
        title = re.search(r"<title>([^<]+)</title>", html).group(1)
        assert f'<meta property="og:title" content="{title}">' in html
        description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
        assert len(description) > 20
        assert f'<meta name="twitter:description" content="{description}">' in html


def test_sitemap_lists_every_page(sample_site):
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    pages = {url_of(sample_site, p) for p in sample_site.rglob("*.html")}
    assert "/404.html" in pages and "/sekolah/20300002/" in pages
    # every page; the "not found" and "offline" pages stand in for others, they are no page
    assert locs == pages - {"/404.html", "/offline/"}


def url_of(output: Path, html_file: Path) -> str:
    rel = html_file.relative_to(output)
    if rel.name == "index.html":
        return "/" if rel.parent == Path(".") else f"/{rel.parent.as_posix()}/"
    return f"/{rel.as_posix()}"


def test_not_found_page_links_site_absolute(sample_site):
    html = (sample_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Halaman tidak ditemukan</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert hrefs and all(h.startswith(("/", "#", "https://")) for h in hrefs), hrefs
    assert 'href="/sekolah/"' in html and 'src="/theme/js/offline.js"' in html
    assert "<style>" in html  # the stylesheet is inline: nothing to resolve


def test_no_broken_internal_links(sample_site):
    assert broken_links(sample_site) == []


def test_link_checker_finds_a_broken_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">no</a><a href="#x">x</a>'
                                         '<img src="https://example.org/i.png"><p id="y">')
    (tmp_path / "a/index.html").write_text('<a href="../#y">ok</a><a href="../cari/">later</a>')
    assert broken_links(tmp_path, allowed=frozenset({"cari/"})) == [
        "index.html: b/ -> missing b/index.html", "index.html: #x -> no id 'x'"]
    assert len(broken_links(tmp_path)) == 3
    assert page_links(tmp_path / "index.html").urls[-1] == "https://example.org/i.png"


# --- scratch sites ------------------------------------------------------------------------

EMPTY_KECAMATAN = """
- slug: kecamatan-baru
  name: Kecamatan Baru
  kemendagri_code: "33.16.17"
  dapodik_code: "031617"
"""

NEW_SCHOOL = """
- npsn: "20399999"
  name: SD Negeri 9 Contoh
  short_name: SDN 9 Contoh
  level: SD
  status: swasta
  kecamatan: jati
  village: Contoh
  address: Jl. Contoh 9, Jati
"""


def add_showcase(site, school: str, slug: str, date: str, category="kegiatan-sekolah", extra=""):
    video = next((site.content / "videos").glob("*.mp4")).name
    site.write(f"kiprah/{school}-{slug}.md", f"""---
title: Kiprah {slug}
date: {date}
school: "{school}"
category: {category}
video: videos/{video}
summary: Ringkasan kiprah {slug} untuk pengujian.
consent: true
{extra}---
Penjelasan.
""")


def test_school_without_showcases_and_kecamatan_without_schools(site):
    with open(site.content / "data/kecamatan.yml", "a", encoding="utf-8") as f:
        f.write(EMPTY_KECAMATAN)
    with open(site.content / "data/schools.yml", "a", encoding="utf-8") as f:
        f.write(NEW_SCHOOL)
    out = site.build()
    school = read(out, "sekolah/20399999")
    assert "<h1>SD Negeri 9 Contoh</h1>" in school and "0 kiprah" in school
    assert "Belum ada kiprah dari sekolah ini" in school and showcase_slugs(school) == []
    kec = read(out, "kecamatan/kecamatan-baru")
    assert "Belum ada sekolah terdaftar di kecamatan ini." in kec
    assert "Belum ada kiprah dari kecamatan ini." in kec
    assert "0 sekolah · 0 kiprah" in main_text(kec)
    directory = read(out, "sekolah")
    assert 'href="../sekolah/20399999/">SD Negeri 9 Contoh</a> · 0 kiprah' in directory
    assert re.search(r'id="kec-kecamatan-baru">.*?0 sekolah</h2>\s*<p class="kosong">', directory,
                     re.S)
    assert 'href="../kecamatan/kecamatan-baru/">Kecamatan Baru</a>' in read(out, "kecamatan")
    assert broken_links(out) == []


def test_lists_paginate_inside_each_list(site, expected):
    for i in range(5):
        add_showcase(site, "20300001", f"tambahan-{i}", f"2025-0{i + 1}-15")
    out = site.build(DEFAULT_PAGINATION=2)
    mine = [f"20300001-tambahan-{i}" for i in reversed(range(5))] + \
        expected["by"]["school", "20300001"]
    pages = [read(out, "sekolah/20300001")] + [
        read(out, f"sekolah/20300001/page/{n}") for n in range(2, 4)]
    assert not (out / "sekolah/20300001/page/4").exists()
    assert [showcase_slugs(p) for p in pages] == [mine[0:2], mine[2:4], mine[4:6]]
    assert "Halaman 2 dari 3" in pages[1] and "(halaman 2)" in pages[1]
    assert 'rel="prev" href="../../../../sekolah/20300001/"' in pages[1]
    assert 'rel="next" href="../../../../sekolah/20300001/page/3/"' in pages[1]
    assert 'rel="canonical"' not in pages[1]  # development build: no absolute address
    sd = [s["slug"] for s in expected["showcases"] if s["level"] == "sd"]
    sd_pages = sorted(out.glob("jenjang/sd/**/index.html"))
    seen = [slug for p in sd_pages for slug in showcase_slugs(p.read_text())]
    assert sorted(seen) == sorted(sd + mine[:5]) and len(sd_pages) == (len(sd) + 5 + 1) // 2
    assert broken_links(out) == []


def test_showcase_links_previous_and_next_of_the_same_school(site):
    add_showcase(site, "20300001", "kedua", "2025-01-10")
    add_showcase(site, "20300001", "ketiga", "2025-02-10")
    out = site.build()
    middle = read(out, "kiprah/20300001-kedua")
    older = 'rel="prev" href="../../kiprah/20300001-gamelan-cilik/">‹ Sebelumnya: Gamelan'
    assert older in middle
    assert 'rel="next" href="../../kiprah/20300001-ketiga/">Berikutnya: Kiprah ketiga ›' in middle
    newest = read(out, "kiprah/20300001-ketiga")
    assert 'rel="prev" href="../../kiprah/20300001-kedua/"' in newest and 'rel="next"' not in newest
    alone = read(out, "kiprah/20300003-laboratorium-jagung")
    assert 'class="tetangga"' not in alone


def test_publish_build_has_absolute_canonicals_and_feeds(site, expected):
    out = site.build("publishconf.py", SITEURL="https://kas.example.id")
    html = read(out, "jenjang/smp")
    assert '<link rel="canonical" href="https://kas.example.id/jenjang/smp/">' in html
    assert '<meta property="og:url" content="https://kas.example.id/jenjang/smp/">' in html
    canonicals = {page: re.findall(r'<link rel="canonical" href="([^"]+)">',
                                   page.read_text(encoding="utf-8"))
                  for page in out.rglob("*.html")}
    assert all(len(found) == 1 and found[0].startswith("https://kas.example.id/")
               for found in canonicals.values()), canonicals
    assert len({found[0] for found in canonicals.values()}) == len(canonicals)  # one each
    assert 'href="https://kas.example.id/feeds/jenjang/smp.atom.xml"' in html
    feed = (out / "feeds/jenjang/smp.atom.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<link href=\"https://kas.example.id/kiprah/([^/]+)/\"", feed)
    assert entries == expected["by"]["level", "smp"]
    category = (out / "feeds/kategori/kegiatan-sekolah.atom.xml").read_text(encoding="utf-8")
    in_category = expected["by"]["category", "kegiatan-sekolah"]
    assert len(re.findall("<entry>", category)) == len(in_category)
    everything = (out / "feeds/semua.atom.xml").read_text(encoding="utf-8")
    assert len(re.findall("<entry>", everything)) == len(expected["showcases"])
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://kas.example.id/sekolah/20300002/</loc>" in sitemap
    assert 'href="https://kas.example.id/sekolah/"' in (out / "404.html").read_text()


def test_poster_becomes_the_share_image(site):
    # The video plugin re-encodes an editor's poster (EXIF/GPS dropped) and sets
    # the share image (article.view.og_image) to that JPEG; the original is never published. A showcase
    # without `poster:` shares the poster taken from its video.
    from PIL import Image

    (site.content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (640, 360), (20, 120, 60)).save(site.content / "images/poster-uji.jpg")
    add_showcase(site, "20300002", "berposter", "2025-03-01",
                 extra="poster: images/poster-uji.jpg\n")
    out = site.build("publishconf.py", SITEURL="https://kas.example.id")
    html = read(out, "kiprah/20300002-berposter")
    shared = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert re.fullmatch(r"https://kas\.example\.id/media/20300002-berposter/"
                        r"20300002-berposter-bagikan-[0-9a-f]{8}\.jpg", shared)
    with Image.open(out / shared.removeprefix("https://kas.example.id/")) as image:
        # the editor's green at its own size (640 px: no larger), not a video frame
        assert image.size == (686, 360)
        assert image.getpixel((343, 180))[1] > 100
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert not (out / "images/poster-uji.jpg").exists()
    other = read(out, "kiprah/20300001-gamelan-cilik")
    assert re.search(r'<meta property="og:image" content="https://kas\.example\.id/media/'
                     r'20300001-gamelan-cilik/[^"]+-bagikan-[0-9a-f]{8}\.jpg">', other)
