"""inovasi: the innovation inventory at /inovasi/: every showcase that carries an
`innovation` block, with its stage badge and the fields the Indeks Inovasi Daerah asks
for, filterable by stage and level through plain, paginated pages; the office's
screening funnel for the current index year with each innovation's readiness (an
estimate under content/data/iid-<year>.yml); and one profile page per innovation,
/inovasi/<slug>/, that prints as the officer's checklist.
"""

from __future__ import annotations

import logging

from kasdikdas.pages.generator import ModelPageGenerator

from .funnel import funnel, readiness_by_slug, years_of
from .inventory import filter_links, listings, profile_url
from .settings import InovasiSettings

logger = logging.getLogger(__name__)


class InovasiGenerator(ModelPageGenerator):
    """Writes one paginated listing per filter and one profile page per innovation."""

    def write_pages(self, writer, registry):
        articles = self.context.get("articles", [])
        showcases = [a.showcase for a in articles if getattr(a, "showcase", None)]
        ready = readiness_by_slug(showcases, registry.index_rules)
        years = years_of(showcases)
        year_funnel = funnel(showcases, years[0]) if years else None
        all_listings = listings(articles, InovasiSettings.read(self.settings).INOVASI_URL)
        for listing in all_listings:
            stage_links, level_links = filter_links(all_listings, listing)
            self.write_page(
                writer, listing.save_as, listing.url, "inovasi",
                paginated={"articles": listing.items}, listing=listing,
                stage_links=stage_links, level_links=level_links,
                funnel=year_funnel if listing.key == (None, None) else None,
                # the index export (opendata) covers the latest year with rules
                export_year=max(registry.index_rules) if registry.index_rules else None,
                readiness=ready,
            )
        profiles = all_listings[0].items
        # `showcase_article`, not `article`: the sitemap takes a page with an `article` in
        # its context for that article's own page.
        for article in profiles:
            url = profile_url(self.settings, article.showcase.slug)
            self.write_page(writer, url + "index.html", url, "inovasi_profil",
                            showcase_article=article, showcase=article.showcase,
                            innovation=article.showcase.innovation,
                            readiness=ready.get(article.showcase.slug))
        logger.info("inovasi: %d inovasi, %d daftar, %d profil", len(profiles),
                    len(all_listings), len(profiles))

