"""reproducible: the same content builds to the same bytes, so publishing an unchanged
site moves nothing (rsync sends no file, GitHub Pages gets no commit).

pelican-sitemap dates pages that have no date of their own (home, lists, statistics)
with the clock at build time. This dates them with the newest showcase or page instead:
the last moment any list could have changed.
"""

from __future__ import annotations

import logging

from pelican import signals

logger = logging.getLogger(__name__)


def newest_content_date(contents):
    """The latest `modified` (or `date`) of any content, or None for an empty site."""
    dates = [getattr(c, "modified", None) or getattr(c, "date", None) for c in contents]
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else None


def date_undated_pages(generators):
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:  # the sitemap plugin is not installed: nothing to pin
        return
    contents = [c for g in generators for attr in ("articles", "pages")
                for c in getattr(g, attr, [])]
    newest = newest_content_date(contents)
    if newest is not None:
        sitemap.generator.now = newest
        logger.debug("reproducible: undated sitemap entries dated %s", newest.isoformat())


def register():
    signals.all_generators_finalized.connect(date_undated_pages)
