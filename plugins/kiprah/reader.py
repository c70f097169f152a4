"""A Markdown reader for YAML front matter whose bodies are sanitised HTML.

Showcases are only split and parsed here (cacheable plain data); validation against
the registry happens once per build in the plugin, so registry edits always apply.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nh3
from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime

from .registry import relative_posix
from .settings import apply_defaults
from .showcase import default_slug, read_source
from .yamlfm import FrontMatterError, YamlError, split_front_matter

PLACEHOLDER_DATE = SafeDatetime(1970, 1, 1)


def render_markdown(text: str, settings: dict, markdown: Markdown | None = None) -> str:
    """Markdown to sanitised HTML; pass a `markdown` instance to reuse (building one
    costs as much as converting a showcase, and a site has thousands)."""
    markdown = markdown.reset() if markdown is not None else Markdown(**settings["MARKDOWN"])
    html = markdown.convert(text)
    return nh3.clean(html, tags=set(settings["KIPRAH_ALLOWED_TAGS"]),
                     url_schemes={"http", "https", "mailto"})


class FrontMatterMarkdownReader(MarkdownReader):
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(apply_defaults(settings))
        self._showcase_root = Path(settings["PATH"]) / settings["KIPRAH_DIR"]
        self._markdown = None

    def read(self, source_path):
        path = Path(source_path)
        if relative_posix(path, self._showcase_root) is not None:
            return self._read_showcase(path)
        return self._read_page(path)

    def render(self, text: str) -> str:
        if self._markdown is None:
            self._markdown = Markdown(**self.settings["MARKDOWN"])
        return render_markdown(text, self.settings, self._markdown)

    def _read_showcase(self, path: Path):
        source, problems = read_source(path, self.settings["KIPRAH_MAX_SOURCE_BYTES"])
        metadata = {"kiprah_source": source, "kiprah_problems": problems}
        if source is None:
            metadata.update(title=path.name, date=PLACEHOLDER_DATE, status="draft")
            return "", metadata
        fm = source.front_matter.data if isinstance(source.front_matter.data, dict) else {}
        metadata["title"] = str(fm.get("title") or path.name)
        metadata["date"] = _pelican_date(fm.get("date"))
        metadata["slug"] = str(fm.get("slug") or default_slug(path))
        return self.render(source.body), metadata

    def _read_page(self, path: Path):
        try:
            document = split_front_matter(path.read_text(encoding="utf-8-sig"))
        except (FrontMatterError, YamlError) as exc:
            raise ValueError(f"{path}:{exc.line}: {exc.message}") from None
        metadata = {
            key.lower(): self.process_metadata(key.lower(), str(value))
            for key, value in (document.front_matter.data or {}).items()
        }
        return self.render(document.body), metadata


def _pelican_date(value) -> SafeDatetime:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return PLACEHOLDER_DATE  # the model reports the bad date
    return SafeDatetime(day.year, day.month, day.day)
