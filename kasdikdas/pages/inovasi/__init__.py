"""inovasi: the innovation inventory at /inovasi/: every showcase that carries an
`innovation` block, with its stage badge and the fields the Indeks Inovasi Daerah asks
for, filterable by stage and level through plain, paginated pages.
"""

from __future__ import annotations

import logging

from kasdikdas.pages.generator import ModelPageGenerator

from .inventory import filter_links, listings
from .settings import apply_defaults

logger = logging.getLogger(__name__)


class InovasiGenerator(ModelPageGenerator):
    """Writes one paginated listing per filter."""

    def write_pages(self, writer, registry):
        all_listings = listings(self.context.get("articles", []), self.settings["INOVASI_URL"])
        for listing in all_listings:
            stage_links, level_links = filter_links(all_listings, listing)
            self.write_page(
                writer,
                listing.save_as,
                listing.url,
                "inovasi",
                paginated={"articles": listing.items},
                listing=listing,
                stage_links=stage_links,
                level_links=level_links,
            )
        logger.info("inovasi: %d inovasi, %d daftar", len(all_listings[0].items), len(all_listings))


def add_defaults(settings: dict) -> None:
    apply_defaults(settings)
