"""The settings of the groups plugin, in one place; pelicanconf.py may override any.

For every grouping KIND (SCHOOL, LEVEL, CATEGORY, KECAMATAN):
GROUPS_<KIND>_URL / _SAVE_AS     one group's page ({slug} is the group's slug)
GROUPS_<KIND>_INDEX_URL / _SAVE_AS  the page listing all groups of that kind
GROUPS_<KIND>_FEED_ATOM          an Atom feed per group, or None (publishconf sets them)
"""

from __future__ import annotations

from kasdikdas.config import PhaseSettings


class GroupsSettings(PhaseSettings):
    """Every GROUPS_* setting (see the module's doc)."""

    GROUPS_SCHOOL_URL: str = "sekolah/{slug}/"
    GROUPS_SCHOOL_SAVE_AS: str = "sekolah/{slug}/index.html"
    GROUPS_SCHOOL_INDEX_URL: str = "sekolah/"
    GROUPS_SCHOOL_INDEX_SAVE_AS: str = "sekolah/index.html"
    GROUPS_SCHOOL_FEED_ATOM: str | None = None
    GROUPS_LEVEL_URL: str = "jenjang/{slug}/"
    GROUPS_LEVEL_SAVE_AS: str = "jenjang/{slug}/index.html"
    GROUPS_LEVEL_INDEX_URL: str = "jenjang/"
    GROUPS_LEVEL_INDEX_SAVE_AS: str = "jenjang/index.html"
    GROUPS_LEVEL_FEED_ATOM: str | None = None
    GROUPS_CATEGORY_URL: str = "kategori/{slug}/"
    GROUPS_CATEGORY_SAVE_AS: str = "kategori/{slug}/index.html"
    GROUPS_CATEGORY_INDEX_URL: str = "kategori/"
    GROUPS_CATEGORY_INDEX_SAVE_AS: str = "kategori/index.html"
    GROUPS_CATEGORY_FEED_ATOM: str | None = None
    GROUPS_KECAMATAN_URL: str = "kecamatan/{slug}/"
    GROUPS_KECAMATAN_SAVE_AS: str = "kecamatan/{slug}/index.html"
    GROUPS_KECAMATAN_INDEX_URL: str = "kecamatan/"
    GROUPS_KECAMATAN_INDEX_SAVE_AS: str = "kecamatan/index.html"
    GROUPS_KECAMATAN_FEED_ATOM: str | None = None


DEFAULTS = GroupsSettings.defaults()


