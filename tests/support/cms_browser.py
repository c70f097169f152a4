"""The /admin/ editor in the browser: a scratch project with the development site built
(with /admin/), decap-server on its content/, the site served with the site's CSP and
/admin/ with its own (`CMS_CSP`), and helpers that fill Decap's form."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from support import ROOT
from support.hostile import scratch_content
from kasdikdas import cms
from kasdikdas.build import build_site
from kasdikdas.postbuild.admin import admin_csp
from kasdikdas.postbuild.hosting.rules import content_security_policy
from kasdikdas.postbuild.hosting.settings import DEFAULTS as HOSTING
from kasdikdas.local_backend import local_backend_settings, start_local_backend
from kasdikdas.preview import SiteRequestHandler

DECAP_SERVER = ROOT / "node_modules/decap-server/dist/index.js"


class CspHandler(SiteRequestHandler):
    """The site's CSP everywhere, the editor's own under /admin/ (as a host must)."""

    site_csp = content_security_policy(HOSTING["HOSTING_CSP"])
    admin_csp = ""

    def end_headers(self):
        csp = self.admin_csp if self.path.startswith("/admin/") else self.site_csp
        self.send_header("Content-Security-Policy", csp)
        super().end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served_editor(project: Path):
    """A scratch project (content/ + the built site with /admin/), decap-server on it and
    the site served; yields (project, site URL). For a module-scoped fixture."""
    if not DECAP_SERVER.exists() or not shutil.which("node"):
        pytest.skip("decap-server is not installed (npm ci)")
    content = scratch_content(project / "content")
    for captions in (ROOT / "content/videos").glob("*.vtt"):
        shutil.copy(captions, content / "videos" / captions.name)
    # decap-server as the live preview starts it: 127.0.0.1, a free port, root content/
    backend = start_local_backend(content)
    local = local_backend_settings(backend)
    site = build_site(ROOT / "pelicanconf.py", project / "output", PATH=str(content),
                      CACHE_PATH=str(project / "cache"), **local)
    handler = type("Handler", (CspHandler,), {"admin_csp": content_security_policy(
        admin_csp({**cms.DEFAULTS, **local}))})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield project, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        backend.stop()


@contextlib.contextmanager
def new_showcase_form(browser, url: str, width: int = 1280):
    """A page on the editor's empty form for a new showcase, its CSP errors collected."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.csp_errors = []
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text
            and page.csp_errors.append(m.text))
    page.goto(f"{url}/admin/")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Buat Kiprah baru").wait_for()  # ASCII: no missing-glyph box
    page.goto(f"{url}/admin/#/collections/kiprah/new")
    page.locator("label", has_text=re.compile("^Judul$", re.I)).wait_for()
    try:
        yield page
    finally:
        page.close()


def control(page, label: str):
    """The input of the form field labelled `label` (Decap links label and input)."""
    target = page.locator("label", has_text=re.compile(
        rf"^{re.escape(label)}(?: \(opsional\))?$", re.I)).first
    return page.locator(f"[id='{target.get_attribute('for')}']")


def choose(page, label: str, typed: str):
    box = control(page, label)
    box.fill(typed)
    page.keyboard.press("Enter")


def publish(page):
    page.get_by_role("button", name="Terbitkan").click()
    page.get_by_text("Terbitkan sekarang").click()
