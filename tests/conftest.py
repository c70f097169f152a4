"""Shared fixtures: the plugins on sys.path, a built sample site, a scratch site to build."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from tools.build import build_site  # noqa: E402
from tools.sample_videos import ensure_sample_videos  # noqa: E402

CONTENT = ROOT / "content"


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


@pytest.fixture(scope="session")
def served(sample_site):
    """The built sample site over HTTP on 127.0.0.1 (for the browser tests); its base URL."""
    import functools
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def site(tmp_path):
    """A scratch copy of the sample content to break or extend (videos hard-linked:
    a symlink would point outside content/, which validation rightly refuses)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("*.mp4"))
    for video in (CONTENT / "videos").glob("*.mp4"):
        try:
            os.link(video, content / "videos" / video.name)
        except OSError:
            shutil.copy2(video, content / "videos" / video.name)
    return Site(tmp_path, content)


class Site:
    def __init__(self, root: Path, content: Path):
        self.root, self.content, self.output = root, content, root / "output"

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def build(self, settings="pelicanconf.py", **overrides) -> Path:
        return build_site(ROOT / settings, self.output, PATH=str(self.content),
                          CACHE_PATH=str(self.root / "cache"), **overrides)
