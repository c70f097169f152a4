"""kiprah: the content model. Reads showcases, validates them against the school
registry and attaches a resolved `Showcase` to every article (`article.showcase`).

An invalid site is never built: every problem is collected and raised together as a
`ContentError` before anything is written.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .model import CATEGORIES, LEVELS
from .problems import ContentError, Problem
from .reader import FrontMatterMarkdownReader
from .registry import display_path, load_registry
from .settings import apply_defaults
from .showcase import build_showcase, duplicate_slug_problems

logger = logging.getLogger(__name__)


def registry_for(settings: dict):
    content = Path(settings["PATH"])
    return load_registry(content / settings["KIPRAH_KECAMATAN_FILE"],
                         content / settings["KIPRAH_SCHOOLS_FILE"])


def add_defaults(pelican):
    apply_defaults(pelican.settings)


def add_reader(readers):
    readers.reader_classes["md"] = FrontMatterMarkdownReader


def resolve_showcases(generator):
    """Validate every article read this build and attach its `Showcase`."""
    settings = generator.settings
    registry = registry_for(settings)
    problems: list[Problem] = list(registry.problems)
    found = []
    # translations too: Pelican files a second article with the same slug there
    articles = all_articles(generator)
    problems += unread_showcase_problems(generator)
    for article in articles:
        problems += article.metadata.get("kiprah_problems", [])
        source = article.metadata.get("kiprah_source")
        if source is None:
            continue
        showcase, build_problems = build_showcase(source, registry, Path(settings["PATH"]))
        problems += build_problems
        if showcase is not None:
            article.showcase = showcase
            article.slug = showcase.slug
            article.school = showcase.school
            found.append((source.shown, showcase))
    problems += duplicate_slug_problems(found)
    if problems:
        raise ContentError(problems)
    logger.info("kiprah: %d showcases from %d schools validated", len(found), len(registry.schools))
    generator.context["registry"] = registry
    generator.context["showcases"] = [a.showcase for a in generator.articles]
    generator.context["CATEGORIES"] = CATEGORIES
    generator.context["LEVELS"] = LEVELS


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


def unread_showcase_problems(generator) -> list[Problem]:
    """Files Pelican failed to read would silently vanish from the site; report them."""
    content = Path(generator.settings["PATH"])
    folder = generator.settings["KIPRAH_DIR"].strip("/") + "/"
    failed = [path for path, value in generator.context.get("generated_content", {}).items()
              if value is None and path.startswith(folder)]
    return [Problem(display_path(content / path), None, "berkas",
                    "berkas ini tidak bisa dibaca oleh Pelican",
                    "jalankan `invoke check`; bila tidak ada masalah lain, laporkan ke pengembang situs")
            for path in failed]


def register():
    signals.initialized.connect(add_defaults)
    signals.readers_init.connect(add_reader)
    signals.article_generator_pretaxonomy.connect(resolve_showcases)
    signals.article_generator_finalized.connect(freeze_urls)
