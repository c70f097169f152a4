"""The player on a showcase page: AV1 then H.264 sources, tiers in MB, downloads in both
codecs, duration, no video byte before play."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kasdikdas.media.probe import probe
from kasdikdas.media.settings import DEFAULTS

from support.videoclips import FFMPEG

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

PAGE = "kiprah/20300011-pentas-barongan/index.html"  # a portrait sample


def test_player_markup(sample_site):
    html = (sample_site / PAGE).read_text()
    video = re.search(r"<video\b[^>]*>", html).group(0)
    assert 'preload="none"' in video and "controls" in video and " src=" not in video
    width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', video).groups())
    assert height > width  # portrait, upright
    poster = re.search(r'poster="([^"]+)"', video).group(1)
    assert (sample_site / PAGE).parent.joinpath(poster).resolve().is_file()
    sources = re.findall(r'<source src="([^"]+)" type="([^"]+)">', html)
    # AV1 + Opus first, H.264 + AAC second: the browser takes the first it decodes
    assert [("-240p-av1-" in src, "-240p-h264-" in src) for src, _ in sources] == [
        (True, False), (False, True)]
    assert sources[0][1] == 'video/mp4; codecs=&#34;av01.0.04M.08, opus&#34;'
    assert sources[1][1] == 'video/mp4; codecs=&#34;avc1.64001E, mp4a.40.2&#34;'
    tiers = re.findall(r'>(Hemat data|Standar|Jernih) · (\d+p) · <span class="ukuran">(\d+,\d) MB</span></a>',
                       html)
    assert [t[:2] for t in tiers] == [("Hemat data", "240p"), ("Standar", "360p")]
    folder = sample_site / "media/20300011-pentas-barongan"
    for _label, quality, mb in tiers:
        h264 = next(folder.glob(f"*-{quality}-h264-*.mp4"))
        av1 = next(folder.glob(f"*-{quality}-av1-*.mp4"))
        assert av1.stat().st_size < h264.stat().st_size
        assert f"{h264.stat().st_size / 1e6:.1f}".replace(".", ",") == mb  # the link's file
        # downloads: H.264 first (every gallery app plays it), the smaller AV1 second, sized
        h264_mb, av1_mb = (f"{p.stat().st_size / 1e6:.1f}".replace(".", ",") for p in (h264, av1))
        h264_link = html.index(f'href="../../media/20300011-pentas-barongan/{h264.name}" download')
        av1_link = html.index(f'href="../../media/20300011-pentas-barongan/{av1.name}" download')
        assert h264_link < av1_link
        assert f">Unduh ({h264_mb} MB)</a>" in html[h264_link:av1_link]
        assert f">AV1 ({av1_mb} MB)</a>" in html[av1_link:av1_link + 600]
        assert f'data-av1-size="{av1_mb} MB"' in html
    assert re.search(r'Durasi <time datetime="PT38S">0:38</time>', html)
    # why the played size and the download's differ, said once under the tiers
    note = re.search(r'<p class="video-catatan">(.*?)</p>', html, re.S).group(1)
    assert "AV1" in note and "H.264" in note and "WhatsApp" in note
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)  # CSP


def test_every_hemat_tier_fits_the_budget(sample_site):
    budget = DEFAULTS["VIDEO_HEMAT_BYTES_PER_MINUTE"]
    assert budget == {"av1": 600_000, "h264": 1_000_000}  # README, Budgets
    showcases = len(list((sample_site / "kiprah").glob("*/index.html")))
    for codec, per_minute in budget.items():
        hemat = sorted((sample_site / "media").glob(f"*/*-240p-{codec}-*.mp4"))
        assert len(hemat) == showcases
        for path in hemat:
            seconds = probe(FFMPEG, path).duration
            assert path.stat().st_size * 60 / seconds <= per_minute, path.name


def test_sources_and_editor_images_stay_private(sample_site):
    assert not list(sample_site.rglob("videos"))
    published = {p.suffix for p in (sample_site / "media").rglob("*") if p.is_file()}
    assert published == {".mp4", ".jpg", ".webp", ".vtt"}  # .vtt: a sample's captions


def test_browser_fetches_no_video_before_play(served):
    playwright = pytest.importorskip("playwright.sync_api")
    from bench.browser import CHROMIUM, launch_chromium

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
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
        assert "-240p-av1-" in first.value.url  # chromium decodes AV1: the first <source>
        browser.close()
