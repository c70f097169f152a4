"""search: search at /cari/ (a Pagefind index built after Pelican writes the site) and
offline reading (a service worker at the site root, an offline page, and the video a
showcase page lets the viewer keep offline).

Pure helpers live in index.py and offline.py; the receivers below only glue them in.
`search.measure` measures the bytes a first query fetches, in a real browser.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .index import build_index, declare_packed_files
from .offline import offline_video_for, write_service_worker
from .pages import SearchPagesGenerator
from .settings import apply_defaults

logger = logging.getLogger(__name__)


def add_defaults(pelican):
    settings = apply_defaults(pelican.settings)
    if settings["SEARCH_PAGEFIND"]:
        declare_packed_files(settings)


def add_generator(pelican):
    return SearchPagesGenerator


def attach_offline_video(generator, content):
    """Give a showcase article the file its "save offline" button stores. Runs just before
    the page is written, so after the video plugin has set `article.media`."""
    content.offline_video = offline_video_for(getattr(content, "media", None))


def index_and_service_worker(pelican):
    """After every page is written: the search index, then sw.js (whose version hashes
    the written theme files and offline page)."""
    output = Path(pelican.output_path)
    settings = pelican.settings
    if settings["SEARCH_PAGEFIND"]:
        build_index(output, settings)
    if settings["SEARCH_SERVICE_WORKER"] and settings["SEARCH_SW_SAVE_AS"]:
        target = write_service_worker(output, settings)
        logger.info("search: service worker written to %s", target)


def register():
    signals.initialized.connect(add_defaults)
    signals.get_generators.connect(add_generator)
    signals.article_generator_write_article.connect(attach_offline_video)
    signals.finalized.connect(index_and_service_worker)
