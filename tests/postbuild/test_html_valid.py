"""Every page of the sample site is valid HTML for the W3C Nu checker (the `vnu-jar`
npm package, pinned in package.json; needs Java): zero errors over the whole output.

One run of the checker reads the sample output and a small page with a known error
(`<form action="">`, what /cari/ once had), so the check is seen to find errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from support import ROOT

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


def test_every_page_is_valid_html(sample_site, tmp_path):
    broken = tmp_path / "rusak"
    broken.mkdir()
    (broken / "index.html").write_text(
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><form action=""><input name="q" aria-label="q"></form></body></html>',
        encoding="utf-8")
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 60
    messages = nu_check(sample_site, broken)
    in_site = [f"{m.get('url', '?')}: {m.get('message')}" for m in messages
               if "/rusak/" not in m.get("url", "")]
    in_broken = [m for m in messages if "/rusak/" in m.get("url", "")]
    assert in_site == []
    # the checker ran and does find errors: the known one, and only it
    assert len(in_broken) == 1 and "action" in in_broken[0]["message"], in_broken
