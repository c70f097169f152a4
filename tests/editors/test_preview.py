"""Where an editor looks: `invoke serve` answers a missing URL with the site's 404.html,
and `invoke livereload` shows a failed build's problems in the browser (the same lines
`invoke check` prints) and reloads to the site once the file is fixed."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid

import pytest
from playwright.sync_api import expect

from support import ROOT
from support.hostile import scratch_content
from support.hosts import free_port
from support.server import wait_for_line
from support.showcases import linked
from support.videoclips import make, tone, two_colour
from kasdikdas.preview import SiteRequestHandler, problems_page, with_problems


def test_serve_answers_a_missing_url_with_the_sites_404_page(tmp_path):
    (tmp_path / "index.html").write_text("<h1>Beranda</h1>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>Halaman tidak ditemukan</h1>", encoding="utf-8")
    handler = functools.partial(SiteRequestHandler, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with urllib.request.urlopen(base + "/") as found:
                assert found.read() == b"<h1>Beranda</h1>"
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + "/kiprah/tidak-ada/")
            assert missing.value.code == 404
            assert missing.value.read() == b"<h1>Halaman tidak ditemukan</h1>"
            assert missing.value.headers["Content-Type"] == "text/html; charset=utf-8"
        finally:
            server.shutdown()


def test_problems_page_escapes_what_it_shows():
    page = problems_page(["kiprah/a.md:2: title: <script>alert(1)</script> — perbaiki"])
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "</head>" in page  # livereload puts its script before it


def test_problems_go_on_top_of_the_last_good_page_with_names_as_code():
    good = '<!doctype html><html><head><title>x</title></head><body class="situs"><main>isi</main></body></html>'
    page = with_problems(good, ["kiprah/a.md:5: category: nilai `x<y` tidak dikenal — tulis `z`"])
    top, _, rest = page.partition('<body class="situs">')[2].partition("</section>")
    assert '<h1 id="masalah">Situs belum bisa dibangun: 1 masalah</h1>' in top
    assert "<li><code>kiprah/a.md:5</code>: category: nilai <code>x&lt;y</code> tidak dikenal" in top
    assert "`" not in top and "<main>isi</main>" in rest


def _invoke(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, **kwargs)


def _sample_content(tmp_path):
    """A copy of the sample content, captions included."""
    content = scratch_content(tmp_path / "content")
    for captions in (ROOT / "content/videos").glob("*.vtt"):
        (content / "videos" / captions.name).write_bytes(captions.read_bytes())
    return content


def _add_a_new_clip(content) -> None:
    """A showcase whose clip no cache has seen: 40 s of 360p whose file carries a random
    comment (the cache knows a source by its bytes; a hue drawn from 360 alone was at
    times one an earlier run had encoded into the same cache)."""
    clip = two_colour(640, 360, 40, rate=24).filter("hue", h=int.from_bytes(os.urandom(2)) % 360)
    make(content / "videos/klip-baru.mp4", clip, tone(40), vcodec="libx264", preset="ultrafast",
         acodec="aac", metadata=f"comment={uuid.uuid4()}")
    (content / "kiprah/20300001-klip-baru.md").write_text(linked("videos/klip-baru.mp4", "Baru"),
                                                          encoding="utf-8")


def test_livereload_shows_a_failed_build_in_the_browser_and_reloads(tmp_path, browser):
    content = _sample_content(tmp_path)
    # The clips encoded beforehand (a cold cache costs minutes): this test is about the
    # problem page and the reloads, not about how long a first encode takes.
    assert _invoke("build", "--content", str(content), "--output", str(tmp_path / "warm")).returncode == 0
    page_file = content / "kiprah/20300001-gamelan-cilik.md"
    good = page_file.read_text(encoding="utf-8")
    broken = good.replace("category: kreativitas-siswa", "category: kreativitas-sisswa")
    page_file.write_text(broken, encoding="utf-8")
    said = _invoke("check", "--content", str(content)).stdout.splitlines()[:-1]
    assert said and all("kreativitas-sisswa" in line for line in said)
    expected = [line.replace("`", "") for line in said]  # the page shows `names` as code

    port = free_port()
    log = (tmp_path / "livereload.log").open("w")  # a pipe nobody reads would fill and block
    preview = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port),
         "--content", str(content), "--output", str(tmp_path / "output")],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    try:
        tab = browser.new_page()
        url = f"http://127.0.0.1:{port}/"
        for _ in range(240):  # the first (failing) build, then the server starts
            try:
                tab.goto(url)
                break
            except Exception:
                tab.wait_for_timeout(500)
        heading = tab.locator("h1#masalah")
        assert heading.inner_text().startswith("Situs belum bisa dibangun: 1 masalah")
        assert tab.locator("ol.masalah li").all_inner_texts() == expected

        page_file.write_text(good, encoding="utf-8")  # fixed: the site comes back by itself
        tab.wait_for_selector("a[href*='/kiprah/20300001-gamelan-cilik/']", timeout=60_000)
        assert tab.locator("h1#masalah").count() == 0

        page_file.write_text(broken, encoding="utf-8")  # broken again: the problems return,
        tab.wait_for_selector("ol.masalah li", timeout=60_000)  # on top of the last good site
        assert tab.locator("ol.masalah li").all_inner_texts() == expected
        assert tab.locator("ol.masalah li code").first.inner_text().endswith("20300001-gamelan-cilik.md:5")
        assert tab.locator("ol.masalah li code", has_text="kreativitas-sisswa").count() == 1
        assert tab.locator("a[href*='/kiprah/20300001-gamelan-cilik/']").count() >= 1
        assert "`" not in tab.locator("#pratinjau-masalah").inner_text()
        # the last good site stays untouched in output/ (never the problem page)
        assert "Situs belum bisa dibangun" not in (tmp_path / "output" / "index.html").read_text()
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(timeout=30)
        log.close()


def test_livereload_shows_the_site_first_while_a_new_clip_encodes_then_the_video(tmp_path, browser):
    content = _sample_content(tmp_path)
    assert _invoke("build", "--content", str(content), "--output", str(tmp_path / "warm")).returncode == 0
    _add_a_new_clip(content)
    port = free_port()
    log = (tmp_path / "livereload.log").open("w")
    preview = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port),
         "--content", str(content), "--output", str(tmp_path / "output")],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        tab = browser.new_page()
        url = f"http://127.0.0.1:{port}/kiprah/20300001-klip-baru/"
        for _ in range(240):  # the build without the new clip, then the server
            try:
                tab.goto(url)
                break
            except Exception:
                tab.wait_for_timeout(500)
        # the page is there before its video: it says so, and how far the encode is
        assert "sedang dikodekan" in tab.locator("p.video-menunggu").inner_text()
        expect(tab.locator("#pratinjau-video li", has_text="20300001-klip-baru")).to_have_count(1)
        # it asks for itself again until its video is there (a reload pushed while the tab
        # was reloading would otherwise be missed), and only this page does
        expect(tab.locator('meta[http-equiv="refresh"]')).to_have_count(1)
        assert tab.locator("video").count() == 0
        expect(tab.locator("h1", has_text="Klip Tertaut Baru")).to_have_count(1)
        # the other showcases' pages have their videos meanwhile
        other = browser.new_page()
        other.goto(f"http://127.0.0.1:{port}/kiprah/20300001-gamelan-cilik/")
        # (waited for: every open tab reloads every 10 s while a clip encodes, and a count
        # taken during a reload sees an empty page)
        other.wait_for_selector("video source", state="attached", timeout=30_000)
        assert other.locator("video source").count() >= 2  # AV1 and H.264
        assert other.locator('meta[http-equiv="refresh"]').count() == 0
        # done: the site is built again and the tab reloads to the video
        tab.wait_for_selector("video source", state="attached", timeout=300_000)
        assert tab.locator("p.video-menunggu").count() == 0
        assert tab.locator("#pratinjau-video").count() == 0
        assert tab.locator('meta[http-equiv="refresh"]').count() == 0
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(timeout=30)
        log.close()


def test_serve_answers_before_a_new_clip_is_encoded_then_shows_its_video(tmp_path):
    content = _sample_content(tmp_path)
    _add_a_new_clip(content)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    served = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port),
                               "--content", str(content), "--output", str(tmp_path / "output")],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/kiprah/20300001-klip-baru/"

    def page() -> str | None:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return answer.read().decode("utf-8")
        except OSError:
            return None

    try:
        first = None
        for _ in range(600):  # the build without the new clip, then the server
            first = page()
            if first is not None or served.poll() is not None:
                break
            threading.Event().wait(0.5)
        said = (tmp_path / "serve.log").read_text()
        assert first is not None, said
        assert 'class="video-menunggu"' in first and "<video" not in first, said
        # printed right after the server starts: it may follow the first answer
        wait_for_line(tmp_path / "serve.log", r"^1 video dikodekan sekarang", served, 30)
        for _ in range(600):  # encoded, built again: the same address plays the video
            latest = page() or ""
            if "<video" in latest:
                break
            threading.Event().wait(1)
        assert "<video" in latest and 'class="video-menunggu"' not in latest
        # the page is swapped in before the build returns, and the message follows it
        wait_for_line(tmp_path / "serve.log", r"^Semua video siap\.$", served, 60)
    finally:
        os.killpg(served.pid, signal.SIGINT)
        served.wait(timeout=60)
        log.close()


@contextlib.contextmanager
def livereload_serving(root, state=None):
    """`invoke livereload`'s server (kasdikdas.preview.livereload_server) on `root`, in a
    thread with its own event loop; yields its base URL."""
    import asyncio

    from tornado.ioloop import IOLoop

    from kasdikdas.preview import PreviewState, livereload_server

    port, started = free_port(), threading.Event()
    loops = []

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        server = livereload_server(state or PreviewState())
        server.root, server.default_filename = str(root), "index.html"  # as serve() sets
        server.application(port, "127.0.0.1")
        loops.append(IOLoop.current())
        started.set()
        loops[0].start()

    threading.Thread(target=run, daemon=True).start()
    assert started.wait(10)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        loops[0].add_callback(loops[0].stop)


def _site_with_admin(root):
    (root / "admin").mkdir()
    (root / "index.html").write_text("<html><head></head><body>Beranda</body></html>",
                                     encoding="utf-8")
    (root / "admin/index.html").write_text("<html><head></head><body></body></html>",
                                           encoding="utf-8")
    (root / "admin/config.yml").write_text("locale: id\n", encoding="utf-8")


def test_both_preview_servers_send_config_yml_as_yaml(tmp_path):
    _site_with_admin(tmp_path)
    handler = functools.partial(SiteRequestHandler, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}"
                                        "/admin/config.yml") as served:
                assert served.headers["Content-Type"] == "text/yaml; charset=utf-8"
        finally:
            server.shutdown()
    with livereload_serving(tmp_path) as base:
        with urllib.request.urlopen(base + "/admin/config.yml") as served:
            assert served.headers["Content-Type"] == "text/yaml; charset=utf-8"
            assert served.read() == b"locale: id\n"


def test_livereload_leaves_admin_alone_and_its_csp_stays_the_published_one(tmp_path):
    """The live preview puts its (inline) livereload script in every page but /admin/:
    the editor's CSP refuses inline script, and is not loosened for the preview."""
    from kasdikdas import cms
    from kasdikdas.postbuild.admin import admin_csp

    _site_with_admin(tmp_path)
    with livereload_serving(tmp_path) as base:
        with urllib.request.urlopen(base + "/") as served:
            assert b"livereload.js" in served.read()  # the site's pages still reload
        for path in ("/admin/", "/admin/index.html"):
            with urllib.request.urlopen(base + path) as served:
                assert served.read() == b"<html><head></head><body></body></html>", path
    # the preview's /admin/ policy is the published one (+ its own decap-server only)
    local = {"CMS_LOCAL_BACKEND": {"url": "http://127.0.0.1:8123/api/v1"}}
    policy = admin_csp({**cms.DEFAULTS, **local})
    assert policy["script-src"] == cms.DEFAULTS["CMS_CSP"]["script-src"] == ["'self'", "'unsafe-eval'"]
    assert policy == {**cms.DEFAULTS["CMS_CSP"], "connect-src": [
        *cms.DEFAULTS["CMS_CSP"]["connect-src"], "http://127.0.0.1:8123"]}


def test_a_preview_tab_reloads_to_a_new_build_without_livereloads_push(tmp_path, browser):
    """livereload's push is lost when it comes while a tab is reloading; the page also
    asks the server which build it is at, and reloads when that changed."""
    from kasdikdas.preview import GENERATION_PATH, PreviewState

    state = PreviewState()
    page = tmp_path / "index.html"
    page.write_text("<html><head></head><body><h1>Versi satu</h1></body></html>", encoding="utf-8")
    with livereload_serving(tmp_path, state) as base:
        tab = browser.new_page()
        tab.goto(base + "/")
        expect(tab.locator("h1")).to_have_text("Versi satu")
        page.write_text("<html><head></head><body><h1>Versi dua</h1></body></html>", encoding="utf-8")
        tab.wait_for_timeout(2500)  # a new file alone is not a new build: no reload
        expect(tab.locator("h1")).to_have_text("Versi satu")
        state.generation += 1  # what reload_browsers does, without the push
        expect(tab.locator("h1")).to_have_text("Versi dua", timeout=10_000)
        with urllib.request.urlopen(base + GENERATION_PATH) as served:
            assert served.read() == b"1"
            assert served.headers["Cache-Control"] == "no-store"
