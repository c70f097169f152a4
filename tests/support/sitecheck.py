"""Helpers to read a built site: the links of a page and which internal ones are broken."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {"href", "src", "poster", "srcset", "content"}
SHOWCASE_LINK = re.compile(r"kiprah/([^/]+)/$")


@dataclass
class PageLinks(HTMLParser):
    """Every URL a page refers to (href, src, poster, srcset, og:url/og:image) and its ids."""

    urls: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self):
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in LINK_ATTRS & attrs.keys():
            value = attrs[name] or ""
            if name == "content" and attrs.get("property") not in ("og:url", "og:image"):
                continue
            if name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                self.urls.append(value)


def page_links(html_file: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


def target_file(output: Path, page: Path, url: str) -> Path | None:
    """The file under `output` an internal URL points to; None for another host."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page
    base = output if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(output: Path, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Every internal href/src in every HTML page whose file (or #fragment) is missing.
    `allowed` holds URLs under the site root that may be missing (pages still to come)."""
    output = output.resolve()
    problems = []
    for page in sorted(output.rglob("*.html")):
        links = page_links(page)
        for url in links.urls:
            target = target_file(output, page, url)
            if target is None:
                continue
            shown = page.relative_to(output)
            if not target.is_relative_to(output):
                problems.append(f"{shown}: {url} points outside the site")
                continue
            if target.relative_to(output).parent.as_posix() + "/" in allowed:
                continue
            if not target.is_file():
                problems.append(f"{shown}: {url} -> missing {target.relative_to(output)}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html" and fragment not in page_links(target).ids:
                problems.append(f"{shown}: {url} -> no id {fragment!r}")
    return problems


def showcase_slugs(html: str, list_class: str = "daftar-kiprah") -> list[str]:
    """The showcases listed, in order, in a page's showcase list(s)."""
    slugs = []
    for block in re.findall(rf'<ul class="{list_class}">(.*?)</ul>', html, re.S):
        for href in re.findall(r'<h[23]><a href="([^"]+)">', block):
            match = SHOWCASE_LINK.search(href)
            assert match, href
            slugs.append(match.group(1))
    return slugs
