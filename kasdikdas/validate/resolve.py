"""The build's side of validation (Pelican receivers): the Markdown reader, and every
article read this build resolved through `validate_showcases`, the same function
`invoke check` runs, before anything is written.

An invalid site is never built: every problem, the videos' included, is raised
together as one `ContentError`.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from pathlib import Path

from ..model.problems import ContentError, Problem
from ..model.paths import display_path
from . import ReadFile, ValidatedSite, registry_for, validate_showcases
from .reader import FrontMatterMarkdownReader
from .settings import ValidateSettings

logger = logging.getLogger(__name__)


def add_reader(readers):
    readers.reader_classes["md"] = FrontMatterMarkdownReader


def read_files(generator) -> tuple[list[ReadFile], dict[str, list]]:
    """Every showcase article as a ReadFile (sorted like `invoke check` reads them), and
    the articles of each file."""
    content = os.path.abspath(generator.settings["PATH"])
    files, articles = {}, defaultdict(list)
    # translations too: Pelican files a second article with the same slug there
    for article in all_articles(generator):
        source = article.metadata.get("kiprah_source")
        problems = article.metadata.get("kiprah_problems", [])
        if source is None and not problems:
            continue
        relative = Path(os.path.relpath(article.source_path, content)).as_posix()
        files[relative] = ReadFile(relative, source, tuple(problems))
        articles[relative].append(article)
    for relative, problem in unread_showcase_problems(generator):
        files[relative] = ReadFile(relative, None, (problem,))
    return [files[k] for k in sorted(files)], articles


def resolve_showcases(generator) -> ValidatedSite:
    """Validate every article read this build and attach its `Showcase`: the valid site."""
    settings = generator.settings
    files, articles = read_files(generator)
    site, problems = validate_showcases(files, registry_for(settings), settings)
    if problems:
        raise ContentError(problems)
    for relative, showcase in site.showcases.items():
        for article in articles[relative]:
            article.showcase = showcase
            article.slug = showcase.slug
    registry = site.registry
    logger.info("kiprah: %d kiprah dari %d sekolah diperiksa", len(site.showcases),
                len(registry.schools))
    return site


def showcase_articles(generator) -> list:
    """The showcase articles a page is written for (not translations)."""
    articles = generator.articles + generator.drafts + generator.hidden_articles
    return [a for a in articles if hasattr(a, "showcase")]


def all_articles(generator) -> list:
    return (generator.articles + generator.drafts + generator.hidden_articles
            + generator.translations + generator.drafts_translations
            + generator.hidden_translations)


def fix_urls(articles) -> None:
    """Pelican computes `article.url` and `save_as` from the URL settings on every access
    (67,000 times at 5,000 showcases: templates, lists, the writer and the sitemap).
    They are final once the slugs are set, so each article keeps its own through
    Pelican's per-article override (what `url:`/`save_as:` metadata set)."""
    for article in articles:
        article.override_url = article.url
        article.override_save_as = article.save_as


def freeze_urls(generator):
    fix_urls(all_articles(generator))


def unread_showcase_problems(generator) -> list[tuple[str, Problem]]:
    """Files Pelican failed to read would silently vanish from the site; report them."""
    content = Path(generator.settings["PATH"])
    folder = ValidateSettings.read(generator.settings).KIPRAH_DIR.strip("/") + "/"
    failed = [path for path, value in generator.context.get("generated_content", {}).items()
              if value is None and path.startswith(folder)]
    return [(path, Problem(display_path(content / path), None, "berkas",
                           "berkas ini tidak bisa dibaca oleh Pelican",
                           "jalankan `invoke check`; bila tidak ada masalah lain, laporkan ke "
                           "pengembang situs"))
            for path in failed]
