"""Light by construction, checked on the built sample site: page weight budgets (bench/budget.py),
sized and lazy images with a WebP source, a player that moves no video byte before play,
nothing fetched from another host, and captions published next to the renditions."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from support import CONTENT
from bench.budget import BUDGETS, KB, first_view, sent_bytes

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

SHOWCASE = "kiprah/20300001-gamelan-cilik/"  # the sample showcase with captions


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def showcase_urls(output: Path) -> list[str]:
    return sorted(p.parent.relative_to(output).as_posix() + "/"
                  for p in (output / "kiprah").glob("*/index.html"))


def test_every_showcase_page_keeps_its_budget_before_play(sample_site):
    urls = showcase_urls(sample_site)
    assert len(urls) == len(list((CONTENT / "kiprah").glob("*.md")))
    for url in urls:
        weight = first_view(sample_site, url)
        assert weight.problems(BUDGETS["showcase"]) == [], weight.table()
        kinds = {r.kind for r in weight.resources}
        # what is counted is the whole first view: page (its style inline), script, poster
        assert {"html", "script", "poster"} <= kinds and "stylesheet" not in kinds, \
            weight.table()
        assert weight.video_bytes == 0 and weight.other_hosts == []


def test_home_first_screen_keeps_its_budget(sample_site):
    weight = first_view(sample_site, "/")
    assert weight.problems(BUDGETS["home"]) == [], weight.table()
    # only the first poster is fetched with the page; the others wait until scrolled to
    assert [r.kind for r in weight.resources].count("image") == 1, weight.table()


def test_list_pages_keep_the_showcase_budget(sample_site):
    for url in ("sekolah/", "sekolah/20300001/", "kategori/kreativitas-siswa/", "jenjang/sd/"):
        weight = first_view(sample_site, url)
        assert weight.problems(BUDGETS["showcase"]) == [], weight.table()


def test_every_page_with_its_inline_css_fits_one_round_trip(sample_site):
    """README, Budgets: any page's HTML, inline CSS included, ≤ 14 KB as sent."""
    pages = html_pages(sample_site)
    assert len(pages) > 60
    sizes = {}
    for page in pages:
        url = page.relative_to(sample_site).as_posix().removesuffix("index.html")
        weight = first_view(sample_site, url)
        html = weight.resources[0]
        assert html.kind == "html" and "<style>" in page.read_text(encoding="utf-8"), page
        assert html.sent <= BUDGETS["html"], weight.table()
        sizes[url] = html.sent
    # the inline CSS is counted: every page is more than the stylesheet alone
    css = re.search(r"<style>(.*?)</style>", (sample_site / "index.html").read_text("utf-8"),
                    re.S).group(1)
    assert min(sizes.values()) > sent_bytes(css.encode(), ".css")


def test_the_checker_rejects_a_page_over_one_round_trip(tmp_path):
    site = write_page(tmp_path, f"<p>{os.urandom(16 * KB).hex()}</p>", {})  # gzip: ~17 KB
    problems = first_view(site, "p/").problems(BUDGETS["showcase"])
    assert len(problems) == 1 and "one round trip" in problems[0]
    site = write_page(tmp_path, f"<p>{os.urandom(5 * KB).hex()}</p>", {})
    assert first_view(site, "p/").problems(BUDGETS["showcase"]) == []


def write_page(root: Path, html: str, files: dict[str, bytes]) -> Path:
    """A one-page site: p/index.html with `html` in its body, and `files` beside it."""
    (root / "p").mkdir(parents=True, exist_ok=True)
    (root / "p/index.html").write_text(f"<!doctype html><html><head><title>t</title></head>"
                                       f"<body>{html}</body></html>", encoding="utf-8")
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_the_checker_rejects_an_oversized_page(tmp_path):
    poster = os.urandom(31 * KB)  # incompressible, like an image: over 30 KB on its own
    site = write_page(tmp_path, '<video controls preload="none" poster="/big.webp" width="4" '
                                'height="3"><source src="/v.mp4" type="video/mp4"></video>',
                      {"big.webp": poster, "v.mp4": os.urandom(5000)})
    weight = first_view(site, "p/")
    problems = weight.problems(BUDGETS["showcase"])
    assert len(problems) == 1 and "budget 30000" in problems[0]
    assert weight.video_bytes == 0  # preload="none": the video itself is not counted
    # the same page with a poster of a third the size keeps the budget
    (tmp_path / "big.webp").write_bytes(poster[:10 * KB])
    assert first_view(site, "p/").problems(BUDGETS["showcase"]) == []


def test_the_checker_counts_compressed_text_and_rejects_video_and_other_hosts(tmp_path):
    repetitive = "<p>Kiprah Aksi Sekolah</p>" * 4000  # ~100 KB of HTML, a few hundred gzipped
    site = write_page(tmp_path, repetitive + '<video src="/v.mp4" width="4" height="3"></video>'
                      '<script src="https://cdn.example.com/x.js"></script>'
                      '<img src="/a.jpg" alt="" loading="lazy" width="1" height="1">',
                      {"v.mp4": os.urandom(2000), "a.jpg": os.urandom(50 * KB)})
    weight = first_view(site, "p/")
    html = weight.resources[0]
    assert html.raw > 100 * KB and html.sent < 2 * KB and html.sent == sent_bytes(
        (tmp_path / "p/index.html").read_bytes(), ".html")
    assert weight.video_bytes == 2000  # no preload="none": the browser may fetch it at once
    assert "a.jpg" not in weight.table()  # lazy: not part of the first view
    problems = weight.problems(BUDGETS["showcase"])
    assert any("video bytes before play" in p for p in problems)
    assert any("another host: https://cdn.example.com/x.js" in p for p in problems)


def test_images_are_sized_async_webp_first_and_lazy_below_the_first(sample_site):
    pictures = 0
    for page in html_pages(sample_site):
        html = page.read_text(encoding="utf-8")
        imgs = re.findall(r"<img\b[^>]*>", html)
        for img in imgs:
            assert re.search(r'\bwidth="\d+"', img) and re.search(r'\bheight="\d+"', img), page
            assert 'decoding="async"' in img and " alt=" in img, (page, img)
        for block in re.findall(r"<picture>(.*?)</picture>", html, re.S):
            pictures += 1
            assert re.search(r'<source type="image/webp" srcset="[^"]+\.webp">', block), page
            assert re.search(r'<img src="[^"]+\.jpg"', block), page  # the JPEG fallback
        if imgs:  # the first image may be the largest paint: never lazy; the rest are
            assert "loading=" not in imgs[0], page
            poster_imgs = [i for i in imgs[1:] if "/media/" in i]
            assert all('loading="lazy"' in i for i in poster_imgs), page
    assert pictures >= len(showcase_urls(sample_site))  # the home page alone lists them all


def test_players_wait_for_play_and_every_tier_is_a_link(sample_site):
    for url in showcase_urls(sample_site):
        html = (sample_site / url / "index.html").read_text(encoding="utf-8")
        video = re.search(r"<video\b[^>]*>", html).group(0)
        assert 'preload="none"' in video and "autoplay" not in video
        assert re.search(r'width="\d+" height="\d+"', video)
        assert re.search(r'poster="[^"]+\.webp"', video)
        sources = re.findall(r'<source src="([^"]+)"', html)
        tiers = re.findall(r'<a class="putar" href="([^"]+)"[^>]*data-tier="([a-z]+)"'
                           r'[^>]*data-av1-href="([^"]+)"', html)
        downloads = re.findall(r'<a href="([^"]+)" download[^>]*data-codec="(av1|h264)"', html)
        # the player offers the hemat tier: AV1 first, then H.264 (what the tier link plays)
        assert [(av1, h264) for h264, _, av1 in tiers[:1]] == [tuple(sources)]
        assert tiers[0][1] == "hemat"
        # every tier can be downloaded in H.264 and in AV1, H.264 first
        expected = [(href, codec) for h264, _, av1 in tiers
                    for href, codec in ((h264, "h264"), (av1, "av1"))]
        assert downloads == expected and len(set(downloads)) == 2 * len(tiers)
        for href, _ in downloads:
            assert (sample_site / url / href).resolve().is_file(), href


def test_no_page_asks_another_host_for_anything(sample_site):
    fetching = re.compile(r'<(?:link|script|img|source|video|audio|track|iframe|embed)\b[^>]*'
                          r'\b(?:src|href|srcset|poster)="(?:https?:)?//', re.I)
    for page in html_pages(sample_site):
        html = page.read_text(encoding="utf-8")
        assert not fetching.search(html), page
        assert "@import" not in html and "url(http" not in html, page
    for css in (sample_site / "theme").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "http" not in text and "@import" not in text, css


def test_captions_from_front_matter_are_a_track_published_with_the_media(sample_site):
    html = (sample_site / SHOWCASE / "index.html").read_text(encoding="utf-8")
    tracks = re.findall(r"<track\b[^>]*>", html)
    assert len(tracks) == 1
    track = tracks[0]
    for attr in ('kind="captions"', 'srclang="id"', 'label="Bahasa Indonesia"', " default"):
        assert attr in track, track
    src = re.search(r'src="([^"]+)"', track).group(1)
    # content-hashed like every medium (a year of caching, on the site or in a bucket)
    assert re.search(r"media/20300001-gamelan-cilik/20300001-gamelan-cilik\.id-[0-9a-f]{8}\.vtt$", src), src
    published = (sample_site / SHOWCASE / src).resolve()
    source = CONTENT / "videos/20300001-gamelan-cilik.vtt"
    assert published.read_bytes() == source.read_bytes()
    assert not published.samefile(source)  # a copy: nothing can write back into content/
    assert "dengan teks (CC)" in html
    # a showcase without `captions:` has no track
    other = (sample_site / "kiprah/20300003-laboratorium-jagung/index.html").read_text("utf-8")
    assert "<track" not in other and "<video" in other


@pytest.mark.parametrize("suffix, compressed", [(".html", True), (".vtt", True), (".svg", True),
                                                (".webp", False), (".mp4", False)])
def test_hosts_compress_text_but_not_media(suffix, compressed):
    data = b"Kiprah Aksi Sekolah " * 500
    assert (sent_bytes(data, suffix) < len(data) / 10) is compressed
