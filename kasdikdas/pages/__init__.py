"""Pages: everything written besides Pelican's own showcase pages, each kind a Pelican
generator writing through Pelican's writer (pagination, `content_written`).

- groups/     school, level, category and kecamatan pages and their list pages
- inovasi/    the innovation inventory and its filters
- statistik/  /statistik/: charts and tables
- opendata/   /data/: CSV, JSON and their schema
- search.py   /cari/ and /offline/
- view.py     what a showcase page's template reads

A new page type is a generator here, added to GENERATORS, with its typed settings in
kasdikdas.state (defaults there, in the model).
"""

from __future__ import annotations

from . import groups, structured
from .inovasi import settings as inovasi_settings
from .groups.generator import GroupsGenerator
from .inovasi import InovasiGenerator
from .opendata import OpenDataGenerator
from .search import SearchPagesGenerator
from .statistik import StatistikGenerator

# Groups first: the other generators' templates read `groups` from the context.
GENERATORS = (GroupsGenerator, OpenDataGenerator, StatistikGenerator, InovasiGenerator,
              SearchPagesGenerator)


def configure(settings: dict) -> None:
    """What the pages need in Pelican's own settings: the paginated templates and the
    templates' filters."""
    groups.paginate(settings)
    inovasi_settings.paginate(settings)
    structured.add_filters(settings)
