"""video: probe, validate and encode every showcase's video; publish renditions and posters.

After kiprah has resolved the showcases, every article with a showcase gets

    article.media     a `pipeline.Media`: duration, width/height of the default (hemat)
                      rendition, `renditions` (hemat first, each tier AV1 then H.264:
                      tier, label, quality "240p", width, height, bytes, url, codec,
                      mime), `sources` (the player's <source>s: hemat AV1, hemat H.264),
                      `tiers` (each tier with its renditions by codec), `default` (hemat
                      H.264: links, downloads), poster_jpeg / poster_webp urls and size,
                      placeholder_color ("#rrggbb") and placeholder (a data: URI < 1 KB),
                      captions (WebVTT url or None).
    article.og_image  the poster JPEG, site-relative (prefix SITEURL for Open Graph).

All urls are site-relative without a leading slash (media/<slug>/...). Source videos
are never published (they may carry GPS); neither are editors' poster originals.
Invalid videos stop the build with one ContentError listing every problem.
Settings: see settings.py (VIDEO_*).
"""

from __future__ import annotations

import logging
from pathlib import Path


from .formats import VIDEO_SUFFIXES
from .pipeline import prepare_media, publish
from .settings import apply_defaults

logger = logging.getLogger(__name__)

def add_defaults(pelican):
    apply_defaults(pelican.settings)


def showcase_articles(generator) -> list:
    articles = generator.articles + generator.drafts + getattr(generator, "hidden_articles", [])
    return [a for a in articles if getattr(a, "showcase", None) is not None]


def attach_media(generator):
    """Encode what the cache lacks of every inspected video (validation inspected them
    all, `context["kiprah_site"].sources`); attach `article.media`."""
    settings = generator.settings
    content_root = Path(settings["PATH"])
    articles = showcase_articles(generator)
    media = prepare_media(generator.context["kiprah_site"].sources, settings, content_root)
    for article in articles:
        article.media = media[article.showcase.slug]
        article.og_image = article.media.poster_jpeg
    generator.context["video_media"] = media
    generator.context["video_private_sources"] = private_sources(articles, content_root)


def private_sources(articles, content_root: Path) -> set[str]:
    """Files under content/ that must never be published as they are."""
    private = set()
    for article in articles:
        showcase = article.showcase
        for relative in (showcase.video.path, showcase.poster, showcase.captions):
            if relative:
                private.add(relative)
    return private


def drop_private_static(generator):
    """Never copy source videos (GPS!) or editors' poster originals into the site."""
    private = generator.context.get("video_private_sources", set())
    kept = []
    for static in generator.staticfiles:
        relative = Path(static.relative_source_path).as_posix()
        if relative in private or Path(relative).suffix.lower() in VIDEO_SUFFIXES:
            logger.debug("video: not publishing source %s", relative)
            continue
        kept.append(static)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept


def publish_media(generator, writer):
    media = generator.context.get("video_media", {})
    count = publish(media, Path(generator.output_path))
    logger.info("video: %d berkas media diterbitkan", count)
