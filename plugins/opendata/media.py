"""What the video pipeline knows about a showcase's video, read defensively.

The video plugin sets `article.media` (probed duration, renditions, poster). When it is
absent (video plugin off, or a remote video) every figure here is None / empty, and the
exports leave those columns empty instead of guessing.

Attributes read (attribute or mapping key, whichever the object offers):
  media.duration            seconds (number)
  media.tiers               sequence of renditions, each with
      .name                 e.g. "hemat" or "240p"
      .height               pixels (int)
      .bytes                file size in bytes (int)
      .url                  site-relative (videos/…) or absolute URL
  media.poster              the poster: a URL string or an object with .url
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
    poster: str | None = None  # URL as the pipeline gave it

    @property
    def best_tier(self) -> Tier | None:
        """The largest rendition: what an office attaches to the innovation index."""
        ranked = [t for t in self.tiers if t.url]
        return max(ranked, key=lambda t: (t.height or 0, t.bytes or 0), default=None)


def _get(obj, name):
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _int(value) -> int | None:
    try:
        return None if value is None else int(round(float(value)))
    except (TypeError, ValueError):
        return None


def media_facts(article) -> MediaFacts:
    """The duration, tiers and poster of an article's video, or empty facts."""
    media = getattr(article, "media", None)
    if media is None:
        return MediaFacts()
    tiers = tuple(
        Tier(name=str(_get(t, "name") or ""), height=_int(_get(t, "height")),
             bytes=_int(_get(t, "bytes")), url=_get(t, "url"))
        for t in (_get(media, "tiers") or ())
    )
    poster = _get(media, "poster")
    if poster is not None and not isinstance(poster, str):
        poster = _get(poster, "url")
    return MediaFacts(duration=_int(_get(media, "duration")), tiers=tiers, poster=poster)
