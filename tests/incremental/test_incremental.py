"""The render cache (kasdikdas/incremental): an unchanged page is hard-linked from the
previous output, a changed input re-renders every page it reaches, and what an
incremental build writes is byte for byte what a full build writes."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from kasdikdas.build import build_site
from kasdikdas.model.problems import ContentError
from support import ROOT

GAMELAN = "kiprah/20300001-gamelan-cilik.md"
GAMELAN_PAGE = "kiprah/20300001-gamelan-cilik/index.html"


def pages(output: Path) -> dict[str, os.stat_result]:
    return {p.relative_to(output).as_posix(): p.stat() for p in output.rglob("*.html")}


def rewritten(before: dict, after: dict) -> set[str]:
    """Pages that are new files (another inode) rather than the previous output's."""
    return {name for name, st in after.items()
            if name not in before or before[name].st_ino != st.st_ino}


@pytest.fixture
def builds(site, tmp_path):
    """Incremental builds of the scratch site into site.output, and a full build of the
    same content into a folder of its own, for comparison."""

    class Builds:
        def incremental(self, **overrides) -> dict:
            build_site(ROOT / "pelicanconf.py", site.output, PATH=str(site.content),
                       CACHE_PATH=str(tmp_path / "cache"), **overrides)
            return pages(site.output)

        def same_as_full(self, **overrides) -> None:
            full = tmp_path / "full"
            shutil.rmtree(full, ignore_errors=True)
            build_site(ROOT / "pelicanconf.py", full, PATH=str(site.content),
                       CACHE_PATH=str(tmp_path / "cache-full"), incremental=False, **overrides)
            ours, theirs = pages(site.output), pages(full)
            assert ours.keys() == theirs.keys()
            different = [name for name in ours
                         if (site.output / name).read_bytes() != (full / name).read_bytes()]
            assert different == []

    return Builds()


def edit(site, relative: str, old: str, new: str) -> None:
    path = site.content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_no_change_rebuild_does_nothing(site, builds, monkeypatch):
    import kasdikdas.build as build

    first = builds.incremental()
    monkeypatch.setattr(build, "run_pelican", lambda settings: pytest.fail("Pelican ran"))
    second = builds.incremental()
    assert second.keys() == first.keys()
    assert rewritten(first, second) == set()
    # and it leaves nothing beside the output (no empty staging folder)
    assert sorted(p.name for p in site.output.parent.glob(f".{site.output.name}-*")) == []


def test_a_touched_file_rebuilds_but_links_every_page(site, builds):
    first = builds.incremental()
    os.utime(site.content / GAMELAN)  # a new mtime, the same bytes
    second = builds.incremental()
    assert second.keys() == first.keys()
    assert rewritten(first, second) == set()
    assert all(st.st_nlink == 1 for st in second.values())  # the old output is gone


def test_a_page_deleted_from_output_is_written_again(site, builds):
    first = builds.incremental()
    (site.output / GAMELAN_PAGE).unlink()
    second = builds.incremental()
    assert rewritten(first, second) == {GAMELAN_PAGE}
    builds.same_as_full()


def test_editing_one_showcase_rewrites_its_pages_only(site, builds):
    first = builds.incremental()
    edit(site, GAMELAN, "title: Gamelan Cilik Kelas 5", "title: Gamelan Kecil Kelas 5")
    second = builds.incremental()
    changed = rewritten(first, second)
    assert GAMELAN_PAGE in changed and "index.html" in changed
    assert "sekolah/20300001/index.html" in changed
    showing = {name for name in second
               if "Gamelan Kecil Kelas 5" in (site.output / name).read_text(encoding="utf-8")}
    assert showing and showing <= changed  # every page that shows the edit was rendered
    assert len(changed) < len(second) / 2  # and most pages were not
    # pages that neither show it nor list it are untouched: the about page, the
    # statistics, and showcases that are not its neighbours in any list
    assert {"tentang/index.html", "statistik/index.html"}.isdisjoint(changed)
    assert any(name.startswith("kiprah/") and name not in changed for name in second)
    builds.same_as_full()


def test_adding_and_removing_a_showcase(site, builds):
    first = builds.incremental()
    source = (site.content / GAMELAN).read_text(encoding="utf-8")
    site.write("kiprah/20300001-gamelan-baru.md", source.replace(
        "title: Gamelan Cilik Kelas 5", "title: Gamelan Baru Kelas 6").replace(
        "date: 2024-10-11", "date: 2024-10-12"))
    second = builds.incremental()
    assert "kiprah/20300001-gamelan-baru/index.html" in second
    assert len(rewritten(first, second)) < len(second)
    builds.same_as_full()
    (site.content / "kiprah/20300001-gamelan-baru.md").unlink()
    third = builds.incremental()
    assert "kiprah/20300001-gamelan-baru/index.html" not in third
    builds.same_as_full()


@pytest.mark.parametrize("change, reason", [
    ("template", "templat dan tema"),
    ("setting", "pengaturan"),
    ("registry", "daftar sekolah dan kecamatan"),
])
def test_a_site_wide_change_renders_every_page_and_says_so(site, builds, tmp_path, caplog,
                                                           change, reason):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    first = builds.incremental(THEME=str(theme))
    overrides = {"THEME": str(theme)}
    if change == "template":
        article = theme / "templates" / "article.html"
        article.write_text(article.read_text(encoding="utf-8").replace(
            "Kiprah lain dari", "Kiprah lainnya dari"), encoding="utf-8")
    elif change == "setting":
        overrides["SITESUBTITLE"] = "Subjudul yang diganti"
    else:
        edit(site, "data/schools.yml", "name: SD Negeri 1 Blora", "name: SD Negeri Satu Blora")
    with caplog.at_level(logging.INFO, logger="kasdikdas.incremental"):
        second = builds.incremental(**overrides)
    assert reason in caplog.text and "semua halaman dirender ulang" in caplog.text
    assert rewritten(first, second) == set(second)
    builds.same_as_full(**overrides)


def test_changing_the_video_rewrites_the_page(site, builds):
    first = builds.incremental()
    other = next(p.name for p in (site.content / "videos").glob("*.mp4")
                 if p.name != "20300001-gamelan-cilik.mp4")
    edit(site, GAMELAN, "video: videos/20300001-gamelan-cilik.mp4", f"video: videos/{other}")
    second = builds.incremental()
    assert GAMELAN_PAGE in rewritten(first, second)
    builds.same_as_full()


def test_a_failed_build_keeps_output_and_cache(site, builds):
    first = builds.incremental()
    path = site.content / GAMELAN
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace('school: "20300001"', 'school: "99999999"'), encoding="utf-8")
    with pytest.raises(ContentError):
        builds.incremental()
    assert rewritten(first, pages(site.output)) == set()
    path.write_text(good, encoding="utf-8")
    third = builds.incremental()
    assert rewritten(first, third) == set()  # the last good build's pages still stand


def test_a_page_changed_by_hand_is_rendered_again(site, builds):
    first = builds.incremental()
    page = site.output / GAMELAN_PAGE
    with page.open("a", encoding="utf-8") as handle:  # in place: same inode
        handle.write("<!-- diubah -->")
    second = builds.incremental()
    assert rewritten(first, second) == {GAMELAN_PAGE}
    assert "diubah" not in page.read_text(encoding="utf-8")


def test_reused_pages_are_links_not_copies_into_a_live_output(site, builds):
    builds.incremental()
    os.utime(site.content / GAMELAN)
    staging_seen = {}
    import kasdikdas.build as build

    real_swap = build.swap_in

    def spy(staging, output):
        staging_seen.update({p.relative_to(staging).as_posix(): p.stat().st_nlink
                             for p in staging.rglob("*.html")})
        real_swap(staging, output)

    build.swap_in = spy
    try:
        builds.incremental()
    finally:
        build.swap_in = real_swap
    assert staging_seen and all(n == 2 for n in staging_seen.values())


def test_preview_shows_pages_first_then_indexes(site, tmp_path):
    from kasdikdas.build import index_search, main_build

    cache = str(tmp_path / "cache")
    assert main_build(ROOT / "pelicanconf.py", site.output, defer_search=True,
                      PATH=str(site.content), CACHE_PATH=cache) == 0
    assert (site.output / GAMELAN_PAGE).is_file()
    assert not (site.output / "pagefind").exists()
    index_search(site.output, ROOT / "pelicanconf.py", PATH=str(site.content), CACHE_PATH=cache)
    assert (site.output / "pagefind" / "pagefind-entry.json").is_file()
