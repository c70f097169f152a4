"""sitemap.xml through pelican-sitemap, with everything this site asks of it in one place.

pelican-sitemap keeps one module-level `generator` that queues every written page
(`content_written`) and writes them at the end. We drive it ourselves so that it is one
step of the post-build order, and so that:

- a publish build dates pages without a date of their own (home, lists, statistik) with
  the newest showcase or page, not the clock: republishing unchanged content moves no
  byte (SITEMAP_CONTENT_DATES, set by publishconf.py);
- a build stopped by bad content forgets its queue, or every later build in the same
  process (livereload, tests) would write no sitemap.

With an absolute address (the publish build) it also writes `sitemap-video.xml` (the
video extension of sitemaps: every showcase with its thumbnail, title, description,
content URL and duration, from the same VideoObject the page carries) and a
`robots.txt` naming both sitemaps.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from pelican.generators import ArticlesGenerator
from pelican.plugins.sitemap import sitemap
from ..pages.settings import PageSettings

logger = logging.getLogger(__name__)

_generator = sitemap.generator
_videos: list[tuple[dict, float]] = []  # (VideoObject, seconds) of this build's showcases

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
VIDEO_NS = "http://www.google.com/schemas/sitemap-video/1.1"
VIDEO_SITEMAP = "sitemap-video.xml"


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


def remember_videos(generators) -> None:
    """Every published showcase's VideoObject (pages/view.py), for the video sitemap."""
    _videos.clear()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for article in generator.articles:
                view = getattr(article, "view", None)
                if view is not None and view.video_object:
                    _videos.append((view.video_object, view.media.duration))


def video_sitemap(videos: list[tuple[dict, float]]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("video", VIDEO_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for video, seconds in videos:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = video["url"]
        entry = ET.SubElement(url, f"{{{VIDEO_NS}}}video")
        for tag, value in (("thumbnail_loc", video["thumbnailUrl"][0]),
                           ("title", video["name"]), ("description", video["description"]),
                           ("content_loc", video["contentUrl"]),
                           ("duration", str(max(1, round(seconds)))),
                           ("publication_date", video["uploadDate"])):
            ET.SubElement(entry, f"{{{VIDEO_NS}}}{tag}").text = value
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


def write(pelican) -> None:
    _generator.finalize(pelican)
    base = PageSettings.read(pelican.settings).CANONICAL_SITEURL or ""
    if not base.startswith(("https://", "http://")):
        return  # a development build: no absolute address to give crawlers
    output = Path(pelican.output_path)
    (output / VIDEO_SITEMAP).write_bytes(video_sitemap(_videos))
    base = base.rstrip("/")
    (output / "robots.txt").write_text(
        "User-agent: *\nDisallow: /admin/\n\n"
        f"Sitemap: {base}/sitemap.xml\nSitemap: {base}/{VIDEO_SITEMAP}\n", encoding="utf-8")


def forget() -> None:
    _generator._main_pelican = None
    _generator.page_queue = []
    _videos.clear()
