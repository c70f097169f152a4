"""The scratch site tests build, and the test host: the sample site served on 127.0.0.1
as a host would (the site's CSP and gzip, bench.search_measure.SiteHandler), noting
every path asked for; and waiting for a line in a server's log."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.search_measure import SiteHandler
from kasdikdas.build import build_site

from . import ROOT


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


class LoggingHandler(SiteHandler):
    """The site's CSP and gzip (search.measure), and a note of every path asked for:
    what really reached the host."""

    def send_head(self):
        self.server.requested.append(self.path)
        return super().send_head()


class QuietServer(http.server.ThreadingHTTPServer):
    requested: list[str]
    url: str

    def handle_error(self, request, client_address):
        pass  # a browser that stops a download midway (a tier switch) is no error


@contextlib.contextmanager
def serving(directory: Path, handler: type[http.server.BaseHTTPRequestHandler] = LoggingHandler
            ) -> Iterator[QuietServer]:
    """`directory` served on 127.0.0.1 (a free port) on a thread; `.url` (no trailing
    slash), `.requested` (the paths asked for, with LoggingHandler)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.requested = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join()


def wait_for_line(log: Path, pattern: str, process: subprocess.Popen, seconds: float = 600):
    """The first match of `pattern` in `log` (a server's output, written as it runs);
    fails when the server stops first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = re.search(pattern, log.read_text(encoding="utf-8"), re.MULTILINE)
        if found:
            return found
        if process.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text(encoding='utf-8')}")
        time.sleep(0.5)
    pytest.fail(f"no line {pattern!r}:\n{log.read_text(encoding='utf-8')}")
