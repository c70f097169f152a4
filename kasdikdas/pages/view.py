"""One view per showcase: everything a showcase's page and its list items read,
assembled once per build from what each phase produced (`article.view`):

    showcase    the validated model (kasdikdas.model.entities.Showcase)
    media       renditions, poster and placeholder (kasdikdas.media.published.Media)
    groups      its group of every kind: groups.school, .level, .category, .kecamatan
    neighbours  (older, newer) showcase articles of every kind: neighbours.school
    offline     the file "Simpan untuk ditonton offline" stores, with its size
    og_image    the share image (ShareImage): made from the poster frame, else the editor's poster
    share       the page's absolute address and its share links (None without one)
    video_object  schema.org VideoObject (pages/structured.py; None without an address)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from pelican.generators import ArticlesGenerator

from ..media.location import media_base
from ..media.published import Media
from ..model.entities import Showcase
from ..validate.resolve import showcase_articles
from .groups.grouping import Membership
from .structured import video_object
from .settings import PageSettings


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


@dataclass(frozen=True)
class ShareImage:
    """What a link preview shows (og:image and its width, height, alt and type); base.html
    reads it. A width of 0: unknown, left out."""

    url: str  # site-relative, or absolute (media in a bucket)
    width: int
    height: int
    alt: str
    type: str = "image/jpeg"


@dataclass(frozen=True)
class ShareLink:
    key: str  # "whatsapp": what the browser test and the page's script name it by
    label: str  # what the viewer reads
    href: str  # the platform's own share address, nothing fetched before a tap


@dataclass(frozen=True)
class Share:
    """Plain links that share a page without JavaScript (and "Salin tautan" / the
    phone's share sheet where theme/js/video.js finds them)."""

    url: str  # the page's absolute address
    title: str
    links: tuple[ShareLink, ...]


def share_for(title: str, page_url: str) -> Share:
    """WhatsApp, Facebook, Telegram and X links carrying the title and the address."""
    links = (
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?text=" + quote(f"{title} {page_url}", safe="")),
        ShareLink("facebook", "Facebook",
                  "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": page_url})),
        ShareLink("telegram", "Telegram",
                  "https://t.me/share/url?" + urlencode({"url": page_url, "text": title})),
        ShareLink("x", "X", "https://x.com/intent/tweet?"
                  + urlencode({"text": title, "url": page_url})),
    )
    return Share(page_url, title, links)


def absolute_url(settings, url: str) -> str | None:
    """The address a page has outside this machine: CANONICAL_SITEURL (the publish
    build's SITEURL) + its URL; None in a development build without one, where a
    relative address could not be shared."""
    base = PageSettings.read(settings).CANONICAL_SITEURL or ""
    if not base.startswith(("https://", "http://")):
        return None
    return f"{base.rstrip('/')}/{url}"


@dataclass(frozen=True, eq=False)
class ShowcaseView:
    showcase: Showcase
    media: Media | None = None
    groups: dict = field(default_factory=dict)
    neighbours: dict = field(default_factory=dict)
    offline: OfflineVideo | None = None
    media_base: str | None = None  # KASDIKDAS_MEDIA_URL when the media live in a bucket
    share: Share | None = None
    video_object: dict | None = None

    @property
    def og_image(self) -> ShareImage | None:
        """Site-relative (base.html puts the canonical SITEURL before it), or absolute
        when the media live in a bucket."""
        showcase = self.showcase
        alt = f"Cuplikan video {showcase.title} dari {showcase.school.name}"
        if self.media is None or not self.media.share_jpeg:
            return ShareImage(showcase.poster, 0, 0, alt) if showcase.poster else None
        url = self.media.share_jpeg
        if self.media_base:
            url = f"{self.media_base}/{url}"
        return ShareImage(url, self.media.share_width, self.media.share_height, alt)


def attach_views(generators, media: dict[str, Media],
                 members: dict[str, Membership]) -> None:
    """After every generator has its context (media encoded, groups built), before
    anything is written: give each showcase article its `view`."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        base = media_base(generator.settings)
        for article in showcase_articles(generator):
            slug = article.showcase.slug
            found = media.get(slug)
            member = members.get(slug)
            address = absolute_url(generator.settings, article.url)
            video = None
            if address and found is not None:
                video = video_object(article.showcase, found, address,
                                     media_url_for(generator.settings, base),
                                     generator.settings)
            article.view = ShowcaseView(
                showcase=article.showcase, media=found,
                groups=member.groups if member else {},
                neighbours=member.neighbours if member else {},
                offline=offline_video_for(found), media_base=base,
                share=share_for(article.showcase.title, address) if address else None,
                video_object=video)


def media_url_for(settings, base: str | None):
    """Absolute URL of a media path: in the bucket (KASDIKDAS_MEDIA_URL) or on the site."""
    root = base or PageSettings.read(settings).CANONICAL_SITEURL.rstrip("/")
    return lambda path: f"{root}/{path}"
