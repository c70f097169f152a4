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
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kasdikdas.build import build_site
from kasdikdas.cms import CmsSettings
from kasdikdas.errors import ReportedError

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
    generation: int = 0  # one more after every build and encode tick: see reload_browsers


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


GENERATION_PATH = "/.pratinjau/generasi"  # only the preview server answers it
GENERATION_CHECK_MS = 1000


def generation_script(generation: int) -> bytes:
    """The preview's own reload, beside livereload's: the page asks every second which
    build the server is at, and reloads when it is not the one it was served from.
    livereload's push is lost when it comes while the tab is itself reloading (the
    socket is closed then); a question asked again is not."""
    return (f'<script>(function(){{var g="{generation}";setInterval(function(){{'
            f'fetch("{GENERATION_PATH}",{{cache:"no-store"}}).then(function(r){{'
            'return r.ok?r.text():g}).then(function(t){if(t.trim()!==g)location.reload()},'
            f'function(){{}})}},{GENERATION_CHECK_MS})}})();</script>').encode()


class _PreviewFiles:
    """What livereload's file handler does otherwise here: our types (PREVIEW_TYPES), no
    ETag for a page written here, the build generation check in every page, and no
    script at all under /admin/: the editor's page has its own CSP, the published one,
    which refuses inline script (and a reload would throw away an unsaved form). That
    CSP is never loosened for the preview."""

    admin_dir = CmsSettings.read({}).CMS_ADMIN_DIR  # the folder pelicanconf.py keeps
    preview_state: PreviewState
    generation_check: type  # a tornado output transform: (request, generation)

    def prepare(self):
        from livereload.server import LiveScriptInjector

        path = self.request.path
        if path == f"/{self.admin_dir}" or path.startswith(f"/{self.admin_dir}/"):
            self._transforms = [t for t in self._transforms
                                if not isinstance(t, LiveScriptInjector)]
        else:  # the generation this page is served from, before its file is read
            self._transforms.append(self.generation_check(self.request, self.preview_state.generation))
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
    from livereload.server import LiveScriptInjector
    from tornado.web import RequestHandler

    class GenerationCheck(LiveScriptInjector):
        """Puts generation_script before </head>, as livereload puts its own."""

        def __init__(self, request, generation: int):
            super().__init__(request)
            self.script = generation_script(generation)

    class PreviewHandler(_PreviewFiles, StaticFileHandler):
        preview_state, generation_check = state, GenerationCheck

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

    class GenerationHandler(RequestHandler):
        def get(self):
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(str(state.generation))

    class PreviewServer(Server):
        def __init__(self):
            super().__init__()
            self.SFH = PreviewHandler

        def get_web_handlers(self, script):
            return [(re.escape(GENERATION_PATH), GenerationHandler),
                    *super().get_web_handlers(script)]

    return PreviewServer()


def reload_browsers(state: PreviewState) -> None:
    """Tell every open preview tab to reload now: a new generation, which every page
    asks for (generation_script), and livereload's push, which is quicker. livereload
    drops a push that comes within a few seconds of the last one, or while a tab is
    reloading; a build's outcome must always reach the tab (the problem page after a
    mistake, the site after the fix). Called on the server's own thread."""
    from livereload.handlers import LiveReloadHandler

    state.generation += 1
    LiveReloadHandler.reload_waiters()
