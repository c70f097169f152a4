"""The theme on the built sample site: one hashed stylesheet, no inline code, landmarks,
and (in a real browser) no horizontal scrolling on a 320 px phone."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from kasdikdas.postbuild.assets import hashed_name, minified
from conftest import ROOT
from sitecheck import target_file


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_one_minified_stylesheet_named_by_its_content(sample_site):
    source = (ROOT / "theme/static/css/site.css").read_bytes()
    linked = set()
    for page in pages(sample_site):
        html = page.read_text(encoding="utf-8")
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
        assert len(sheets) == 1, page
        linked.add(target_file(sample_site.resolve(), page.resolve(), sheets[0]))
    assert len(linked) == 1
    css = linked.pop()
    name = re.fullmatch(r"site\.([0-9a-f]{10})\.css", css.name)
    assert name and hashlib.sha256(css.read_bytes()).hexdigest()[:10] == name.group(1)
    assert 0 < len(css.read_bytes()) < len(source) * 0.9  # minified
    assert b"\n" not in css.read_bytes().strip()


def test_a_changed_stylesheet_gets_a_new_name():
    path = PurePosixPath("css/site.css")
    one = hashed_name(path, minified(path, b"a { color: red; }"), 10)
    two = hashed_name(path, minified(path, b"a { color: blue; }"), 10)
    assert one != two and one.parent == path.parent and one.suffix == ".css"
    # whitespace alone does not change what is shipped, so not the name either
    assert one == hashed_name(path, minified(path, b"a {\n  color: red;\n}\n"), 10)


def test_no_inline_script_or_style_anywhere(sample_site):
    for page in pages(sample_site):
        html = page.read_text(encoding="utf-8")
        assert "<style" not in html and " style=" not in html, page
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), page
        assert not re.search(r"\son[a-z]+=", html), page  # no onclick= handlers


def test_every_page_has_landmarks_skip_link_and_one_h1(sample_site):
    for page in pages(sample_site):
        html = page.read_text(encoding="utf-8")
        assert html.count("<h1") == 1, page
        assert '<a class="lompat" href="#isi">Langsung ke isi</a>' in html
        assert html.index('class="lompat"') < html.index("<header")  # first thing to tab to
        for landmark in ('<header class="kepala">', '<nav class="menu" aria-label="Menu utama">',
                         '<main id="isi">', '<footer class="kaki">'):
            assert html.count(landmark) == 1, (page, landmark)


def test_header_marks_the_current_section(sample_site):
    cases = {"sekolah/20300001": "Sekolah", "sekolah": "Sekolah", "jenjang/sd": "Jenjang",
             "kategori": "Kategori", "kecamatan/blora": "Kecamatan", ".": "Beranda"}
    for url, label in cases.items():
        html = (sample_site / url / "index.html").read_text(encoding="utf-8")
        current = re.findall(r'aria-current="page">([^<]+)</a>', html)
        assert current == [label], url


def test_colours_meet_wcag_aa_contrast():
    css = (ROOT / "theme/static/css/site.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{3,6})", css))

    def luminance(hex_colour):
        if len(hex_colour) == 4:  # #fff -> #ffffff
            hex_colour = "#" + "".join(c * 2 for c in hex_colour[1:])
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def ratio(a, b):
        hi, lo = sorted((luminance(colours[a]), luminance(colours[b])), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    # text on background pairs the stylesheet uses
    for text, background in [("teks", "latar"), ("redup", "latar"), ("redup", "lembut"),
                             ("hijau", "latar"), ("hijau", "lembut"), ("emas", "hijau"),
                             ("teks", "emas"), ("latar", "hijau"), ("latar", "hijau-tua")]:
        assert ratio(text, background) >= 4.5, (text, background)


def test_no_horizontal_scroll_on_small_phones(served, browser):
    urls = ["/", "/sekolah/", "/sekolah/20300001/", "/kiprah/20300001-gamelan-cilik/",
            "/jenjang/sd/", "/kecamatan/blora/", "/tentang/"]
    for width in (320, 360):
        page = browser.new_page(viewport={"width": width, "height": 640},
                                java_script_enabled=False)
        for url in urls:
            page.goto(served + url)
            # the stylesheet applied: the header is the Blora green
            assert page.eval_on_selector(
                ".kepala", "e => getComputedStyle(e).backgroundColor") == "rgb(11, 93, 59)"
            assert page.evaluate("document.documentElement.scrollWidth") <= width, url
        page.close()


def test_showcase_list_shows_posters_light_when_the_video_plugin_gives_them():
    import datetime as dt
    from types import SimpleNamespace

    from jinja2 import Environment, FileSystemLoader

    from kasdikdas.idformat import FILTERS
    from kasdikdas.media.location import media_url_filter

    env = Environment(loader=FileSystemLoader(ROOT / "theme/templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS, media_url=media_url_filter)
    school = SimpleNamespace(name="SD Negeri 1 Blora")
    category = SimpleNamespace(name="Kegiatan Sekolah")

    def article(n, media=True):
        sc = SimpleNamespace(title=f"Kiprah {n}", school=school, category=category,
                             date=dt.date(2024, 10, n), summary="Ringkasan.")
        art = SimpleNamespace(url=f"kiprah/k{n}/", showcase=sc)
        if media:
            art.media = SimpleNamespace(poster_webp=f"media/k{n}/poster.webp",
                                        poster_jpeg=f"media/k{n}/poster.jpg",
                                        width=426, height=240)
        return art

    macro = env.from_string('{% from "_lists.html" import showcase_list with context %}'
                            "{{ showcase_list(articles) }}")
    html = macro.render(SITEURL="..", articles=[article(3), article(2), article(1, False)])
    imgs = re.findall(r"<img [^>]+>", html)
    assert len(imgs) == 2 and html.count("<picture>") == 2
    assert all('alt=""' in i and 'width="426" height="240"' in i and 'decoding="async"' in i
               for i in imgs)
    assert "loading=" not in imgs[0] and 'loading="lazy"' in imgs[1]
    assert '<source type="image/webp" srcset="../media/k3/poster.webp">' in html
    assert 'src="../media/k3/poster.jpg"' in imgs[0]
    assert html.count('class="bergambar"') == 2  # the third has no poster
    # Media in a bucket: the posters come from its URL, whatever the page's SITEURL.
    html = macro.render(SITEURL="..", KASDIKDAS_MEDIA_BUCKET="s3://kas/blora",
                        KASDIKDAS_MEDIA_URL="https://media.example/blora", articles=[article(3)])
    assert '<source type="image/webp" srcset="https://media.example/blora/media/k3/poster.webp">' in html
    assert 'src="https://media.example/blora/media/k3/poster.jpg"' in html
