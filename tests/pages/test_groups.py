"""The grouping mechanism on its own: declarations in, Group objects out."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from kasdikdas.pages.groups.declarations import GROUPINGS
from kasdikdas.pages.groups.generator import memberships
from kasdikdas.pages.groups.grouping import Grouping, Member, attach_schools, build_groups, neighbours
from kasdikdas.pages.groups.settings import DEFAULTS
from kasdikdas.model.entities import CATEGORIES, LEVELS, Kecamatan, School

KEC = {s: Kecamatan(s, s.title(), "33.16.01", "031601") for s in ("cepu", "jati")}


def school(npsn, level="SD", kec="cepu"):
    return School(npsn, f"Sekolah {npsn}", npsn, LEVELS[level], "negeri", KEC[kec], "Desa", "Jl.")


SCHOOLS = {s.npsn: s for s in (school("1"), school("2", "SMP"), school("3", kec="jati"),
                               school("4"))}
REGISTRY = SimpleNamespace(schools=SCHOOLS, kecamatan=KEC)


def article(slug, npsn, category, day):
    sc = SimpleNamespace(slug=slug, school=SCHOOLS[npsn], level=SCHOOLS[npsn].level,
                         kecamatan=SCHOOLS[npsn].kecamatan, category=CATEGORIES[category],
                         date=dt.date(2024, 10, day))
    return SimpleNamespace(showcase=sc, source_path=f"{slug}.md")


ARTICLES = [  # newest first, as Pelican orders them
    article("c", "1", "kegiatan-sekolah", 30),
    article("b", "3", "kreativitas-siswa", 20),
    article("a", "1", "kreativitas-siswa", 10),
]


def build(kind):
    grouping = next(g for g in GROUPINGS if g.kind == kind)
    return build_groups(grouping, REGISTRY, ARTICLES, dict(DEFAULTS))


def test_every_declared_group_exists_even_empty():
    schools = build("school")
    assert [g.slug for g in schools] == ["1", "3", "4", "2"]  # SD before SMP, then by name
    assert [g.count for g in schools] == [2, 1, 0, 0]
    assert [a.showcase.slug for a in schools["1"].articles] == ["c", "a"]
    assert schools["4"].url == "sekolah/4/" and schools["4"].save_as == "sekolah/4/index.html"
    assert schools.url == "sekolah/" and schools.get("9") is None
    same_slug = Grouping("other", "Lain", "others", lambda sc: "1", lambda _: [Member("1", "x", 1)])
    other = build_groups(same_slug, REGISTRY, ARTICLES,
                         {"GROUPS_OTHER_INDEX_URL": "x/", "GROUPS_OTHER_INDEX_SAVE_AS": "x/i"})["1"]
    assert other != schools["1"] and schools["1"] == build("school")["1"]


def test_levels_categories_and_kecamatan_follow_their_declarations():
    assert [(g.slug, g.count) for g in build("level")] == [("sd", 3), ("smp", 0)]
    assert [(g.slug, g.count) for g in build("category")] == [
        ("kreativitas-siswa", 2), ("inovasi-pembelajaran", 0), ("kegiatan-sekolah", 1)]
    kecamatan = build("kecamatan")
    assert [(g.slug, g.count) for g in kecamatan] == [("cepu", 2), ("jati", 1)]
    assert kecamatan["jati"].url == "kecamatan/jati/" and kecamatan["jati"].feed_atom is None


def test_levels_and_kecamatan_know_their_schools_and_who_took_part():
    groups = {kind: build(kind) for kind in ("school", "level", "category", "kecamatan")}
    attach_schools(groups)
    assert [g.slug for g in groups["level"]["sd"].schools] == ["1", "3", "4"]
    assert [g.slug for g in groups["level"]["smp"].schools] == ["2"]
    assert [g.slug for g in groups["kecamatan"]["cepu"].schools] == ["1", "4", "2"]
    assert groups["kecamatan"]["cepu"].schools_taking_part == 1  # only school 1 has showcases
    assert groups["level"]["sd"].schools_taking_part == 2
    assert groups["category"]["kegiatan-sekolah"].schools == []  # categories list no schools


def test_a_fifth_grouping_is_a_declaration_and_three_settings():
    by_year = Grouping("year", "Tahun", "years", lambda sc: str(sc.date.year),
                       lambda _: [Member("2024", "2024", 2024), Member("2025", "2025", 2025)])
    settings = {"GROUPS_YEAR_URL": "tahun/{slug}/",
                "GROUPS_YEAR_SAVE_AS": "tahun/{slug}/index.html",
                "GROUPS_YEAR_INDEX_URL": "tahun/", "GROUPS_YEAR_INDEX_SAVE_AS": "tahun/index.html",
                "GROUPS_YEAR_FEED_ATOM": "feeds/tahun/{slug}.atom.xml"}
    years = build_groups(by_year, REGISTRY, ARTICLES, settings)
    assert [(g.slug, g.count, g.url) for g in years] == [("2024", 3, "tahun/2024/"),
                                                         ("2025", 0, "tahun/2025/")]
    assert years["2024"].feed_atom == "feeds/tahun/2024.atom.xml"


def test_neighbours_are_older_and_newer_within_a_list():
    a, b, c = "abc"
    assert neighbours([c, b, a]) == [(c, b, None), (b, a, c), (a, None, b)]
    assert neighbours([]) == []


def test_articles_know_their_groups_and_school_neighbours():
    groups = {g.kind: build_groups(g, REGISTRY, ARTICLES, dict(DEFAULTS)) for g in GROUPINGS}
    members = memberships(groups)
    c, b, a = ARTICLES
    mc, mb, ma = (members[x.showcase.slug] for x in (c, b, a))
    assert mc.groups["school"].slug == "1" and mc.groups["level"].slug == "sd"
    assert mc.groups["kecamatan"].slug == "cepu" and mb.groups["kecamatan"].slug == "jati"
    assert mc.neighbours["school"] == (a, None) and ma.neighbours["school"] == (None, c)
    assert mb.neighbours["school"] == (None, None)
