"""The theme on the built sample site: one inline stylesheet, no inline script, landmarks,
and (in a real browser) no horizontal scrolling on a 320 px phone."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest

from kasdikdas.postbuild.assets import hashed_name, minified
from support import ROOT

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def inline_styles(html: str) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", html, re.S)


def test_one_minified_stylesheet_inline_and_the_same_on_every_page(sample_site):
    """Nothing but the HTML blocks the first paint: the whole stylesheet, minified, is
    the one <style> of every page, byte for byte the same (one CSP hash serves all),
    in <head>, and no page links a stylesheet."""
    source = (ROOT / "theme/static/css/site.css").read_bytes()
    texts = set()
    for page in pages(sample_site):
        html = page.read_text(encoding="utf-8")
        styles = inline_styles(html)
        assert len(styles) == 1, page
        assert html.index("<style>") < html.index("</head>"), page
        assert 'rel="stylesheet"' not in html, page
        texts.add(styles[0])
    assert len(texts) == 1
    css = texts.pop()
    assert css == minified(PurePosixPath("css/site.css"), source).decode("utf-8")
    assert 0 < len(css) < len(source) * 0.9 and "\n" not in css.strip()
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_no_unlinked_copy_of_a_fingerprinted_asset_is_published(sample_site):
    """theme/css/site.css and its hashed copy are linked by no page (the CSS is inline):
    neither is published; video.js only under its hashed name, which pages link."""
    assert not (sample_site / "theme/css").exists()
    assert not (sample_site / "theme/js/video.js").exists()
    (video,) = (sample_site / "theme/js").glob("video.*.js")
    assert re.fullmatch(r"video\.[0-9a-f]{10}\.js", video.name)
    html = (sample_site / "kiprah/20300001-gamelan-cilik/index.html").read_text("utf-8")
    assert f'src="../../theme/js/{video.name}" defer' in html


def test_an_asset_a_page_links_stays_published(tmp_path):
    """The check reads the pages: an unhashed copy that a page names is kept."""
    from types import SimpleNamespace

    from kasdikdas.postbuild.assets import write_assets

    out = tmp_path / "out"
    for name, text in {"theme/css/site.css": "a{}", "theme/js/video.js": "x",
                       "a/index.html": '<link rel="stylesheet" href="../theme/css/site.css">'
                       }.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)
    settings = {"THEME_STATIC_DIR": "theme", "ASSETS_FINGERPRINT": ["css/site.css",
                                                                    "js/video.js"]}
    hashed = {"theme/css/site.0123456789.css": b"a{}", "theme/js/video.0123456789.js": b"x"}
    write_assets(SimpleNamespace(settings=settings, output_path=str(out),
                                 _fingerprinted_assets=hashed))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a/index.html", "theme/css/site.css"]


def test_the_inline_stylesheet_is_allowed_by_the_declared_hash_only(sample_site):
    from kasdikdas.postbuild.assets import csp_hash_source, inline_text, theme_csp_hashes

    html = (sample_site / "index.html").read_text(encoding="utf-8")
    declared = theme_csp_hashes(ROOT / "theme")
    assert declared == {"style-src": [csp_hash_source(inline_styles(html)[0])]}
    try:
        inline_text("css/x.css", b"a{content:'</style><script>'}")
    except ValueError as error:
        assert "</style" in str(error)
    else:
        raise AssertionError("a stylesheet that closes <style> was inlined")


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
        assert html.count("<style") == 1 and " style=" not in html, page  # the one above
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
        found = SimpleNamespace(poster_webp=f"media/k{n}/poster.webp",
                                poster_jpeg=f"media/k{n}/poster.jpg",
                                width=426, height=240) if media else None
        return SimpleNamespace(url=f"kiprah/k{n}/", view=SimpleNamespace(showcase=sc, media=found))

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
