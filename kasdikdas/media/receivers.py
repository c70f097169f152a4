"""video: probe, validate and encode every showcase's video; publish renditions and posters.

After validation has inspected every showcase's video, `attach_media` encodes what the
cache lacks and returns a `published.Media` per showcase slug (the build state's `media`): duration, width/height of the default (hemat) rendition,
`renditions` (hemat first, each tier AV1 then H.264: tier, label, quality "240p",
width, height, bytes, url, codec, mime), `sources` (the player's <source>s: hemat AV1,
hemat H.264), `tiers` (each tier with its renditions by codec), `default` (hemat H.264:
links, downloads), poster_jpeg / poster_webp urls and size, placeholder_color ("#rrggbb") and placeholder
(a data: URI < 1 KB), captions (WebVTT url or None). Pages read it through
`article.view.media` (kasdikdas/pages/view.py).

All urls are site-relative without a leading slash (media/<slug>/...); templates and
data files address them through `location.media_url` (the `media_url` filter), which
puts them under KASDIKDAS_MEDIA_URL when the media live in a bucket: then nothing is
linked into the output, and `invoke publish` uploads the build state's `media` before
the pages (kasdikdas/publish_media.py). Source videos
are never published (they may carry GPS); neither are editors' poster originals.
Invalid videos stop the build with one ContentError listing every problem.
Settings: see settings.py (VIDEO_*).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .formats import VIDEO_SUFFIXES
from .location import add_filter, media_base, offloaded
from .pipeline import prepare_media, publish
from .published import Media

if TYPE_CHECKING:
    from ..model.entities import Showcase
    from ..validate import ValidatedSite

logger = logging.getLogger(__name__)


def configure(settings: dict) -> None:
    add_filter(settings)
    offloaded(settings)  # a half or malformed configuration stops here, named


def attach_media(generator, site: ValidatedSite) -> dict[str, Media]:
    """Encode what the cache lacks of every video validation inspected; the media by
    showcase slug."""
    return prepare_media(site.sources, generator.settings, Path(generator.settings["PATH"]))


def private_sources(showcases: Iterable[Showcase]) -> frozenset[str]:
    """Files under content/ that must never be published as they are."""
    private = set()
    for showcase in showcases:
        for relative in (showcase.video.path, showcase.poster, showcase.captions):
            if relative:
                private.add(relative)
    return frozenset(private)


def drop_private_static(generator, private: frozenset[str]) -> None:
    """Never copy source videos (GPS!) or editors' poster originals into the site."""
    kept = []
    for static in generator.staticfiles:
        relative = Path(static.relative_source_path).as_posix()
        if relative in private or Path(relative).suffix.lower() in VIDEO_SUFFIXES:
            logger.debug("video: not publishing source %s", relative)
            continue
        kept.append(static)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept


def publish_media(generator, media: dict[str, Media]) -> None:
    if offloaded(generator.settings):
        logger.info("video: %d kiprah, media di %s (diunggah oleh invoke publish)", len(media),
                    media_base(generator.settings))
        return
    count = publish(media, Path(generator.output_path))
    logger.info("video: %d berkas media diterbitkan", count)
