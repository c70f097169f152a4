"""`invoke check`, `invoke build` and `invoke publish` report the same problems for the
same content: they all go through kasdikdas.validate. Checked on a broken copy of the
sample, and on a sound copy that only its settings make broken (a registry of its own
that lacks a school, a lower size limit for a showcase file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT
from support.hostile import scratch_content
from kasdikdas.build import build_site
from kasdikdas.model.problems import ContentError

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

REPORT_TAIL = "masalah di"  # the summary line of format_report


def problem_lines(text: str) -> set[str]:
    """The problem lines of a report (each `path[:line]: field: message — hint`)."""
    return {line for line in text.splitlines()
            if ": " in line and " — " in line and REPORT_TAIL not in line}


def via_check(content: Path, settings: Path) -> set[str]:
    run = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(content),
                          "--settings", str(settings)], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    return problem_lines(run.stdout)


def via_build(content: Path, settings: Path, tmp: Path) -> set[str]:
    with pytest.raises(ContentError) as info:
        build_site(settings, tmp / "output", PATH=str(content), CACHE_PATH=str(tmp / "cache"))
    assert not (tmp / "output").exists()
    return {str(p) for p in info.value.problems}


def via_publish(content: Path, settings: Path, tmp: Path) -> set[str]:
    run = subprocess.run([sys.executable, "-m", "kasdikdas.publish", "--settings", str(settings),
                          "--output", str(tmp / "terbit"), "--work", str(tmp / "work"),
                          "--set", f"PATH={content}", "--set", f"CACHE_PATH={tmp / 'cache'}"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "Tidak diterbitkan" in run.stderr, run.stderr
    assert not (tmp / "terbit").exists()
    return problem_lines(run.stderr)


def settings_file(tmp: Path, base: str, **overrides) -> Path:
    """A settings file that reads `base` (pelicanconf.py or publishconf.py) and overrides it."""
    lines = ["import runpy",
             f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / base)!r}).items()"
             " if k.isupper()})"]
    lines += [f"{key} = {value!r}" for key, value in overrides.items()]
    path = tmp / f"{Path(base).stem}-uji.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_same_everywhere(content: Path, tmp: Path, **overrides) -> set[str]:
    dev = settings_file(tmp, "pelicanconf.py", **overrides)
    pub = settings_file(tmp, "publishconf.py", **overrides)
    checked = via_check(content, dev)
    built = via_build(content, dev, tmp)
    published = via_publish(content, pub, tmp)
    assert checked and checked == built == published
    return checked


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_broken_copy_of_the_sample_gets_one_verdict(tmp_path):
    content = scratch_content(tmp_path / "content")
    kiprah = content / "kiprah"
    edit(kiprah / "20300001-gamelan-cilik.md", "category: kreativitas-siswa", "category: seni")
    # three showcases that are not innovations (whose evidence would add problems)
    edit(kiprah / "20300011-pentas-barongan.md", "\nvideo: ",
         "\nvideo: videos/tidak-ada.mp4\n# ")  # a missing video file
    edit(kiprah / "20300021-senam-pagi.md", "consent: true", "consent: false")
    (content / "videos" / "pendek.mp4").write_bytes(b"\x00" * 64)  # not a video at all
    edit(kiprah / "20300031-membatik-motif-jati.md", "\nvideo: ", "\nvideo: videos/pendek.mp4\n# ")
    problems = assert_same_everywhere(content, tmp_path)
    assert len(problems) == 4
    assert any("category" in p and "seni" in p for p in problems)
    assert any(p.startswith(str(Path("content") / "kiprah")) or "kiprah" in p for p in problems)
    assert any("bukan berkas video" in p for p in problems)  # found by probing, everywhere


def test_a_copy_broken_only_by_its_settings_gets_one_verdict(tmp_path):
    content = scratch_content(tmp_path / "content")
    registry = (content / "data/schools.yml").read_text(encoding="utf-8")
    # the registry of its own lacks the first school (whose showcases then name no school)
    first_entry = registry.index("- npsn:")
    second_entry = registry.index("- npsn:", first_entry + 1)
    (content / "data/sekolah-uji.yml").write_text(registry[:first_entry] + registry[second_entry:],
                                                  encoding="utf-8")
    largest = max((content / "kiprah").glob("*.md"), key=lambda p: p.stat().st_size)
    limit = largest.stat().st_size - 1
    problems = assert_same_everywhere(content, tmp_path, KIPRAH_SCHOOLS_FILE="data/sekolah-uji.yml",
                                      KIPRAH_MAX_SOURCE_BYTES=limit)
    assert any("terlalu besar" in p and largest.name in p for p in problems)
    assert any("tidak ada di daftar sekolah" in p for p in problems)
