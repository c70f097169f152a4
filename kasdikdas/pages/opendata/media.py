"""What the video pipeline knows about a showcase's video.

The video plugin sets `article.media` (a `video.pipeline.Media`) in
`article_generator_finalized`, before any page or data file is written. Read here:

  media.duration                  seconds (float), probed from the source
  media.renditions[*].tier        "hemat", "standar", "jernih"
  media.renditions[*].height      pixels
  media.renditions[*].bytes       file size
  media.renditions[*].url         site-relative (media/<slug>/…)
  media.poster_jpeg               site-relative poster URL

(Site-relative unless the media live in a bucket: then absolute, see media_facts.)

Without `article.media` (video plugin off, or a remote video) every figure is None /
empty and the exports leave those columns empty instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    name: str
    height: int | None
    bytes: int | None
    url: str | None


@dataclass(frozen=True)
class MediaFacts:
    duration: int | None = None  # whole seconds
    tiers: tuple[Tier, ...] = ()
    poster: str | None = None  # site-relative URL

    @property
    def best_tier(self) -> Tier | None:
        """The largest rendition: what an office attaches to the innovation index."""
        ranked = [t for t in self.tiers if t.url]
        return max(ranked, key=lambda t: (t.height or 0, t.bytes or 0), default=None)


def media_facts(article, settings: dict | None = None) -> MediaFacts:
    """The duration, renditions and poster of an article's video, or empty facts. With
    `settings`, URLs of media in a bucket are absolute (KASDIKDAS_MEDIA_URL)."""
    media = getattr(article, "media", None)
    if media is None:
        return MediaFacts()

    def where(url):
        if url is None or settings is None:
            return url
        from kasdikdas.media.location import media_url

        return media_url(settings, url, "").lstrip("/")

    tiers = tuple(
        Tier(name=r.tier, height=r.height, bytes=r.bytes, url=where(r.url))
        for r in getattr(media, "renditions", ())
    )
    duration = getattr(media, "duration", None)
    return MediaFacts(
        duration=None if duration is None else round(duration),
        tiers=tiers,
        poster=where(getattr(media, "poster_jpeg", None)),
    )
