"""What a showcase page's template reads, attached just before the page is written."""

from __future__ import annotations

from ..postbuild.offline import offline_video_for


def attach_view(generator, content) -> None:
    """Give a showcase article the file its "save offline" button stores (after the
    media phase has set `article.media`)."""
    content.offline_video = offline_video_for(getattr(content, "media", None))
