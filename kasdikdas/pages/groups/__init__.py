"""groups: the per-school, per-level, per-category and per-kecamatan pages and the
list page of each kind, from one mechanism (`grouping.py`) and four declarations
(`declarations.py`). Templates get `groups` (kind -> GroupSet) everywhere, `group` on a
group's page and `groupset` on a list page; each showcase's groups and neighbours reach
its page through `article.view` (pages/view.py).
"""

from __future__ import annotations

from .declarations import GROUPINGS


def paginate(settings: dict) -> None:
    """Every group page paginates like the home page (Pelican's writer needs the
    template named)."""
    for grouping in GROUPINGS:
        settings["PAGINATED_TEMPLATES"].setdefault(grouping.kind, None)
