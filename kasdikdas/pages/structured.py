"""schema.org data for search engines, as JSON-LD data blocks: a VideoObject per
showcase, a BreadcrumbList on every page with a trail, a School on school pages. Only
with an absolute address (the publish build): relative URLs mean nothing to a crawler."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from markupsafe import Markup
from .settings import PageSettings

CONTEXT = "https://schema.org"


def is_absolute(base: str | None) -> bool:
    return base is not None and base.startswith(("https://", "http://"))


def jsonld(data: dict | None) -> Markup:
    """A `<script type="application/ld+json">` data block (never executed, so the CSP's
    script-src does not apply); `<`, `>` and `&` escaped so no text can end it."""
    if not data:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration of whole seconds: 45.2 → PT45S, 60 → PT1M, 75 → PT1M15S."""
    minutes, rest = divmod(max(1, round(seconds)), 60)
    return "PT" + (f"{minutes}M" if minutes else "") + (f"{rest}S" if rest else "")


def upload_date(date: dt.date, timezone: str) -> str:
    """The showcase's date as the start of that day in the site's time zone."""
    return dt.datetime.combine(date, dt.time(), ZoneInfo(timezone)).isoformat()


def publisher(settings: dict) -> dict:
    return {"@type": "GovernmentOrganization", "name": settings["AUTHOR"],
            "url": PageSettings.read(settings).CANONICAL_SITEURL.rstrip("/") + "/"}


def video_object(showcase, media, page_url: str, media_url, settings: dict) -> dict:
    """Google's video fields: name, description, thumbnailUrl, uploadDate (required);
    duration, contentUrl (recommended). `media_url` makes a media path absolute."""
    content = content_rendition(media)
    return {
        "@context": CONTEXT, "@type": "VideoObject",
        "name": showcase.title,
        "description": showcase.summary,
        "thumbnailUrl": [media_url(media.share_jpeg or media.poster_jpeg),
                         media_url(media.poster_jpeg)],
        "uploadDate": upload_date(showcase.date, settings["TIMEZONE"]),
        "duration": iso_duration(media.duration),
        "contentUrl": media_url(content.url),
        "encodingFormat": "video/mp4",
        "width": content.width, "height": content.height,
        "url": page_url,
        "inLanguage": "id",
        "publisher": publisher(settings),
    }


def content_rendition(media):
    """The file a crawler or a scheduling tool takes: H.264 of the standar tier, else
    the best H.264 there is (every player plays it)."""
    h264 = [r for r in media.renditions if r.codec == "h264"] or list(media.renditions)
    return next((r for r in h264 if r.tier == "standar"), h264[-1])


def breadcrumb_list(trail, base: str) -> dict | None:
    """`trail`: (label, url under the site root) after "Beranda"; the last one (the
    page itself) may have no url."""
    if not is_absolute(base) or not trail:
        return None
    base = base.rstrip("/")
    items = []
    for position, (label, url) in enumerate([("Beranda", ""), *trail], 1):
        item = {"@type": "ListItem", "position": position, "name": label}
        if url is not None:
            item["item"] = f"{base}/{url}"
        items.append(item)
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": items}


def school_data(school, page_url: str, base: str) -> dict | None:
    """The school as schema.org School: NPSN as its identifier, its address, and its
    position when the registry has one."""
    if not is_absolute(base):
        return None
    data = {
        "@context": CONTEXT, "@type": "School",
        "name": school.name, "url": page_url,
        "identifier": {"@type": "PropertyValue", "propertyID": "NPSN", "value": school.npsn},
        "address": {"@type": "PostalAddress", "streetAddress": school.address,
                    "addressLocality": school.village,
                    "addressRegion": f"Kecamatan {school.kecamatan.name}, Kabupaten Blora, "
                                     "Jawa Tengah",
                    "addressCountry": "ID"},
    }
    if school.latitude is not None and school.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": school.latitude,
                       "longitude": school.longitude}
    if school.links:
        data["sameAs"] = [url for url in school.links.values() if url.startswith("https://")]
    return data


def add_filters(settings: dict) -> None:
    settings.setdefault("JINJA_FILTERS", {}).update({
        "jsonld": jsonld,
        "breadcrumb_jsonld": lambda trail, base: jsonld(breadcrumb_list(trail, base)),
        "school_jsonld": lambda school, url, base: jsonld(school_data(school, url, base)),
    })
