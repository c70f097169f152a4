"""What the video pipeline knows about a showcase's video.

The video plugin sets `article.media` (a `video.pipeline.Media`) in
`article_generator_finalized`, before any page or data file is written. Read here:

  media.duration                  seconds (float), probed from the source
  media.renditions[*].tier        "hemat", "standar", "jernih"
  media.renditions[*].height      pixels
  media.renditions[*].bytes       file size
  media.renditions[*].url         site-relative (media/<slug>/…)
  media.renditions[*].codec       "av1" (AV1 + Opus) or "h264" (H.264 + AAC): each tier
                                  comes in both, AV1 first
  media.poster_jpeg               site-relative poster URL

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
    codec: str = "h264"


@dataclass(frozen=True)
class MediaFacts:
    duration: int | None = None  # whole seconds
    tiers: tuple[Tier, ...] = ()
    poster: str | None = None  # site-relative URL

    @property
    def best_tier(self) -> Tier | None:
        """The largest rendition, in H.264 (every player opens it): what an office
        attaches to the innovation index."""
        ranked = [t for t in self.tiers if t.url]
        return max(ranked, key=lambda t: (t.height or 0, t.codec == "h264", t.bytes or 0),
                   default=None)


def media_facts(article) -> MediaFacts:
    """The duration, renditions and poster of an article's video, or empty facts."""
    media = getattr(article, "media", None)
    if media is None:
        return MediaFacts()
    tiers = tuple(
        Tier(name=r.tier, height=r.height, bytes=r.bytes, url=r.url,
             codec=getattr(r, "codec", "h264"))
        for r in getattr(media, "renditions", ())
    )
    duration = getattr(media, "duration", None)
    return MediaFacts(
        duration=None if duration is None else round(duration),
        tiers=tiers,
        poster=getattr(media, "poster_jpeg", None),
    )
