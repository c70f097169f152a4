"""The four groupings of the site. A fifth (by year, by tag…) is one more entry here,
a GROUPS_<KIND>_* block in settings.py and two templates."""

from __future__ import annotations

from kasdikdas.model.vocab import CATEGORIES, LEVELS

from .grouping import Grouping, Member

LEVEL_ORDER = list(LEVELS)


def _schools(registry):
    schools = sorted(registry.schools.values(),
                     key=lambda s: (LEVEL_ORDER.index(s.level.code), s.name))
    return [Member(s.npsn, s.name, s) for s in schools]


def _kecamatan(registry):
    return [Member(k.slug, k.name, k) for k in sorted(registry.kecamatan.values(),
                                                      key=lambda k: k.name)]


GROUPINGS = (
    Grouping("school", "Sekolah", "schools", lambda sc: sc.school.npsn, _schools),
    Grouping("level", "Jenjang", "levels", lambda sc: sc.level.slug,
             lambda _: [Member(lv.slug, lv.name, lv) for lv in LEVELS.values()],
             school_key=lambda school: school.level.slug),
    Grouping("category", "Kategori", "categories", lambda sc: sc.category.slug,
             lambda _: [Member(c.slug, c.name, c) for c in CATEGORIES.values()]),
    Grouping("kecamatan", "Kecamatan", "kecamatan_index", lambda sc: sc.kecamatan.slug,
             _kecamatan, school_key=lambda school: school.kecamatan.slug),
)
