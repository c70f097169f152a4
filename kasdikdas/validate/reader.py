"""A Markdown reader for YAML front matter whose bodies are sanitised HTML.

Showcases are only split and parsed here (cacheable plain data); validation against
the registry happens once per build in the plugin, so registry edits always apply.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path
from typing import cast

import nh3
from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime

from .settings import ValidateSettings
from ..model.showcase import body_problems, read_source, unexpected_problem
from ..model.showcase_rules import default_slug
from ..model.yamlfm import YamlError, split_front_matter

logger = logging.getLogger(__name__)

PLACEHOLDER_DATE = SafeDatetime(1970, 1, 1)
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_URL_DROPPED = str.maketrans("", "", "\t\n\r")
_URL_TRIMMED = "".join(map(chr, range(0x21)))  # C0 controls and space


def browser_url(value: str) -> str:
    """`value` (entities already decoded by the HTML parser) as a browser's URL parser
    reads it: tabs and newlines dropped anywhere, controls and spaces trimmed at both
    ends, backslashes taken as slashes. `/&#9;/evil.example/x.png` is `//evil.example/…`."""
    return value.translate(_URL_DROPPED).strip(_URL_TRIMMED).replace("\\", "/")


def _no_external_media(tag: str, attribute: str, value: str) -> str | None:
    # An image from another host would make every visitor's phone call that host.
    if tag == "img" and attribute == "src" and _EXTERNAL.match(browser_url(value)):
        return None
    return value


def render_markdown(text: str, settings: dict, markdown: Markdown | None = None) -> str:
    """Markdown to HTML, then sanitised to the allow-list: no scripts, event handlers,
    styles, iframes or `javascript:` links, and no images from other hosts. Pass a
    `markdown` instance to reuse (building one costs as much as converting a showcase,
    and a site has thousands)."""
    markdown = markdown.reset() if markdown is not None else Markdown(**settings["MARKDOWN"])
    html = markdown.convert(text)
    return nh3.clean(html, tags=set(ValidateSettings.read(settings).KIPRAH_ALLOWED_TAGS),
                     url_schemes={"http", "https", "mailto"},
                     attribute_filter=_no_external_media)


class FrontMatterMarkdownReader(MarkdownReader):
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(settings)
        self._kiprah = ValidateSettings.read(settings)
        self._content_root = Path(os.path.abspath(settings["PATH"]))
        self._showcase_root = self._content_root / self._kiprah.KIPRAH_DIR
        self._markdown = None

    def read(self, source_path):
        # Where the file is listed, not where a symlink points: a showcase stays a
        # showcase (and is reported) even when it links out of content/.
        path = Path(os.path.abspath(source_path))
        if self._showcase_root in path.parents:
            return self._read_showcase(path)
        return self._read_page(path)

    def render(self, text: str) -> str:
        if self._markdown is None:
            self._markdown = Markdown(**self.settings["MARKDOWN"])
        return render_markdown(text, self.settings, self._markdown)

    def _read_showcase(self, path: Path):
        source, problems = read_source(path, self._kiprah.KIPRAH_MAX_SOURCE_BYTES,
                                       content_root=self._content_root)
        metadata: dict[str, object] = {"kiprah_source": source, "kiprah_problems": problems}
        if source is None:
            metadata.update(title=path.name, date=PLACEHOLDER_DATE, status="draft")
            return "", metadata
        fm = source.front_matter.data if isinstance(source.front_matter.data, dict) else {}
        metadata["title"] = str(fm.get("title") or path.name)
        metadata["date"] = _pelican_date(fm.get("date"))
        metadata["slug"] = str(fm.get("slug") or default_slug(path))
        if body_problems(source):  # reported by build_showcase; not worth rendering
            return "", metadata
        try:
            return self.render(source.body), metadata
        except Exception as exc:  # a last net: the file is reported, never silently dropped
            logger.debug("kiprah: rendering %s failed", path, exc_info=True)
            self._markdown = None  # never reuse an instance a failure may have left half-done
            metadata["kiprah_problems"] = [unexpected_problem(source.path, exc)]
            return "", metadata

    def _read_page(self, path: Path):
        try:
            document = split_front_matter(path.read_text(encoding="utf-8-sig"))
        except YamlError as exc:
            raise ValueError(f"{path}:{exc.line}: {exc.message}") from None
        metadata = {
            key.lower(): self.process_metadata(key.lower(), str(value))
            # A page's front matter is a mapping (other YAML fails here, as it always did).
            for key, value in cast(dict[str, object], document.front_matter.data or {}).items()
        }
        return self.render(document.body), metadata


def _pelican_date(value) -> SafeDatetime:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return PLACEHOLDER_DATE  # the model reports the bad date
    return SafeDatetime(day.year, day.month, day.day)
