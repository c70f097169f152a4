"""Measure what search costs a viewer: the bytes a first query fetches, in a real browser.

    from search.measure import first_query_bytes
    result = first_query_bytes("output", "gamelan")
    result.search_bytes   # search.js + everything under /pagefind/, as sent (gzip)

The built site is served on 127.0.0.1 the way a cheap host serves it (gzip for text,
the site's Content-Security-Policy), and Debian's chromium opens /cari/?q=<query> with
an empty cache and no service worker. Needs the dev requirements (Playwright).
`serve()` and `launch_chromium()` are reused by the browser tests.
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
from urllib.parse import unquote, urlencode, urlsplit

from hosting.rules import content_security_policy
from hosting.settings import DEFAULTS as HOSTING

from .index import PACKED_SUFFIXES

BUDGET_BYTES = 100_000  # the budget for a first query, search library included

# The policy the site ships (plugins/hosting); Pagefind's WebAssembly needs
# 'wasm-unsafe-eval' in it, which allows compiling WebAssembly and nothing else.
CSP = content_security_policy(HOSTING["HOSTING_CSP"])

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".csv", ".webmanifest")
# Pagefind's own files (PACKED_SUFFIXES) come gzipped by Pagefind; stored unpacked
# (SEARCH_UNPACK_BUNDLE) they are compressed like text, as a host set up for that does.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the site's CSP and gzip for text, like a host would send them."""

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args):  # keep test output clean
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        unpacked = (path.suffix in PACKED_SUFFIXES and path.is_file()
                    and path.read_bytes()[:2] != b"\x1f\x8b")
        if not (gzip_ok and (path.suffix in COMPRESSIBLE or unpacked) and path.is_file()
                and self.path.split("?")[0].endswith(("/", path.suffix))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
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
def serve(output_dir: str | Path):
    """Serve the built site on 127.0.0.1 (a free port); yields the base URL ('…/')."""
    handler = functools.partial(SiteHandler, directory=str(output_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


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


def brotli_bytes(output_dir: str | Path, result: QueryBytes) -> dict[str, int]:
    """What a host serving precompressed brotli would send for the same search files:
    `as_built` with the bundle as Pagefind writes it (its own files are gzipped already
    and go out as they are; only search.js and pagefind.js shrink), `unpacked` if the
    bundle's files were stored unpacked and precompressed with brotli like the text
    files (pagefind.js accepts either: it looks for the unpacked signature first)."""
    import brotli

    as_built = unpacked = 0
    for url in result.search_files():
        data = (Path(output_dir) / unquote(urlsplit(url).path).lstrip("/")).read_bytes()
        if url.split("?")[0].endswith(PACKED_SUFFIXES) and data[:2] == b"\x1f\x8b":
            as_built += len(data)
            unpacked += len(brotli.compress(gzip.decompress(data), quality=11))
        else:
            size = len(brotli.compress(data, quality=11))
            as_built += size
            unpacked += size
    return {"as_built": as_built, "unpacked": unpacked}


def first_query_bytes(output_dir: str | Path, query: str, filters: dict | None = None,
                      *, browser=None, base_url: str | None = None,
                      search_path: str = "cari/", bundle_dir: str = "pagefind") -> QueryBytes:
    """Open /cari/?q=<query>[&filter=value…] on a fresh browser context (empty cache,
    no service worker, 360×640) and count what it fetched. Serves `output_dir` and
    launches chromium unless `base_url` / `browser` (a Playwright Browser) are given."""
    with contextlib.ExitStack() as stack:
        if base_url is None:
            base_url = stack.enter_context(serve(output_dir))
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
    args = parser.parse_args(argv)
    filters = dict(item.split("=", 1) for item in args.filters)
    result = first_query_bytes(args.output_dir, args.query, filters)
    print(f"{result.results} hasil; pencarian {result.search_bytes} B "
          f"(anggaran {BUDGET_BYTES} B), gambar {result.image_bytes} B, "
          f"semua {result.page_bytes} B")
    return 0 if result.within_budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
