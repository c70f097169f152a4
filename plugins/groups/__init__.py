"""groups: the per-school, per-level, per-category and per-kecamatan pages and the
list page of each kind, from one mechanism (`grouping.py`) and four declarations
(`declarations.py`). Templates get `groups` (kind -> GroupSet) everywhere, `group` on a
group's page, `groupset` on a list page, and `article.groups` / `article.neighbours`.
"""

from __future__ import annotations

from pelican import signals

from .declarations import GROUPINGS
from .generator import GroupsGenerator
from .settings import apply_defaults


def add_defaults(pelican):
    settings = apply_defaults(pelican.settings)
    # SITEURL turns relative page by page under RELATIVE_URLS; canonical and og:url
    # links need the configured one.
    settings.setdefault("CANONICAL_SITEURL", settings["SITEURL"])
    for grouping in GROUPINGS:  # every group page paginates like the home page
        settings["PAGINATED_TEMPLATES"].setdefault(grouping.kind, None)


def get_generators(pelican):
    return GroupsGenerator


def register():
    signals.initialized.connect(add_defaults)
    signals.get_generators.connect(get_generators)
