"""video: probe, validate and encode every showcase's video; publish renditions and posters.

After validation has inspected every showcase's video, `attach_media` encodes what the
cache lacks and puts a `pipeline.Media` per showcase slug in the context
(`showcase_media`): duration, width/height of the default (hemat) rendition,
`renditions` (hemat first, each tier AV1 then H.264: tier, label, quality "240p",
width, height, bytes, url, codec, mime), `sources` (the player's <source>s: hemat AV1,
hemat H.264), `tiers` (each tier with its renditions by codec), `default` (hemat H.264:
links, downloads), poster_jpeg / poster_webp urls and size, placeholder_color ("#rrggbb") and placeholder
(a data: URI < 1 KB), captions (WebVTT url or None). Pages read it through
`article.view.media` (kasdikdas/pages/view.py).

All urls are site-relative without a leading slash (media/<slug>/...); templates and
data files address them through `location.media_url` (the `media_url` filter), which
puts them under KASDIKDAS_MEDIA_URL when the media live in a bucket: then nothing is
linked into the output, and `invoke publish` uploads `MEDIA_PUBLISHED` (settings)
before the pages (kasdikdas/publish_media.py). Source videos
are never published (they may carry GPS); neither are editors' poster originals.
Invalid videos stop the build with one ContentError listing every problem.
Settings: see settings.py (VIDEO_*).
"""

from __future__ import annotations

import logging
from pathlib import Path


from .formats import VIDEO_SUFFIXES
from .location import add_filter, offloaded
from .pipeline import prepare_media, publish
from .settings import apply_defaults

logger = logging.getLogger(__name__)

def add_defaults(pelican):
    apply_defaults(pelican.settings)
    add_filter(pelican.settings)
    offloaded(pelican.settings)  # a half or malformed configuration stops here, named


def attach_media(generator):
    """Encode what the cache lacks of every inspected video (validation inspected them
    all, `context["kiprah_site"]`); the media go into `context["showcase_media"]`."""
    settings = generator.settings
    content_root = Path(settings["PATH"])
    site = generator.context["kiprah_site"]
    media = prepare_media(site.sources, settings, content_root)
    generator.context["showcase_media"] = media
    # The same dict the build's post-build checks receive: what `invoke publish` uploads.
    settings["MEDIA_PUBLISHED"] = media
    generator.context["video_private_sources"] = private_sources(site.showcases.values())


def private_sources(showcases) -> set[str]:
    """Files under content/ that must never be published as they are."""
    private = set()
    for showcase in showcases:
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
    media = generator.context.get("showcase_media", {})
    if offloaded(generator.settings):
        logger.info("video: %d kiprah, media di %s (diunggah oleh invoke publish)", len(media),
                    generator.settings["KASDIKDAS_MEDIA_URL"])
        return
    count = publish(media, Path(generator.output_path))
    logger.info("video: %d berkas media diterbitkan", count)
