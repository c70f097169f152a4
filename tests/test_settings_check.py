"""A setting of ours that no phase declares (a typo in pelicanconf.py) stops check,
build and publish with the file, the line, the key and the closest declared name."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kasdikdas.settings_check import RUNTIME, declared, unknown_settings
from support import ROOT


def misspelt_copy(folder: Path) -> Path:
    copy = folder / "pelicanconf.py"
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    # Pelican resolves PATH and THEME from the settings file's folder: keep them ours.
    text += (f"\nPATH = {str(ROOT / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
             "VIDEO_WORKER = 1\nSEARCH_PAGEFIND_X = False\n")
    copy.write_text(text, encoding="utf-8")
    return copy


@pytest.mark.fast
def test_a_misspelt_setting_is_named_with_its_line_and_a_suggestion(tmp_path):
    copy = misspelt_copy(tmp_path)
    lines = copy.read_text(encoding="utf-8").splitlines()
    settings = {"VIDEO_WORKER": 1, "SEARCH_PAGEFIND_X": False, "VIDEO_WORKERS": 2,
                "SITENAME": "x", "PRECOMPRESS_GZIP": True, "SOMETHING_ELSE": 1}
    problems = {p.field: p for p in unknown_settings(settings, copy)}
    assert set(problems) == {"VIDEO_WORKER", "SEARCH_PAGEFIND_X"}  # Pelican's and others' pass
    worker = problems["VIDEO_WORKER"]
    assert lines[worker.line - 1] == "VIDEO_WORKER = 1"
    assert str(worker) == (f"{copy}:{worker.line}: VIDEO_WORKER: pengaturan tidak dikenal "
                           "— maksud Anda `VIDEO_WORKERS`?")
    assert problems["SEARCH_PAGEFIND_X"].hint == "maksud Anda `SEARCH_PAGEFIND`?"


@pytest.mark.fast
def test_the_project_settings_files_name_only_declared_settings():
    from kasdikdas.config import pelican_settings

    for name in ("pelicanconf.py", "publishconf.py"):
        assert unknown_settings(pelican_settings(ROOT / name), ROOT / name) == []


@pytest.mark.fast
def test_every_setting_of_ours_the_code_reads_is_declared():
    """One source: a key read as settings["VIDEO_…"] somewhere must be in a phase's
    DEFAULTS (or written by the build itself), so the check cannot refuse a real one."""
    known = declared()
    prefixes = {key.split("_", 1)[0] for key in known}
    read = set()
    for path in (ROOT / "kasdikdas").rglob("*.py"):
        read |= set(re.findall(r'settings(?:\.get|\.setdefault)?[\[(]"([A-Z][A-Z0-9_]+)"',
                               path.read_text(encoding="utf-8")))
    ours = {key for key in read if key.split("_", 1)[0] in prefixes}
    assert ours - known == set()
    assert RUNTIME <= known


def test_build_and_check_stop_on_a_misspelt_setting(tmp_path):
    copy = misspelt_copy(tmp_path)
    output = tmp_path / "output"
    built = subprocess.run([sys.executable, "-m", "invoke", "build", "--settings", str(copy),
                            "--output", str(output)], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "VIDEO_WORKER: pengaturan tidak dikenal — maksud Anda `VIDEO_WORKERS`?" in built.stderr
    assert not output.exists()
    checked = subprocess.run([sys.executable, "-m", "invoke", "check", "--settings", str(copy)],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "SEARCH_PAGEFIND_X: pengaturan tidak dikenal" in checked.stdout
