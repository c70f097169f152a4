"""A setting of ours that no phase declares (a typo in pelicanconf.py) or that has the
wrong type stops check, build and publish with the file, the line, the key and the
closest declared name (or the type it must have); only the build state reads our
settings by name."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kasdikdas.settings_check import declared, reference, unknown_settings, wrong_types
from support import ROOT


def misspelt_copy(folder: Path) -> Path:
    copy = folder / "pelicanconf.py"
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    # Pelican resolves PATH and THEME from the settings file's folder: keep them ours.
    text += (f"\nPATH = {str(ROOT / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
             "VIDEO_WORKER = 1\nSEARCH_PAGEFIND_X = False\nVIDEO_MAX_SECONDS = 'enam puluh'\n")
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
def test_a_setting_of_the_wrong_type_is_named_with_its_line_and_the_type(tmp_path):
    copy = misspelt_copy(tmp_path)
    lines = copy.read_text(encoding="utf-8").splitlines()
    problems = wrong_types({"VIDEO_MAX_SECONDS": "enam puluh", "VIDEO_WORKERS": 2,
                            "SEARCH_PAGEFIND": True}, copy)
    assert [p.field for p in problems] == ["VIDEO_MAX_SECONDS"]
    (wrong,) = problems
    assert lines[wrong.line - 1] == "VIDEO_MAX_SECONDS = 'enam puluh'"
    assert wrong.message == "harus berupa angka, bukan 'enam puluh'"
    assert wrong_types({"VIDEO_MAX_SECONDS": 45}, copy) == []


# Where our settings may be read by name: the typed settings' base and the build state
# (the adapter between Pelican's settings dict and the phases), and the plugin, which
# puts the values templates read into Pelican's settings.
ADAPTERS = {"config.py", "state.py", "plugin.py"}


@pytest.mark.fast
def test_the_settings_reference_lists_every_setting_the_models_declare():
    """docs/settings.md is written from the models: a setting added, renamed or given a
    new default without regenerating it fails here."""
    written = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert written == reference(), "python -m kasdikdas.settings_check > docs/settings.md"
    listed = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", written, re.M))
    assert listed == declared()
    assert "| `VIDEO_MAX_SECONDS` | `float` | `60.0` |" in written


def test_only_the_build_state_reads_our_settings_by_name():
    """Every phase reads its typed settings (`VideoSettings.read(settings).VIDEO_…`), so
    a key read somewhere is declared with its type and default; no `settings["VIDEO_…"]`
    or `context["kiprah…"]` outside the adapter."""
    known = declared()
    by_name = re.compile(r"""(?:\[|\.get\(|\.setdefault\()\s*["']([A-Z][A-Z0-9_]+)["']"""
                         r"""|context(?:\[|\.get\()\s*["'](kiprah\w*)["']""")
    found = []
    for path in sorted((ROOT / "kasdikdas").rglob("*.py")):
        if path.relative_to(ROOT / "kasdikdas").as_posix() in ADAPTERS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {key or context}"
                      for key, context in by_name.findall(line) if key in known or context]
    assert found == []


def test_build_and_check_stop_on_a_misspelt_setting(tmp_path):
    copy = misspelt_copy(tmp_path)
    output = tmp_path / "output"
    built = subprocess.run([sys.executable, "-m", "invoke", "build", "--settings", str(copy),
                            "--output", str(output)], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "VIDEO_WORKER: pengaturan tidak dikenal — maksud Anda `VIDEO_WORKERS`?" in built.stderr
    assert "VIDEO_MAX_SECONDS: harus berupa angka, bukan 'enam puluh'" in built.stderr
    assert not output.exists()
    checked = subprocess.run([sys.executable, "-m", "invoke", "check", "--settings", str(copy)],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "SEARCH_PAGEFIND_X: pengaturan tidak dikenal" in checked.stdout
