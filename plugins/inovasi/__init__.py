"""inovasi: the innovation inventory at /inovasi/: every showcase that carries an
`innovation` block, with its stage badge and the fields the Indeks Inovasi Daerah asks
for, filterable by stage and level through plain, paginated pages.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.generators import Generator

from .inventory import filter_links, listings
from .settings import apply_defaults

logger = logging.getLogger(__name__)


class InovasiGenerator(Generator):
    """Writes one paginated listing per filter through Pelican's writer."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        if self.context.get("registry") is None:
            return
        s = self.settings
        all_listings = listings(self.context.get("articles", []), s["INOVASI_URL"])
        template = self.get_template("inovasi")
        for listing in all_listings:
            stage_links, level_links = filter_links(all_listings, listing)
            writer.write_file(
                listing.save_as,
                template,
                self.context,
                relative_urls=s["RELATIVE_URLS"],
                template_name="inovasi",
                paginated={"articles": listing.items},
                url=listing.url,
                page_name=listing.url.rstrip("/"),
                listing=listing,
                stage_links=stage_links,
                level_links=level_links,
            )
        logger.info("inovasi: %d inovasi, %d daftar", len(all_listings[0].items), len(all_listings))


def add_defaults(pelican):
    apply_defaults(pelican.settings)


def get_generators(pelican):
    return InovasiGenerator


def register():
    signals.initialized.connect(add_defaults)
    signals.get_generators.connect(get_generators)
