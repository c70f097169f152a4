"""Nothing an editor wrote is ever lost: `invoke check`, `build` (good or bad content),
`clean` and `new` leave every file under content/ byte for byte as it was, and `new`
refuses to overwrite an existing showcase.

The commands run as an editor runs them, in a copy of the project (so `clean` and
`build` work on the copy's own output/), on a small content folder with tiny clips.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.hostile import ROOT, scratch_content, tree_digest
from test_privacy import tagged_clip

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

PROJECT_FILES = ("tasks.py", "pelicanconf.py", "publishconf.py", "plugins", "theme", "tools")
SHOWCASE = """---
title: {title}
date: 2024-10-11
school: "{npsn}"
category: kegiatan-sekolah
video: videos/{stem}.mp4
summary: Kegiatan pagi bersama.
tags: [olahraga]
consent: true
---
Penjelasan yang ditulis editor, dengan tanda {{khusus}} & émoji 🎷.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("proyek")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, root / name)
    content = scratch_content(root / "content", videos=(), showcases=False)
    clip = tagged_clip(root / "klip.mp4", seconds=31)
    (content / "videos").mkdir()
    for npsn, stem, title in (("20300001", "20300001-senam", "Senam Pagi"),
                              ("20300003", "20300003-apel", "Apel Pagi")):
        shutil.copy2(clip, content / "videos" / f"{stem}.mp4")
        (content / "kiprah" / f"{stem}.md").write_text(
            SHOWCASE.format(title=title, npsn=npsn, stem=stem), encoding="utf-8")
    (content / "kiprah" / "catatan.txt").write_text("catatan editor, bukan kiprah\n", encoding="utf-8")
    return root


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project,
                            capture_output=True, text=True, timeout=900)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_check_build_clean_leave_content_alone(project):
    content = project / "content"
    before = tree_digest(content)
    assert len(before) > 5
    assert invoke(project, "check").returncode == 0
    built = invoke(project, "build")
    assert built.returncode == 0, built.stderr
    assert (project / "output/kiprah/20300001-senam/index.html").is_file()
    assert tree_digest(content) == before
    assert invoke(project, "clean").returncode == 0
    assert not (project / "output").exists()
    assert tree_digest(content) == before


def test_failed_build_leaves_content_and_old_site_alone(project):
    content = project / "content"
    assert invoke(project, "build").returncode == 0
    old_site = tree_digest(project / "output")
    broken = content / "kiprah" / "20300003-rusak.md"
    broken.write_text("---\ntitle: [rusak\n---\nIsi.\n", encoding="utf-8")
    try:
        before = tree_digest(content)
        for command in ("check", "build"):
            result = invoke(project, command)
            assert result.returncode == 1
            assert "20300003-rusak.md:2: front matter: YAML tidak valid: kurung [ dibuka tetapi tidak ditutup" in result.stdout + result.stderr
            assert tree_digest(content) == before
        assert tree_digest(project / "output") == old_site
    finally:
        broken.unlink()


def test_new_adds_one_file_and_never_overwrites(project):
    content = project / "content"
    before = tree_digest(content)
    made = invoke(project, "new", "--npsn", "20300001", "--title", "Lomba Kebersihan Kelas")
    assert made.returncode == 0, made.stderr
    after = tree_digest(content)
    added = set(after) - set(before)
    assert added == {"kiprah/20300001-lomba-kebersihan-kelas.md"}
    assert {k: after[k] for k in before} == before

    # the editor fills it in; a second `new` with the same title must not touch it
    target = content / "kiprah/20300001-lomba-kebersihan-kelas.md"
    target.write_text(target.read_text(encoding="utf-8").replace("consent: false", "consent: true")
                      + "\nCatatan editor yang tidak boleh hilang.\n", encoding="utf-8")
    edited = tree_digest(content)
    again = invoke(project, "new", "--npsn", "20300001", "--title", "Lomba Kebersihan Kelas")
    assert again.returncode == 1
    assert "sudah ada; berkas tidak ditimpa" in again.stderr
    assert tree_digest(content) == edited

    # an unknown NPSN writes nothing at all
    unknown = invoke(project, "new", "--npsn", "20300999", "--title", "Apa Saja")
    assert unknown.returncode == 1
    assert tree_digest(content) == edited


@pytest.mark.parametrize("title", [
    "<script>alert('x')</script> & \"Kutip\" 🎷",
    "Gamelan: Kelas 5 # bukan komentar",
    "*Bintang* dan @akun",
    "../../etc/passwd",
])
def test_new_writes_hostile_titles_as_plain_text(tmp_path, title):
    """`new` quotes the title: it reads back exactly, and the file name stays a slug."""
    from kasdikdas.model.registry import load_registry
    from kasdikdas.model.showcase import read_source
    from kasdikdas.scaffold import new_showcase

    content = scratch_content(tmp_path / "content", videos=(), showcases=False)
    registry = load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")
    path = new_showcase(content, registry, "20300001", title)
    assert path.parent == content / "kiprah"
    assert path.name.startswith("20300001-") and "/" not in path.name[len("20300001-"):]
    source, problems = read_source(path, content_root=content)
    assert problems == []
    assert source.front_matter.data["title"] == title
