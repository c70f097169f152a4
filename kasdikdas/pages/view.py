"""One view per showcase: everything a showcase's page and its list items read,
assembled once per build from what each phase produced (`article.view`):

    showcase    the validated model (kasdikdas.model.entities.Showcase)
    media       renditions, poster and placeholder (kasdikdas.media.pipeline.Media)
    groups      its group of every kind: groups.school, .level, .category, .kecamatan
    neighbours  (older, newer) showcase articles of every kind: neighbours.school
    offline     the file "Simpan untuk ditonton offline" stores, with its size
    og_image    the share image: the poster JPEG, else the editor's poster
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican.generators import ArticlesGenerator

from ..media.location import media_base
from ..model.entities import Showcase
from ..validate.resolve import showcase_articles


@dataclass(frozen=True)
class OfflineVideo:
    """What the "Simpan untuk ditonton offline" button stores."""

    path: str  # relative to the site root, POSIX separators: the H.264 file
    size: int  # bytes, shown to the viewer before saving
    av1_path: str | None = None  # the AV1 file of the same tier, kept instead when the
    av1_size: int = 0  # browser plays it (offline.js asks canPlayType(av1_type))
    av1_type: str = ""


def offline_video_for(media) -> OfflineVideo | None:
    """The file a viewer may keep offline: the hemat rendition published on this site
    (even for a linked video), H.264, and its AV1 twin; None without media."""
    if media is None:
        return None
    av1 = next((r for r in media.sources if r.codec == "av1"), None)
    if av1 is None:
        return OfflineVideo(media.default.url, media.default.bytes)
    return OfflineVideo(media.default.url, media.default.bytes, av1.url, av1.bytes, av1.mime)


@dataclass(frozen=True, eq=False)
class ShowcaseView:
    showcase: Showcase
    media: object | None = None  # kasdikdas.media.pipeline.Media
    groups: dict = field(default_factory=dict)
    neighbours: dict = field(default_factory=dict)
    offline: OfflineVideo | None = None
    media_base: str | None = None  # KASDIKDAS_MEDIA_URL when the media live in a bucket

    @property
    def og_image(self) -> str | None:
        """Site-relative (base.html puts the canonical SITEURL before it), or absolute
        when the poster lives in the media bucket."""
        if self.media is None:
            return self.showcase.poster
        if self.media_base:
            return f"{self.media_base}/{self.media.poster_jpeg}"
        return self.media.poster_jpeg


def attach_views(generators) -> None:
    """After every generator has its context (media encoded, groups built), before
    anything is written: give each showcase article its `view`."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        media = generator.context.get("showcase_media", {})
        base = media_base(generator.settings)
        members = generator.context.get("memberships", {})
        for article in showcase_articles(generator):
            slug = article.showcase.slug
            found = media.get(slug)
            member = members.get(slug)
            article.view = ShowcaseView(
                showcase=article.showcase, media=found,
                groups=member.groups if member else {},
                neighbours=member.neighbours if member else {},
                offline=offline_video_for(found), media_base=base)
