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

from .settings import apply_defaults
from .showcase import default_slug, read_source
from .yamlfm import FrontMatterError, YamlError, split_front_matter

PLACEHOLDER_DATE = SafeDatetime(1970, 1, 1)


def render_markdown(text: str, settings: dict) -> str:
    html = Markdown(**settings["MARKDOWN"]).convert(text)
    return nh3.clean(html, tags=set(settings["KIPRAH_ALLOWED_TAGS"]),
                     url_schemes={"http", "https", "mailto"})


class FrontMatterMarkdownReader(MarkdownReader):
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(apply_defaults(settings))
        self._showcase_root = (Path(settings["PATH"]) / settings["KIPRAH_DIR"]).resolve()

    def read(self, source_path):
        path = Path(source_path)
        if self._showcase_root in path.resolve().parents:
            return self._read_showcase(path)
        return self._read_page(path)

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
        return render_markdown(source.body, self.settings), metadata

    def _read_page(self, path: Path):
        try:
            document = split_front_matter(path.read_text(encoding="utf-8-sig"))
        except (FrontMatterError, YamlError) as exc:
            raise ValueError(f"{path}:{exc.line}: {exc.message}") from None
        metadata = {
            key.lower(): self.process_metadata(key.lower(), str(value))
            for key, value in (document.front_matter.data or {}).items()
        }
        return render_markdown(document.body, self.settings), metadata


def _pelican_date(value) -> SafeDatetime:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return PLACEHOLDER_DATE  # the model reports the bad date
    return SafeDatetime(day.year, day.month, day.day)
