"""What a person sees on /data/, /statistik/ and /inovasi/: a 320 px phone, no JavaScript."""

from __future__ import annotations

import http.server
from urllib.parse import urlparse

import pytest

from support.server import serving

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

PAGES = ["data/", "statistik/", "inovasi/", "inovasi/penerapan/smp/"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(sample_site):
    with serving(sample_site, QuietHandler) as server:
        yield server.url + "/"


@pytest.fixture
def phone(browser):
    page = browser.new_page(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    yield page
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_320px_phone_without_javascript(phone, served, path):
    hosts = []
    phone.on("request", lambda r: hosts.append(urlparse(r.url).netloc))
    response = phone.goto(served + path)
    assert response.status == 200
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    assert set(hosts) == {urlparse(served).netloc}


def test_charts_load_and_scale_to_the_screen(phone, served, sample_site):
    phone.goto(served + "statistik/")
    images = phone.evaluate("""[...document.querySelectorAll('.grafik img')].map(i => ({
        loaded: i.complete && i.naturalWidth > 0, width: i.getBoundingClientRect().width,
        alt: i.alt}))""")
    assert len(images) == len(list((sample_site / "statistik").glob("*.svg"))) > 0
    for image in images:
        assert image["loaded"] and 0 < image["width"] <= 320 and image["alt"]
