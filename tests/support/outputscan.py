"""Scan a built site for executable injection and for requests to other hosts.

HTML is parsed with the standard library's html.parser (the tokeniser browsers
follow closely enough for this: a `</script>` inside JSON-LD or a broken-out
attribute shows up as a real tag or attribute here too).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from kasdikdas.postbuild.assets import csp_hash_source, theme_csp_hashes

from . import ROOT

# Attributes whose value the browser fetches or navigates to.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background",
                  "xlink:href", "srcset", "ping", "manifest", "longdesc"}
# (tag, attribute) pairs that make the browser load something by itself.
RESOURCE_ATTRIBUTES = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
                       ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
                       ("track", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
                       ("input", "src"), ("image", "href")}
RESOURCE_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                      "apple-touch-icon", "preconnect", "dns-prefetch", "shortcut"}
# Never written by the theme, never allowed in a sanitised body. (A <style> element is
# allowed only with the exact text of the theme's inline stylesheet: THEME_STYLES.)
DANGEROUS_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
# The CSP hash sources of the theme's inline stylesheets, as a build declares them.
THEME_STYLES = frozenset(theme_csp_hashes(ROOT / "theme")
                         ["style-src"])
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Finding:
    file: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


def scheme_of(url: str) -> str:
    """The scheme as a browser reads it (it ignores tabs, newlines and leading blanks)."""
    cleaned = _INVISIBLE.sub("", url)
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


def is_theme_script(attrs: dict, theme_prefixes: tuple[str, ...]) -> bool:
    """A same-site script file under the theme's static folder."""
    src = attrs.get("src") or ""
    if not src or scheme_of(src) or src.startswith("//"):
        return False
    path = re.sub(r"^(?:\.{1,2}/|/)+", "", src)
    return path.startswith(theme_prefixes)


def executable_url(tag: str, value: str) -> bool:
    """javascript:/vbscript: anywhere; data: except a picture shown by an image element."""
    cleaned = _INVISIBLE.sub("", value)
    if not BAD_SCHEME.match(cleaned):
        return False
    return not (tag in {"img", "source", "video"} and cleaned.lower().startswith("data:image/")
                and "svg" not in cleaned[:20].lower())


class _Scanner(HTMLParser):
    def __init__(self, file: str, theme_prefixes: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.file, self.theme_prefixes = file, theme_prefixes
        self.findings: list[Finding] = []
        self.resources: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self._script: dict | None = None
        self._script_text: list[str] = []
        self._style: list[str] | None = None

    def _find(self, what: str) -> None:
        self.findings.append(Finding(self.file, what))

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._find(f"<{tag} {name}=…> event handler")
            if name == "style":
                self._find(f"<{tag} style=…> inline style")
            if name in URL_ATTRIBUTES and executable_url(tag, value):
                self._find(f"<{tag} {name}=\"{value[:40]}\"> {scheme_of(value)}: URL")
            if (tag, name) in RESOURCE_ATTRIBUTES:
                for url in (value.split(",") if name == "srcset" else [value]):
                    self.resources.append((tag, name, url.strip().split(" ")[0]))
        if tag == "link" and RESOURCE_LINK_RELS & set(values.get("rel", "").lower().split()):
            self.resources.append((tag, "href", values.get("href", "")))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self._find("<meta http-equiv=refresh>")
        if tag in DANGEROUS_TAGS:
            self._find(f"<{tag}> element")
        if tag == "script":
            self._script, self._script_text = values, []
        if tag == "style":
            self._style = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag):
        if tag == "style" and self._style is not None:
            text, self._style = "".join(self._style), None
            if csp_hash_source(text) not in THEME_STYLES:
                self._find(f"<style> element not the theme's stylesheet: {text.strip()[:60]!r}")
            return
        if tag != "script" or self._script is None:
            return
        attrs, text = self._script, "".join(self._script_text)
        self._script = None
        if attrs.get("type") == "application/ld+json" and "src" not in attrs:
            try:
                json.loads(text)
            except ValueError:
                self._find("JSON-LD that is not valid JSON (broken out of?)")
            return
        if is_theme_script(attrs, self.theme_prefixes) and not text.strip():
            return
        shown = " ".join(f'{k}="{v}"' for k, v in attrs.items())
        self._find(f"<script {shown}> not from the theme: {text.strip()[:60]!r}")


def scan_html(text: str, file: str, theme_prefixes=("theme/",)) -> _Scanner:
    scanner = _Scanner(file, tuple(theme_prefixes))
    scanner.feed(text)
    scanner.close()
    return scanner


# Elements of feeds and sitemaps whose text a reader renders as HTML.
_HTML_IN_XML = {"content", "summary", "description", "encoded"}


def scan_xml(text: str, file: str) -> list[Finding]:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        return [Finding(file, f"not well-formed XML ({exc})")]
    findings = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if local in _HTML_IN_XML and element.text:
            findings += scan_html(element.text, file).findings
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] in URL_ATTRIBUTES and BAD_SCHEME.match(_INVISIBLE.sub("", value)):
                findings.append(Finding(file, f"<{local} {name}=\"{value[:40]}\">"))
        if local in {"link", "loc", "id", "url"} and element.text and BAD_SCHEME.match(element.text.strip()):
            findings.append(Finding(file, f"<{local}>{element.text[:40]}"))
    return findings


def scan_json(text: str, file: str) -> list[Finding]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        return [Finding(file, f"not valid JSON ({exc})")]
    findings = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and re.search(r"(url|href|link|website|instagram|facebook|youtube|tiktok)",
                                                  key, re.IGNORECASE):
            if BAD_SCHEME.match(_INVISIBLE.sub("", value)):
                findings.append(Finding(file, f"{key}: {value[:40]}"))

    walk(data)
    return findings


def scan_site(output: Path) -> tuple[list[Finding], list[tuple[str, str, str, str]]]:
    """(injection findings, resources: (file, tag, attribute, url)) for every HTML, XML and JSON file."""
    findings: list[Finding] = []
    resources = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(output).as_posix()
        suffix = path.suffix.lower()
        if suffix in {".html", ".htm"}:
            scanner = scan_html(path.read_text(encoding="utf-8"), rel)
            findings += scanner.findings
            resources += [(rel, *r) for r in scanner.resources]
        elif suffix in {".xml", ".atom", ".rss"}:
            findings += scan_xml(path.read_text(encoding="utf-8"), rel)
        elif suffix in {".json", ".jsonld", ".webmanifest"}:
            findings += scan_json(path.read_text(encoding="utf-8"), rel)
    return findings, resources


def foreign(url: str, site_host: str = "") -> bool:
    """True when loading `url` would contact a host other than the site's."""
    url = url.strip()
    if not url or url.startswith("#"):
        return False
    if url.startswith("//") or scheme_of(url) in {"http", "https"}:
        return urlsplit(url if not url.startswith("//") else "https:" + url).hostname != site_host
    return scheme_of(url) not in {"", "data", "blob"}
