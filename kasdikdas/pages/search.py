"""The search page (/cari/) and the offline page the service worker shows for pages
never opened, written through Pelican's writer like any other page."""

from __future__ import annotations

from pelican.generators import Generator
from ..postbuild.search.settings import SearchSettings


class SearchPagesGenerator(Generator):
    def generate_context(self):
        pass  # nothing to read: both pages come from templates and the shared context

    def generate_output(self, writer):
        settings = self.settings
        search = SearchSettings.read(settings)
        # /cari/ uses relative URLs like every page; the offline page is served in place
        # of any URL, so its links must not depend on where it sits (site-absolute).
        pages = (
            ("cari", search.SEARCH_PAGE_SAVE_AS, search.SEARCH_PAGE_URL,
             settings["RELATIVE_URLS"]),
            ("offline", search.SEARCH_OFFLINE_SAVE_AS, search.SEARCH_OFFLINE_URL,
             False),
        )
        for name, save_as, url, relative in pages:
            if not save_as:
                continue
            writer.write_file(save_as, self.get_template(name), self.context,
                              relative_urls=relative, url=url, page_name=url.rstrip("/"),
                              template_name=name)
