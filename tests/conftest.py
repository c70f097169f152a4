"""Shared fixtures: a built sample site, a scratch site to build, the sample site served
on 127.0.0.1 as a host would (gzip, the site's CSP) and Debian's chromium driven by
Playwright. Helpers live in tests/support/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.browser import CHROMIUM, launch_chromium
from kasdikdas.build import build_site
from kasdikdas.files import link_or_copy
from kasdikdas.samples import ensure_sample_videos
from support import CONTENT, ROOT
from support.server import Site, serving


# `pytest -m fast`: the model and rule tests, no ffmpeg, no browser, no build (under a
# minute). A test is fast unless it uses one of these fixtures or is marked `slow` (a
# module whose tests run ffmpeg, a build or a server in their own bodies says so itself:
# `pytestmark = pytest.mark.slow`).
HEAVY_FIXTURES = {"sample_site", "site", "served", "site_server", "browser", "sample_videos",
                  "published", "server", "nginx", "apache", "sshd", "bad_videos", "encoded",
                  "clips", "video_corpus", "xss_site", "broken", "outside", "one_clip",
                  "servers", "sharded", "footage", "footage_bench"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not item.get_closest_marker("slow") and not HEAVY_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.fast)


def pytest_sessionstart(session):
    # Some test modules build their fixtures at import (Hypothesis strategies need
    # concrete files), so the generated sample videos must exist before collection;
    # the fast subset needs none.
    if session.config.getoption("markexpr") != "fast":
        ensure_sample_videos(CONTENT, log=lambda *_: None)


@pytest.fixture(scope="session")
def sample_videos():
    ensure_sample_videos(CONTENT, log=lambda *_: None)
    return CONTENT / "videos"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, sample_videos) -> Path:
    """The sample site, built once per test session with the development settings."""
    out = tmp_path_factory.mktemp("sample") / "output"
    cache = tmp_path_factory.mktemp("cache")
    build_site(ROOT / "pelicanconf.py", out, PATH=str(CONTENT), CACHE_PATH=str(cache))
    return out


@pytest.fixture
def site(tmp_path):
    """A scratch copy of the sample content to break or extend (videos hard-linked:
    a symlink would point outside content/, which validation rightly refuses)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("*.mp4"))
    for video in (CONTENT / "videos").glob("*.mp4"):
        link_or_copy(video, content / "videos" / video.name)
    return Site(tmp_path, content)


@pytest.fixture(scope="session")
def site_server(sample_site):
    """The built sample site on 127.0.0.1; `.url` (no trailing slash), `.requested` paths."""
    with serving(sample_site) as server:
        yield server


@pytest.fixture(scope="session")
def served(site_server) -> str:
    return site_server.url


@pytest.fixture(scope="module")
def browser():
    """One headless chromium per test module (Playwright's sync API allows one at a time)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()
