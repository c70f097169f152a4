"""Stock `pelican` on our content, as an editor who knows Pelican might run it: a
content problem is the message alone, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from support import ROOT
from support.hostile import scratch_content

pytestmark = pytest.mark.slow  # its tests run Pelican builds

PELICAN = [sys.executable, "-m", "pelican"]


def test_a_content_problem_is_its_message_without_a_traceback(tmp_path):
    content = scratch_content(tmp_path / "content")
    showcase = content / "kiprah/20300001-gamelan-cilik.md"
    showcase.write_text(showcase.read_text(encoding="utf-8").replace(
        "category: kreativitas-siswa", "category: kreativitas-sisswa"), encoding="utf-8")
    run = subprocess.run([*PELICAN, str(content), "-s", "pelicanconf.py", "-o", str(tmp_path / "out")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "COLUMNS": "200"})
    said = run.stdout + run.stderr
    assert run.returncode == 1
    assert "kreativitas-sisswa" in said and "maksud Anda `kreativitas-siswa`" in said
    assert "1 masalah di 1 berkas" in said
    assert "Traceback" not in said and "ContentError" not in said
