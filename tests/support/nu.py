"""The W3C Nu HTML checker (the `vnu-jar` npm package, pinned in package.json; needs
Java), run over built folders: its error messages, or a skip saying what is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from . import ROOT

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def nu_check(*folders: Path) -> list[dict]:
    """The checker's messages (errors only) for every HTML file under `folders`."""
    if not shutil.which("java"):
        pytest.skip("Java is not installed (scripts/test installs openjdk-17-jre-headless)")
    if not VNU.is_file():
        pytest.skip("vnu-jar is not installed (npm ci)")
    run = subprocess.run(["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--skip-non-html",
                          "--format", "json", *map(str, folders)],
                         capture_output=True, text=True, timeout=300)
    # vnu exits 1 when it found errors and writes its JSON report to stderr
    assert run.returncode in (0, 1), run.stderr[-2000:]
    return json.loads(run.stderr)["messages"]
