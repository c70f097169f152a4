"""The one grouping mechanism: a `Grouping` declares how showcases are classified and
which groups exist; `build_groups` turns a declaration plus the articles into `Group`
objects whose `url`/`save_as` come from GROUPS_<KIND>_* settings, like Pelican's own
categories and tags (`URLWrapper`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pelican.urlwrappers import URLWrapper

from ...model.entities import Kecamatan, School, Showcase
from ...model.registry import Registry
from ...model.vocab import Category, Level

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Member:
    """One group that exists whether or not it has showcases (e.g. a school)."""

    slug: str
    name: str
    item: School | Level | Category | Kecamatan  # the model object


@dataclass(frozen=True)
class Grouping:
    """A declaration: `kind` names the settings (GROUPS_<KIND>_URL…) and the templates
    (`<kind>.html` for one group, `index_template` for the list of all groups)."""

    kind: str
    label: str  # what readers call the list page, e.g. "Sekolah"
    index_template: str
    key_of: Callable[[Showcase], str]  # the slug of a showcase's group
    members: Callable[[Registry], Iterable[Member]]  # every group, in reading order
    # The slug of a school's group, for groupings that also list schools (level,
    # kecamatan); computed once per build instead of filtering 700 schools per page.
    school_key: Callable[[School], str] | None = None

    def setting(self, settings: dict, key: str) -> str | None:
        """This grouping's GROUPS_<KIND>_<key> (URL, SAVE_AS, INDEX_URL, …), found by its
        kind as Pelican's URLWrapper finds CATEGORY_URL: a fifth grouping declares its
        own block (GroupsSettings holds the four of the site)."""
        value: str | None = settings[f"GROUPS_{self.kind.upper()}_{key}"]
        return value


class Group(URLWrapper):
    """The showcases of one school, level, category or kecamatan (newest first)."""

    def __init__(self, grouping: Grouping, member: Member, settings: dict):
        super().__init__(member.name, settings)
        self.slug = member.slug
        self.grouping = grouping
        self.item = member.item
        self.articles: list = []
        self.schools: list = []  # school groups in this group, for level and kecamatan

    @property
    def schools_taking_part(self) -> int:
        return sum(1 for school in self.schools if school.articles)

    @property
    def kind(self) -> str:
        return self.grouping.kind

    # URLWrapper compares slugs only; a kecamatan and a school may not share one.
    def __eq__(self, other):
        return isinstance(other, Group) and (self.kind, self.slug) == (other.kind, other.slug)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.kind, self.slug))

    @property
    def count(self) -> int:
        return len(self.articles)

    @property
    def showcases(self) -> list:
        return [a.showcase for a in self.articles]

    def _setting(self, key: str) -> str | None:
        value = self.grouping.setting(self.settings, key)
        return value.format(slug=self.slug) if value else value

    @property
    def url(self) -> str:
        return self._setting("URL") or ""

    @property
    def save_as(self) -> str:
        return self._setting("SAVE_AS") or ""

    @property
    def page_name(self) -> str:
        return self.save_as.rsplit(".", 1)[0]

    @property
    def feed_atom(self) -> str | None:
        return self._setting("FEED_ATOM")


class GroupSet:
    """All groups of one kind, for templates: iterate in reading order, look one up by
    slug (`groups.school["20300001"]`), link the list page (`groups.level.url`)."""

    def __init__(self, grouping: Grouping, groups: list[Group], settings: dict):
        self.grouping = grouping
        self.groups = groups
        self._by_slug = {g.slug: g for g in groups}
        self.url = grouping.setting(settings, "INDEX_URL")
        self.save_as = grouping.setting(settings, "INDEX_SAVE_AS")

    @property
    def label(self) -> str:
        return self.grouping.label

    def __iter__(self) -> Iterator[Group]:
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)

    def __getitem__(self, slug: str) -> Group:
        return self._by_slug[slug]

    def get(self, slug: str, default=None):
        return self._by_slug.get(slug, default)


def build_groups(grouping: Grouping, registry, articles: list, settings: dict) -> GroupSet:
    """Every declared group (empty ones too) with its articles, keeping their order."""
    groups = [Group(grouping, m, settings) for m in grouping.members(registry)]
    by_slug = {g.slug: g for g in groups}
    for article in articles:
        key = grouping.key_of(article.showcase)
        group = by_slug.get(key)
        if group is None:
            logger.warning("kelompok: %s %r milik %s tidak dideklarasikan; halamannya dilewati",
                           grouping.kind, key, article.source_path)
            continue
        group.articles.append(article)
    return GroupSet(grouping, groups, settings)


def attach_schools(groups: dict) -> None:
    """Give each level/kecamatan group the school groups that belong to it, in order."""
    for groupset in groups.values():
        key = groupset.grouping.school_key
        if key is None:
            continue
        for school in groups["school"]:
            group = groupset.get(key(school.item))
            if group is not None:
                group.schools.append(school)


def neighbours(articles: list) -> list[tuple]:
    """For a newest-first list: (article, older, newer) within the same list."""
    return [
        (article, articles[i + 1] if i + 1 < len(articles) else None,
         articles[i - 1] if i > 0 else None)
        for i, article in enumerate(articles)
    ]


@dataclass
class Membership:
    """One showcase's group of every kind and its older/newer neighbours there
    (`groups["school"]`, `neighbours["school"]` = (older, newer) articles)."""

    groups: dict = field(default_factory=dict)
    neighbours: dict = field(default_factory=dict)


def memberships(groups: dict) -> dict[str, Membership]:
    """Every showcase's Membership, by slug."""
    found: dict[str, Membership] = {}
    for kind, groupset in groups.items():
        for group in groupset:
            for article, older, newer in neighbours(group.articles):
                member = found.setdefault(article.showcase.slug, Membership())
                member.groups[kind] = group
                member.neighbours[kind] = (older, newer)
    return found
