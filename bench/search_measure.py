"""Measure what search costs a viewer: the bytes a first query fetches, in a real browser.

    from bench.search_measure import first_query_bytes
    result = first_query_bytes("output", "gamelan")
    result.search_bytes   # search.js + everything under /pagefind/, as sent (gzip host)
    first_query_bytes("output", "gamelan", host="brotli").search_bytes

The built site is served on 127.0.0.1 the way a host serves it (HOSTS: `gzip`, any
host; `brotli`, nginx or Apache with the publish build's `.br` twins), with the site's
Content-Security-Policy, and Debian's chromium (which asks for br here) opens
/cari/?q=<query> with an empty cache and no service worker. Needs the dev
requirements (Playwright). `serve()` and `launch_chromium()` are reused by the
browser tests.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import re
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.browser import CHROMIUM, launch_chromium  # noqa: F401 (measure and tests use them)
from kasdikdas.postbuild.assets import theme_csp_hashes
from kasdikdas.postbuild.hosting.rules import site_csp
from kasdikdas.postbuild.hosting.settings import DEFAULTS as HOSTING
from kasdikdas.postbuild.hosting.twins import unpacked_twin

from kasdikdas.postbuild.search.index import PACKED_SUFFIXES

BUDGET_BYTES = 100_000  # the budget for a first query, search library included

THEME = Path(__file__).resolve().parent.parent / "theme"

# The policy the site ships, from the same rules as the host files
# (kasdikdas/postbuild/hosting): HOSTING_CSP plus the hash of the inline stylesheet a
# build with this theme carries (postbuild/assets.py). Pagefind's WebAssembly needs
# 'wasm-unsafe-eval' in it, which allows compiling WebAssembly and nothing else.
SITE_HOSTING = {**HOSTING, "HOSTING_CSP_HASHES": theme_csp_hashes(THEME)}
CSP = site_csp(SITE_HOSTING)

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".csv", ".webmanifest")

# The two kinds of host a first query is measured on:
HOSTS = {
    # any host: text gzipped, every other file as stored, so Pagefind's own files
    # (PACKED_SUFFIXES) go out gzip-packed as Pagefind wrote them
    "gzip": "gzip untuk teks; berkas Pagefind apa adanya (terkemas gzip)",
    # nginx or Apache with the publish build's twins: text as brotli, Pagefind's files
    # as the `.br` twins of their unpacked content (plugins/hosting/twins.py)
    "brotli": "brotli untuk teks dan kembaran .br berkas Pagefind (nginx, Apache)",
}

def accepts(accept_encoding: str, coding: str) -> bool:
    return coding in {part.split(";")[0].strip() for part in accept_encoding.split(",")}


def encoded_body(path: Path, host: str, accept_encoding: str) -> tuple[bytes, str] | None:
    """What a `host` (a key of HOSTS) sends for the file `path` to a client that sends
    `accept_encoding`: (body, Content-Encoding), or None for the file as stored.
    The brotli host sends the publish build's `.br` twin when there is one, and
    otherwise makes it as the publish build would (a development build has none)."""
    import brotli

    packed = path.suffix in PACKED_SUFFIXES
    if host == "brotli" and accepts(accept_encoding, "br"):
        twin = path.with_name(path.name + ".br")
        if twin.is_file():
            return twin.read_bytes(), "br"
        if packed:
            body = unpacked_twin(path.read_bytes())
            return (body, "br") if body is not None else None
        if path.suffix in COMPRESSIBLE:
            return brotli.compress(path.read_bytes(), mode=brotli.MODE_TEXT, quality=11), "br"
    if accepts(accept_encoding, "gzip") and path.suffix in COMPRESSIBLE:
        return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0), "gzip"
    return None


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the site's CSP, compressed as the `host` (a key of HOSTS)
    would send them."""

    host = "gzip"
    csp = CSP  # None: send no CSP of its own (a subclass sends the host file's headers)

    def end_headers(self):
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, *args):  # keep test output clean
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and self.path.split("?")[0].endswith(("/", path.suffix))):
            return super().send_head()
        encoded = encoded_body(path, self.host, self.headers.get("Accept-Encoding", ""))
        if encoded is None:
            return super().send_head()
        body, coding = encoded
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", coding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Bytes(body)


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


@contextlib.contextmanager
def serve(output_dir: str | Path, host: str = "gzip", csp: str | None = CSP):
    """Serve the built site on 127.0.0.1 (a free port) as `host` (a key of HOSTS)
    would, with the policy `csp` (the site's, for the repository's theme); yields the
    base URL ('…/')."""
    if host not in HOSTS:
        raise ValueError(f"unknown host {host!r}; one of {', '.join(HOSTS)}")
    handler = functools.partial(type("Handler", (SiteHandler,), {"host": host, "csp": csp}),
                                directory=str(output_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()



@dataclass
class QueryBytes:
    query: str
    results: int  # how many results the page reported
    search_bytes: int  # search.js and the Pagefind files, as sent (headers excluded)
    image_bytes: int  # result thumbnails the browser fetched (lazy: the visible ones)
    page_bytes: int  # everything the visit fetched, the page itself included
    files: dict[str, int] = field(default_factory=dict)  # url → bytes as sent
    encodings: dict[str, str] = field(default_factory=dict)  # url → Content-Encoding or ''

    @property
    def within_budget(self) -> bool:
        return self.search_bytes <= BUDGET_BYTES

    def search_files(self) -> dict[str, int]:
        """search.js and the Pagefind files, url → bytes as sent."""
        return {url: size for url, size in self.files.items() if is_search_file(url)}


def is_search_file(url: str, bundle_dir: str = "pagefind") -> bool:
    path = urlsplit(url).path
    return f"/{bundle_dir}/" in path or path.endswith("/js/search.js")


def first_query_bytes(output_dir: str | Path, query: str, filters: dict | None = None,
                      *, browser=None, base_url: str | None = None, host: str = "gzip",
                      search_path: str = "cari/", bundle_dir: str = "pagefind") -> QueryBytes:
    """Open /cari/?q=<query>[&filter=value…] on a fresh browser context (empty cache,
    no service worker, 360×640) and count what it fetched. Serves `output_dir` as
    `host` would and launches chromium unless `base_url` / `browser` (a Playwright
    Browser) are given."""
    with contextlib.ExitStack() as stack:
        if base_url is None:
            base_url = stack.enter_context(serve(output_dir, host))
        if browser is None:
            from playwright.sync_api import sync_playwright

            browser = launch_chromium(stack.enter_context(sync_playwright()))
            stack.callback(browser.close)
        context = browser.new_context(service_workers="block",
                                      viewport={"width": 360, "height": 640})
        stack.callback(context.close)
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{base_url}{search_path}?{urlencode({'q': query, **(filters or {})})}")
        page.wait_for_function(  # search.js marks the form when results are shown
            "() => ['done', 'failed'].includes("
            "document.querySelector('[data-search]')?.dataset.state)", timeout=30_000)
        if page.locator("[data-search]").get_attribute("data-state") == "failed":
            raise RuntimeError(f"search failed on {page.url}")
        page.wait_for_load_state("networkidle")
        files = {r.url: r.request.sizes()["responseBodySize"] for r in responses}
        encodings = {r.url: r.headers.get("content-encoding", "") for r in responses}
        search = sum(size for url, size in files.items() if is_search_file(url, bundle_dir))
        images = sum(r.request.sizes()["responseBodySize"] for r in responses
                     if r.request.resource_type == "image")
        status = page.locator("[data-search-status]").text_content() or ""
        count = re.match(r"\s*([\d.]+)", status)
        found = int(count.group(1).replace(".", "")) if count else 0
        return QueryBytes(query, found, search, images, sum(files.values()), files, encodings)


def main(argv: list[str] | None = None) -> int:
    """`python -m search.measure output gamelan [jenjang=SMP …]` (with plugins/ on the path)."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir")
    parser.add_argument("query")
    parser.add_argument("filters", nargs="*", help="name=value, e.g. jenjang=SMP")
    parser.add_argument("--host", choices=HOSTS, default="gzip")
    args = parser.parse_args(argv)
    filters = dict(item.split("=", 1) for item in args.filters)
    result = first_query_bytes(args.output_dir, args.query, filters, host=args.host)
    print(f"{result.results} hasil; pencarian {result.search_bytes} B ({args.host}) "
          f"(anggaran {BUDGET_BYTES} B), gambar {result.image_bytes} B, "
          f"semua {result.page_bytes} B")
    return 0 if result.within_budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
