"""Serving the site on the editor's own computer: `invoke serve` and `invoke livereload`.

- A missing URL gets the site's own `404.html` (as the hosts serve it), not the
  server's default page.
- In the live preview, a build that fails shows its problems in the browser, the same
  lines `invoke check` prints, on top of the last good build's page (alone, with 503,
  when nothing was built yet); the browser reloads to it, and back to the plain site
  once the content is fixed. The problems live only in this server's memory: they are
  never written to `output/`, so they can never be published.
"""

from __future__ import annotations

import html
import http.server
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kasdikdas.build import build_site
from kasdikdas.cms import CmsSettings
from kasdikdas.errors import ReportedError
from kasdikdas.config import ROOT

NOT_FOUND_PAGE = "404.html"
# Types Python's mimetypes lacks (config.yml came as application/octet-stream): both
# preview servers send these; the hosts get them from HOSTING_MIME_TYPES.
PREVIEW_TYPES = {".yml": "text/yaml; charset=utf-8", ".webmanifest": "application/manifest+json"}


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """http.server's file handler that answers a missing URL with the site's 404.html."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **PREVIEW_TYPES}

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / NOT_FOUND_PAGE
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


# --- the live preview's problem page ----------------------------------------------------


@dataclass
class PreviewState:
    """What the preview server shows: the built site, or the last build's problems."""

    problems: list[str] = field(default_factory=list)  # empty: the build succeeded
    failed: bool = False
    encoding: list[str] = field(default_factory=list)  # clips encoding now: "label 45%"


def build_problems(exc: BaseException) -> list[str]:
    """The lines an editor reads for a failed build (the same as the terminal's)."""
    if isinstance(exc, ReportedError):
        return exc.lines()
    return [f"pembangunan gagal karena kesalahan program ({type(exc).__name__}: {exc}); "
            "ini bukan kesalahan Anda: laporkan ke pengembang situs"]


def preview_build(state: PreviewState, settings_file="pelicanconf.py", output="output",
                  **overrides) -> bool:
    """Build as `invoke build` does; on failure keep the problems in `state` (and print
    them) instead of stopping the preview. True when the build succeeded."""
    try:
        build_site(settings_file, output, **overrides)
    except Exception as exc:  # any failure must reach the page, not end the preview
        if not isinstance(exc, ReportedError):
            logging.getLogger(__name__).exception("build failed")
        state.problems, state.failed = build_problems(exc), True
        print(exc, file=sys.stderr)
        return False
    state.problems, state.failed = [], False
    return True


def _marked(text: str) -> str:
    """Escaped text whose `quoted` names (as the messages write them) show as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _problem_item(line: str) -> str:
    where, sep, rest = line.partition(": ")
    if not sep:
        return f"<li>{_marked(line)}</li>"
    return f"<li><code>{html.escape(where)}</code>: {_marked(rest)}</li>"


BANNER_STYLE = """#pratinjau-masalah { font: 16px/1.5 system-ui, sans-serif; background: #fff4f4;
  border-bottom: 3px solid #9b1c1c; padding: 1rem; color: #222; }
#pratinjau-masalah h1 { color: #9b1c1c; font-size: 1.4rem; margin: 0 0 .5rem; }
#pratinjau-masalah li { margin: .6rem 0; }
#pratinjau-masalah code { background: #f3f3f3; padding: 0 .2rem; overflow-wrap: anywhere; }"""


def problems_banner(lines: list[str], over_last_good: bool) -> str:
    """Every problem, in Bahasa Indonesia, as a block for the top of a page."""
    items = "\n".join(_problem_item(line) for line in lines)
    below = ("Di bawah ini situs dari pembangunan terakhir yang berhasil." if over_last_good
             else "Belum ada pembangunan yang berhasil untuk ditampilkan.")
    return f"""<section id="pratinjau-masalah" role="alert">
<style>{BANNER_STYLE}</style>
<h1 id="masalah">Situs belum bisa dibangun: {len(lines)} masalah</h1>
<p>Pesan yang sama dengan <code>invoke check</code>. Perbaiki lalu simpan berkasnya;
halaman ini dimuat ulang sendiri. {below} Kotak ini hanya ada di pratinjau dan tidak
pernah diterbitkan.</p>
<ol class="masalah">
{items}
</ol>
</section>"""


def problems_page(lines: list[str]) -> str:
    """The preview's page for a failed build when no build has succeeded yet."""
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Pratinjau: {len(lines)} masalah konten</title>
</head>
<body>
{problems_banner(lines, over_last_good=False)}
</body>
</html>
"""


def encoding_banner(running: list[str]) -> str:
    """Which clips encode in the background and how far, for the top of a page."""
    items = "\n".join(f"<li>{html.escape(clip)}</li>" for clip in running)
    return f"""<section id="pratinjau-video" role="status">
<style>#pratinjau-video {{ font: 16px/1.5 system-ui, sans-serif; background: #f3f7ff;
  border-bottom: 3px solid #1c4f9b; padding: .5rem 1rem; color: #222; }}
#pratinjau-video ul {{ margin: .2rem 0; }}</style>
<p><strong>Video sedang dikodekan</strong> (hanya di pratinjau); halaman dimuat ulang
sendiri, dan videonya tampil begitu selesai:</p>
<ul>
{items}
</ul>
</section>"""


def with_problems(page: str, lines: list[str]) -> str:
    """The last good build's page with the problems on top (right after <body>)."""
    return with_banner(page, problems_banner(lines, over_last_good=True))


def with_banner(page: str, banner: str) -> str:
    """`page` with `banner` first in its body."""
    opened = re.search(r"<body[^>]*>", page, re.IGNORECASE)
    if opened is None:
        return banner + page
    return page[:opened.end()] + "\n" + banner + page[opened.end():]


def last_good_page(root: Path, path: str) -> Path | None:
    """The built page a request names (a folder's index.html), if the last good build
    wrote it and it lies inside the output folder."""
    target = (root / path.lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    elif not target.suffix:
        target = target / "index.html"
    if not target.is_file() or not target.is_relative_to(root.resolve()):
        return None
    return target


def _is_page(path: str) -> bool:
    """A request for a page (not a stylesheet, script, picture or video)."""
    name = PurePosixPath("/" + path).name
    return path == "" or path.endswith("/") or name.endswith(".html") or "." not in name


class _PreviewFiles:
    """What livereload's file handler does otherwise here: our types (PREVIEW_TYPES), no
    ETag for a page written here, and no livereload script under /admin/: the editor's
    page has its own CSP, the published one, which refuses inline script (and a reload
    would throw away an unsaved form). That CSP is never loosened for the preview."""

    admin_dir = CmsSettings.read({}).CMS_ADMIN_DIR  # the folder pelicanconf.py keeps

    def prepare(self):
        from livereload.server import LiveScriptInjector

        path = self.request.path
        if path == f"/{self.admin_dir}" or path.startswith(f"/{self.admin_dir}/"):
            self._transforms = [t for t in self._transforms
                                if not isinstance(t, LiveScriptInjector)]
        return super().prepare()

    def get_content_type(self):
        known = PREVIEW_TYPES.get(PurePosixPath(self.absolute_path or "").suffix)
        return known or super().get_content_type()

    def compute_etag(self):
        if getattr(self, "absolute_path", None) is None:  # a page written here, no file
            return None
        return super().compute_etag()


def livereload_server(state: PreviewState):
    """A livereload Server whose file handler shows the problem page while the last
    build failed, and the site's 404.html for a missing URL."""
    from livereload import Server
    from livereload.handlers import StaticFileHandler

    class PreviewHandler(_PreviewFiles, StaticFileHandler):
        async def get(self, path, include_body=True):
            running = list(state.encoding)
            if (state.failed or running) and _is_page(path):
                page = last_good_page(Path(self.root), path)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                if state.failed and page is None:  # nothing built yet: the problems alone
                    self.set_status(503)
                    self.finish(problems_page(state.problems))
                    return
                if page is not None:
                    text = page.read_text(encoding="utf-8")
                    if running:
                        text = with_banner(text, encoding_banner(running))
                    if state.failed:
                        text = with_problems(text, state.problems)
                    self.finish(text)
                    return
            await super().get(path, include_body)

        def write_error(self, status_code, **kwargs):
            page = Path(self.root) / NOT_FOUND_PAGE
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page.read_bytes())
                return
            super().write_error(status_code, **kwargs)

    class PreviewServer(Server):
        def __init__(self):
            super().__init__()
            self.SFH = PreviewHandler

    return PreviewServer()


def reload_browsers() -> None:
    """Tell every open preview tab to reload now. livereload drops a reload that comes
    within a few seconds of the last one, which would leave a tab on the problem page
    after a quick fix (or on the site after a quick mistake); a build's outcome must
    always reach the tab. Called from the watcher, on the server's own thread."""
    from livereload.handlers import LiveReloadHandler

    LiveReloadHandler.reload_waiters()


# --- servers on the editor's own computer ----------------------------------------------

LOCAL_HOST = "127.0.0.1"  # every server we start: never reachable from the school's Wi-Fi
DECAP_SERVER = "node_modules/decap-server/dist/index.js"


def free_port(preferred: int = 0) -> int:
    """`preferred` when it is free on 127.0.0.1, else a port the system picks."""
    for port in ((preferred, 0) if preferred else (0,)):
        with socket.socket() as probe:
            try:
                probe.bind((LOCAL_HOST, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise OSError("tidak ada port bebas di 127.0.0.1")


class BackendUnavailable(Exception):
    """The /admin/ editor's local backend could not start (the message says why)."""


@dataclass
class LocalBackend:
    """decap-server, listening on 127.0.0.1:`port` with `content` as its whole world."""

    process: subprocess.Popen
    port: int
    content: Path
    workdir: Path  # its working folder: empty, so no stray `.env` configures it

    @property
    def url(self) -> str:
        return f"http://{LOCAL_HOST}:{self.port}/api/v1"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


def _listening(port: int, process: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection((LOCAL_HOST, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def start_local_backend(content: Path, root: Path = ROOT, timeout: float = 30,
                        attempts: int = 3) -> LocalBackend:
    """Start decap-server (npm, package.json) so /admin/ saves straight into `content`:
    bound to 127.0.0.1 only (BIND_HOST), on a free port, its root (GIT_REPO_DIRECTORY)
    the content folder and nothing above it. Returns once it answers; raises
    BackendUnavailable (in Indonesian) when Node.js or the npm install is missing or it
    did not start. The caller stops it."""
    server = Path(root) / DECAP_SERVER
    node = shutil.which("node")
    if node is None or not server.is_file():
        raise BackendUnavailable("Node.js atau paket npm belum terpasang (jalankan `npm ci`)")
    content = Path(content).resolve()
    for _ in range(attempts):  # another program may take the port between pick and bind
        port = free_port()
        workdir = Path(tempfile.mkdtemp(prefix="kasdikdas-editor-"))
        env = {**os.environ, "PORT": str(port), "BIND_HOST": LOCAL_HOST, "MODE": "fs",
               "GIT_REPO_DIRECTORY": str(content), "LOG_LEVEL": "warn"}
        env.pop("ORIGIN", None)  # decap-server's default: only localhost pages may call it
        process = subprocess.Popen([node, str(server)], cwd=workdir, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        backend = LocalBackend(process, port, content, workdir)
        if _listening(port, process, timeout):
            return backend
        backend.stop()
    raise BackendUnavailable("decap-server tidak mau berjalan (coba `npm ci` lagi)")


def local_backend_settings(backend: LocalBackend | None) -> dict:
    """The build settings for the /admin/ editor of a preview: talking to `backend`, or,
    without it, no local backend at all (the editor then needs the git host)."""
    if backend is None:
        return {"CMS_ADMIN": True, "CMS_LOCAL_BACKEND": False}
    return {"CMS_ADMIN": True, "CMS_LOCAL_BACKEND": {"url": backend.url}}
