"""sitemap.xml through pelican-sitemap, with everything this site asks of it in one place.

pelican-sitemap keeps one module-level `generator` that queues every written page
(`content_written`) and writes them at the end. We drive it ourselves so that it is one
step of the post-build order, and so that:

- a publish build dates pages without a date of their own (home, lists, statistik) with
  the newest showcase or page, not the clock: republishing unchanged content moves no
  byte (SITEMAP_CONTENT_DATES, set by publishconf.py);
- a build stopped by bad content forgets its queue, or every later build in the same
  process (livereload, tests) would write no sitemap.
"""

from __future__ import annotations

import logging
from datetime import datetime

from pelican.plugins.sitemap import sitemap

logger = logging.getLogger(__name__)

_generator = sitemap.generator


def start(pelican) -> None:
    """A new build: forget any earlier one's queue and claim the generator."""
    forget()
    _generator.now = datetime.now()
    _generator.init(pelican)


def queue_page(path, context) -> None:
    _generator.queue_page(path, context)


def newest_content_date(contents):
    """The latest `modified` (or `date`) of any content, or None for an empty site."""
    dates = [getattr(c, "modified", None) or getattr(c, "date", None) for c in contents]
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else None


def date_undated_pages(generators) -> None:
    """All generators have their content: date undated pages with the newest of it."""
    settings = generators[0].settings if generators else {}
    if not settings.get("SITEMAP_CONTENT_DATES"):
        return
    contents = [c for g in generators for attr in ("articles", "pages")
                for c in getattr(g, attr, [])]
    newest = newest_content_date(contents)
    if newest is not None:
        _generator.now = newest
        logger.debug("sitemap: undated entries dated %s", newest.isoformat())


def write(pelican) -> None:
    _generator.finalize(pelican)


def forget() -> None:
    _generator._main_pelican = None
    _generator.page_queue = []
