"""The one setting every page kind reads: the site's configured address."""

from __future__ import annotations

from kasdikdas.config import PhaseSettings


class PageSettings(PhaseSettings):
    # SITEURL turns relative page by page under RELATIVE_URLS; canonical and og:url links,
    # the sitemap and structured data need the configured one (the plugin copies SITEURL
    # here when a settings file leaves it unset).
    CANONICAL_SITEURL: str = ""


def canonical_siteurl(settings) -> str:
    return PageSettings.read(settings).CANONICAL_SITEURL
