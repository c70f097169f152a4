"""Stock `pelican` on our content, as an editor who knows Pelican might run it: a
content problem is the message alone, never a traceback; `pelican -r` does not warn
about static folders the content does not have."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

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


def test_autoreload_watches_without_warning_about_a_missing_static_folder(tmp_path):
    content = scratch_content(tmp_path / "content")
    for captions in (ROOT / "content/videos").glob("*.vtt"):
        (content / "videos" / captions.name).write_bytes(captions.read_bytes())
    assert not (content / "images").exists() and (content / "bukti").is_dir()
    log = (tmp_path / "pelican.log").open("w+")
    proc = subprocess.Popen([*PELICAN, str(content), "-s", "pelicanconf.py", "-o", str(tmp_path / "out"),
                             "-r"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, env={**os.environ, "COLUMNS": "200"})
    try:
        deadline = time.monotonic() + 300
        while "Done: Processed" not in (tmp_path / "pelican.log").read_text():
            said = (tmp_path / "pelican.log").read_text()
            assert proc.poll() is None and "Caught exception" not in said, said
            assert time.monotonic() < deadline
            time.sleep(0.5)
        time.sleep(2)  # the watcher is set up after the first build
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
        log.close()
    said = (tmp_path / "pelican.log").read_text()
    assert "Unable to watch path" not in said
    assert (tmp_path / "out" / "index.html").is_file()
