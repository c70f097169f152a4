"""Atom feeds for scheduling tools (n8n, Buffer, IFTTT): each showcase entry carries the
video (H.264, the standar tier or the best there is) and its share image as enclosures
with URL, length and type, the same files the page's VideoObject names."""

from __future__ import annotations

from feedgenerator import Enclosure


def enclosures(view) -> tuple[Enclosure, ...]:
    """(video, image) of a showcase view with an absolute address; () without one."""
    video = view.video_object
    if not video or view.media is None:
        return ()
    from .structured import content_rendition

    media = view.media
    image = (media.share_bytes, video["thumbnailUrl"][0]) if media.share_jpeg else \
        (media.poster_bytes, video["thumbnailUrl"][0])
    return (Enclosure(video["contentUrl"], str(content_rendition(media).bytes), "video/mp4"),
            Enclosure(image[1], str(image[0]), "image/jpeg"))


def add_enclosures(context, feed) -> None:
    """`feed_generated`: every entry of a showcase gets its enclosures (its link is the
    showcase page's address)."""
    by_link = {}
    for article in context.get("articles", ()):
        view = getattr(article, "view", None)
        if view is not None and view.video_object:
            by_link[view.video_object["url"]] = view
    for item in feed.items:
        view = by_link.get(item["link"].split("?", 1)[0])
        if view is not None:
            item["enclosures"] = enclosures(view)
