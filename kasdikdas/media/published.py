"""What the media phase hands the pages: a `Media` per showcase (`article.view.media`),
its `Rendition`s by tier and codec, its poster and share image. URLs are site-relative.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rendition:
    tier: str  # slug: hemat, standar, jernih
    label: str  # "Hemat data"
    quality: str  # "240p"
    width: int
    height: int
    bytes: int
    url: str  # site-relative: media/<slug>/<file>.mp4
    codec: str = "h264"  # av1 (AV1 + Opus) | h264 (H.264 + AAC)
    mime: str = "video/mp4"  # the <source type>, with its codecs parameter


@dataclass(frozen=True)
class Media:
    """What a showcase page shows (`article.media`). URLs are site-relative (no leading /)."""

    slug: str
    duration: float  # seconds, probed from the source
    width: int  # of the default (hemat) rendition: the player's width/height attributes
    height: int
    renditions: tuple[Rendition, ...]  # by tier (hemat first), each tier AV1 then H.264
    poster_jpeg: str
    poster_webp: str
    poster_width: int
    poster_height: int
    poster_bytes: int  # of the JPEG
    placeholder_color: str  # "#rrggbb"
    placeholder: str  # data: URI, < 1 KB
    files: tuple[tuple[str, str], ...]  # (url, cache file) to publish
    captions: str | None = None  # WebVTT url, when the showcase has `captions:`
    share_jpeg: str | None = None  # the share image (link previews), poster.share_canvas
    share_width: int = 0
    share_height: int = 0
    share_bytes: int = 0

    @property
    def default(self) -> Rendition:
        """The hemat tier in the codec every player has (H.264): links, downloads."""
        return self.tiers[0][1].get("h264") or self.renditions[0]

    @property
    def sources(self) -> tuple[Rendition, ...]:
        """The <source>s of the player: the hemat tier in each codec, AV1 first."""
        tier = self.renditions[0].tier
        return tuple(r for r in self.renditions if r.tier == tier)

    @property
    def tiers(self) -> list[tuple[Rendition, dict[str, Rendition]]]:
        """Each tier once (its first rendition stands for label and size) with its
        renditions by codec."""
        grouped: dict[str, dict[str, Rendition]] = {}
        for rendition in self.renditions:
            grouped.setdefault(rendition.tier, {})[rendition.codec] = rendition
        return [(next(iter(by_codec.values())), by_codec) for by_codec in grouped.values()]

    @property
    def portrait(self) -> bool:
        return self.height > self.width
