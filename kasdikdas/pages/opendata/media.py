"""What the video pipeline knows about a showcase's video.

A showcase's `article.view.media` (a `kasdikdas.media.published.Media`, pages/view.py)
exists before any page or data file is written. Read here:

  media.duration                  seconds (float), probed from the source
  media.renditions[*].tier        "hemat", "standar", "jernih"
  media.renditions[*].height      pixels
  media.renditions[*].bytes       file size
  media.renditions[*].url         site-relative (media/<slug>/…)
  media.renditions[*].codec       "av1" (AV1 + Opus) or "h264" (H.264 + AAC): each tier
                                  comes in both, AV1 first
  media.poster_jpeg               site-relative poster URL

(Site-relative unless the media live in a bucket: then absolute, see media_facts.)

Without media every figure is None / empty and the exports leave those columns empty
instead of guessing.
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


def media_facts(media, settings: dict | None = None) -> MediaFacts:
    """The duration, renditions and poster of a showcase's media, or empty facts. With
    `settings`, URLs of media in a bucket are absolute (KASDIKDAS_MEDIA_URL)."""
    if media is None:
        return MediaFacts()

    def where(url):
        if url is None or settings is None:
            return url
        from kasdikdas.media.location import media_url

        return media_url(settings, url, "").lstrip("/")

    tiers = tuple(Tier(name=r.tier, height=r.height, bytes=r.bytes, url=where(r.url),
                       codec=getattr(r, "codec", "h264"))
                  for r in media.renditions)
    return MediaFacts(duration=round(media.duration), tiers=tiers,
                      poster=where(media.poster_jpeg))
