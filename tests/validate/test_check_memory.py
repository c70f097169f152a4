"""`invoke check` remembers files it has read (kasdikdas/validate/readcache.py): it may
skip reading an unchanged file, and must never report from a stale one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kasdikdas.validate as validate
import tasks

GAMELAN = "kiprah/20300001-gamelan-cilik.md"


@pytest.fixture
def check(site, tmp_path, monkeypatch):
    """Run the one validation path with the memory in tmp_path; count files read."""
    reads: list[str] = []
    real = validate.read_file

    def counting(content, relative, settings):
        reads.append(relative)
        return real(content, relative, settings)

    monkeypatch.setattr(validate, "read_file", counting)
    monkeypatch.chdir(tasks.ROOT)

    def run():
        reads.clear()
        settings = tasks._settings(site.content)
        settings["CACHE_PATH"] = str(tmp_path / "cache")
        site_, problems = validate.validate_site(settings)
        return site_, problems, list(reads)

    return run


def by_slug(site_):
    return {s.slug: s for s in site_.showcases.values()}


def test_second_check_reads_nothing_and_finds_the_same(check):
    first, problems, read = check()
    assert read and not problems
    second, problems_again, read_again = check()
    assert read_again == []
    assert problems_again == problems
    assert by_slug(second) == by_slug(first)


def test_an_edit_is_read_again_even_with_same_size_and_mtime(site, check):
    check()
    path = site.content / GAMELAN
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Gamelan Cilik Kelas 5", "Gamelan Kecil Kelas 5")
    assert len(edited) == len(text)
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # an mtime put back
    found, _, read = check()
    assert read == [GAMELAN]
    assert by_slug(found)["20300001-gamelan-cilik"].title == "Gamelan Kecil Kelas 5"


def test_broken_then_fixed_file(site, check):
    check()
    path = site.content / GAMELAN
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("title: Gamelan", "title: Gamelan: rusak", 1), encoding="utf-8")
    _, problems, _ = check()
    assert [p.field for p in problems if p.path.endswith(GAMELAN)] == ["front matter"]
    _, problems_again, read = check()  # still broken: remembered, still reported
    assert read == [] and problems_again == problems
    path.write_text(good, encoding="utf-8")
    _, problems, read = check()
    assert read == [GAMELAN] and not problems


def test_registry_edit_reaches_every_showcase(site, check):
    first, _, _ = check()
    assert by_slug(first)["20300001-gamelan-cilik"].school.name == "SD Negeri 1 Blora"
    schools = site.content / "data" / "schools.yml"
    schools.write_text(schools.read_text(encoding="utf-8").replace(
        "name: SD Negeri 1 Blora", "name: SD Negeri Satu Blora"), encoding="utf-8")
    found, problems, read = check()
    assert read == [] and not problems
    assert by_slug(found)["20300001-gamelan-cilik"].school.name == "SD Negeri Satu Blora"


def test_removed_video_is_reported_though_the_file_is_remembered(site, check):
    check()
    (site.content / "videos" / "20300001-gamelan-cilik.mp4").unlink()
    _, problems, read = check()
    assert read == []
    assert any(p.field == "video" and p.path.endswith(GAMELAN) for p in problems)


def test_a_symlinked_showcase_is_always_read(site, check, tmp_path):
    outside = tmp_path / "luar.md"
    outside.write_text((site.content / GAMELAN).read_text(encoding="utf-8"), encoding="utf-8")
    link = site.content / "kiprah" / "tautan.md"
    link.symlink_to(outside)
    for _ in range(2):
        _, problems, read = check()
        assert "kiprah/tautan.md" in read
        assert any(p.path.endswith("tautan.md") and "symlink" in p.message for p in problems)


def test_memory_is_rewritten_only_when_something_was_read(check, tmp_path):
    check()
    memory = next(Path(tmp_path / "cache").glob("kasdikdas-read-*.marshal"))
    stamp = memory.stat().st_mtime_ns
    check()
    assert memory.stat().st_mtime_ns == stamp
