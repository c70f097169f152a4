"""The player on a showcase page: tiers in MB, duration, no video byte before play."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kasdikdas.media.probe import probe

from videoclips import FFMPEG

PAGE = "kiprah/20300011-pentas-barongan/index.html"  # a portrait sample


def test_player_markup(sample_site):
    html = (sample_site / PAGE).read_text()
    video = re.search(r"<video\b[^>]*>", html).group(0)
    assert 'preload="none"' in video and "controls" in video and " src=" not in video
    width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', video).groups())
    assert height > width  # portrait, upright
    poster = re.search(r'poster="([^"]+)"', video).group(1)
    assert (sample_site / PAGE).parent.joinpath(poster).resolve().is_file()
    sources = re.findall(r'<source src="([^"]+)" type="video/mp4">', html)
    assert len(sources) == 1 and "-240p-" in sources[0]
    tiers = re.findall(r">(Hemat data|Standar|Jernih) · (\d+p) · (\d+,\d) MB</a>", html)
    assert [t[:2] for t in tiers] == [("Hemat data", "240p"), ("Standar", "360p")]
    for label, quality, mb in tiers:
        file = next((sample_site / "media/20300011-pentas-barongan").glob(f"*-{quality}-*.mp4"))
        assert f"{file.stat().st_size / 1e6:.1f}".replace(".", ",") == mb
        assert f'href="../../media/20300011-pentas-barongan/{file.name}" download' in html
    assert re.search(r'Durasi <time datetime="PT38S">0:38</time>', html)
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)  # CSP


def test_every_hemat_tier_fits_the_budget(sample_site):
    hemat = sorted((sample_site / "media").glob("*/*-240p-*.mp4"))
    assert len(hemat) == len(list((sample_site / "kiprah").glob("*/index.html")))
    for path in hemat:
        seconds = probe(FFMPEG, path).duration
        assert path.stat().st_size * 60 / seconds <= 1_000_000, path.name


def test_sources_and_editor_images_stay_private(sample_site):
    assert not list(sample_site.rglob("videos"))
    published = {p.suffix for p in (sample_site / "media").rglob("*") if p.is_file()}
    assert published == {".mp4", ".jpg", ".webp", ".vtt"}  # .vtt: a sample's captions


def test_browser_fetches_no_video_before_play(served):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 320, "height": 640})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{served}/{PAGE}", wait_until="load")
        page.wait_for_timeout(1500)
        assert requests and all(url.startswith(served) for url in requests)
        assert not [u for u in requests if u.endswith(".mp4")], requests
        assert [u for u in requests if u.endswith(".webp")]  # the poster
        box = page.locator("video").bounding_box()
        assert box["width"] <= 320 and box["height"] > box["width"]  # reserved, portrait
        with page.expect_request(lambda r: r.url.endswith(".mp4")) as first:
            page.locator("video").focus()  # the viewer starts it (headless taps do not play)
            page.keyboard.press("Space")
        assert "-240p-" in first.value.url
        browser.close()
