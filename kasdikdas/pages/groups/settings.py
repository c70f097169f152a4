"""Defaults of the groups plugin, in one place; pelicanconf.py may override any.

For every grouping KIND (SCHOOL, LEVEL, CATEGORY, KECAMATAN):
GROUPS_<KIND>_URL / _SAVE_AS     one group's page ({slug} is the group's slug)
GROUPS_<KIND>_INDEX_URL / _SAVE_AS  the page listing all groups of that kind
GROUPS_<KIND>_FEED_ATOM          an Atom feed per group, or None (publishconf sets them)
"""

DEFAULTS = {
    "GROUPS_SCHOOL_URL": "sekolah/{slug}/",
    "GROUPS_SCHOOL_SAVE_AS": "sekolah/{slug}/index.html",
    "GROUPS_SCHOOL_INDEX_URL": "sekolah/",
    "GROUPS_SCHOOL_INDEX_SAVE_AS": "sekolah/index.html",
    "GROUPS_SCHOOL_FEED_ATOM": None,
    "GROUPS_LEVEL_URL": "jenjang/{slug}/",
    "GROUPS_LEVEL_SAVE_AS": "jenjang/{slug}/index.html",
    "GROUPS_LEVEL_INDEX_URL": "jenjang/",
    "GROUPS_LEVEL_INDEX_SAVE_AS": "jenjang/index.html",
    "GROUPS_LEVEL_FEED_ATOM": None,
    "GROUPS_CATEGORY_URL": "kategori/{slug}/",
    "GROUPS_CATEGORY_SAVE_AS": "kategori/{slug}/index.html",
    "GROUPS_CATEGORY_INDEX_URL": "kategori/",
    "GROUPS_CATEGORY_INDEX_SAVE_AS": "kategori/index.html",
    "GROUPS_CATEGORY_FEED_ATOM": None,
    "GROUPS_KECAMATAN_URL": "kecamatan/{slug}/",
    "GROUPS_KECAMATAN_SAVE_AS": "kecamatan/{slug}/index.html",
    "GROUPS_KECAMATAN_INDEX_URL": "kecamatan/",
    "GROUPS_KECAMATAN_INDEX_SAVE_AS": "kecamatan/index.html",
    "GROUPS_KECAMATAN_FEED_ATOM": None,
}


def apply_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings
