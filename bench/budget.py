"""Page weight budgets: what a page costs a viewer on first view, in bytes as a host sends them.

`first_view(output, url)` reads a built page and lists what a browser fetches before
the viewer does anything: the HTML (with its inline stylesheet), stylesheets, scripts,
the icon, the video poster, its default captions track and every image not marked
loading="lazy" (of a <picture>, the WebP source, which every browser we serve picks).
Any page's HTML alone must fit one round trip (BUDGETS["html"]). Text (HTML, CSS, JS, SVG, …) is
counted gzip-compressed at level 6, what Apache's mod_deflate and most shared hosts send
on the fly (brotli would be smaller, so a page within budget under gzip is within it
under brotli too); images and video are counted as they are. A video is counted only
when its player may load it before play (no preload="none", or autoplay). URLs on
another host are listed apart: the budget for them is zero.

    python -m bench.budget output/ / kiprah/20300001-gamelan-cilik/
"""

from __future__ import annotations

from kasdikdas.media.formats import VIDEO_SUFFIXES as VIDEO_TYPES

import gzip
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

KB = 1000  # budgets are in kilobytes of 1000 bytes: the stricter reading
# The README's budgets. "html": any page's HTML with its inline CSS, the one response the
# first paint waits for, must fit the first round trip (an initial TCP congestion
# window of 10 segments, ~14 KB).
BUDGETS = {"showcase": 30 * KB, "home": 40 * KB, "html": 14 * KB}
GZIP_LEVEL = 6
COMPRESSED_TYPES = {".html", ".htm", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".txt",
                    ".vtt", ".csv", ".ico"}


def sent_bytes(data: bytes, suffix: str) -> int:
    """The bytes a host sends for a file: text gzip-compressed, media as it is."""
    if suffix.lower() in COMPRESSED_TYPES:
        return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
    return len(data)


@dataclass(frozen=True)
class Resource:
    url: str  # as written in the page
    kind: str  # html, stylesheet, script, icon, poster, image, video
    raw: int
    sent: int


@dataclass
class Weight:
    """What one page costs on first view."""

    page: str
    resources: list[Resource] = field(default_factory=list)
    other_hosts: list[str] = field(default_factory=list)  # URLs that would leave the site
    missing: list[str] = field(default_factory=list)  # referenced files that do not exist

    @property
    def sent(self) -> int:
        return sum(r.sent for r in self.resources)

    @property
    def html_sent(self) -> int:
        """The page itself (with its inline CSS), as sent."""
        return sum(r.sent for r in self.resources if r.kind == "html")

    @property
    def video_bytes(self) -> int:
        return sum(r.sent for r in self.resources if r.kind == "video")

    def problems(self, budget: int) -> list[str]:
        """Every way the page breaks its budget; empty when it keeps it."""
        found = []
        if self.sent > budget:
            found.append(f"{self.page}: {self.sent} bytes sent before play, budget {budget}")
        if self.html_sent > BUDGETS["html"]:
            found.append(f"{self.page}: its HTML is {self.html_sent} bytes sent, budget "
                         f"{BUDGETS['html']} (one round trip)")
        if self.video_bytes:
            found.append(f"{self.page}: {self.video_bytes} video bytes before play, budget 0")
        found += [f"{self.page}: request to another host: {url}" for url in self.other_hosts]
        found += [f"{self.page}: missing file {url}" for url in self.missing]
        return found

    def table(self) -> str:
        rows = [f"{r.sent:>8} {r.raw:>8}  {r.kind:<10} {r.url}" for r in self.resources]
        return "\n".join([f"{self.page}  (sent bytes, raw bytes)", *rows,
                          f"{self.sent:>8} {'':>8}  total"])


class FirstViewParser(HTMLParser):
    """The URLs a browser fetches for a page before any interaction, with their kind."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._picture_source = None  # the WebP <source> of the open <picture>
        self._video = None  # attrs of the open <video>

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "link" and "stylesheet" in rel:
            self.found.append(("stylesheet", a.get("href", "")))
        elif tag == "link" and "icon" in rel:
            self.found.append(("icon", a.get("href", "")))
        elif tag == "link" and {"preload", "modulepreload"} & set(rel):
            self.found.append(("preload", a.get("href", "")))
        elif tag == "script" and a.get("src"):
            self.found.append(("script", a["src"]))
        elif tag == "picture":
            self._picture_source = None
        elif tag == "source" and self._video is not None:
            if self._video.get("preload") != "none" or "autoplay" in self._video:
                self.found.append(("video", a.get("src", "")))
        elif tag == "track" and self._video is not None and "default" in a and a.get("src"):
            self.found.append(("captions", a["src"]))  # a default track loads with the page
        elif tag == "source" and a.get("srcset") and self._picture_source is None:
            self._picture_source = first_candidate(a["srcset"])
        elif tag == "img" and a.get("loading") != "lazy":
            url = self._picture_source or (first_candidate(a["srcset"]) if a.get("srcset")
                                           else a.get("src", ""))
            self.found.append(("image", url))
        elif tag == "video":
            self._video = a
            if a.get("poster"):
                self.found.append(("poster", a["poster"]))
            if a.get("src") and (a.get("preload") != "none" or "autoplay" in a):
                self.found.append(("video", a["src"]))
        elif tag == "iframe" and a.get("src"):
            self.found.append(("iframe", a["src"]))

    def handle_endtag(self, tag):
        if tag == "picture":
            self._picture_source = None
        elif tag == "video":
            self._video = None


def first_candidate(srcset: str) -> str:
    return srcset.split(",")[0].split()[0] if srcset.strip() else ""


def page_file(output: Path, url: str) -> Path:
    """The HTML file of a page URL under the site root ('' or '/' is the home page)."""
    path = output / unquote(url).strip("/")
    return path if path.suffix == ".html" else path / "index.html"


def site_file(output: Path, url_path: str) -> Path:
    """The file a host serves for a URL path: a folder's index.html, else the file."""
    if url_path.endswith("/") or not url_path.strip("/"):
        return page_file(output, url_path)
    return Path(output) / unquote(url_path).lstrip("/")


def sent_file(path: Path) -> int:
    return sent_bytes(path.read_bytes(), path.suffix)


def first_view(output: Path, url: str) -> Weight:
    """Everything the page at `url` (under the site root) costs before any interaction."""
    output = Path(output).resolve()
    html_file = page_file(output, url)
    data = html_file.read_bytes()
    weight = Weight(page="/" + url.strip("/") + ("/" if url.strip("/") else ""))
    weight.resources.append(Resource(weight.page, "html", len(data), sent_bytes(data, ".html")))
    parser = FirstViewParser()
    parser.feed(data.decode("utf-8"))
    seen = set()
    for kind, ref in parser.found:
        parts = urlsplit(ref)
        if parts.scheme in ("data",):
            continue
        if parts.scheme or parts.netloc:
            weight.other_hosts.append(ref)
            continue
        if not parts.path:
            continue
        base = output if parts.path.startswith("/") else html_file.parent
        target = (base / unquote(parts.path).lstrip("/")).resolve()
        if target in seen:
            continue  # a browser fetches a URL once
        seen.add(target)
        if not target.is_relative_to(output) or not target.is_file():
            weight.missing.append(ref)
            continue
        body = target.read_bytes()
        if kind == "preload":
            kind = "video" if target.suffix.lower() in VIDEO_TYPES else "preload"
        weight.resources.append(Resource(ref, kind, len(body), sent_bytes(body, target.suffix)))
    return weight


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    output, urls = Path(argv[0]), argv[1:]
    failed = False
    for url in urls:
        weight = first_view(output, url)
        budget = BUDGETS["home"] if url.strip("/") == "" else BUDGETS["showcase"]
        print(weight.table())
        for problem in weight.problems(budget):
            print("  MELEBIHI ANGGARAN:", problem)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
