"""The editor's guide, word for word, through git: copy the school's video into
content/videos/, `invoke new`, fill in, `git add content`, commit; a fresh clone of that
commit checks clean. The generated sample videos are the only ignored videos."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kasdikdas.samples import SAMPLES
from support import ROOT
from support.videoclips import make, tone, two_colour

SAMPLE_RULE = re.compile(r"^/content/videos/(.+\.mp4)$")


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@diknas.test",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@diknas.test"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True,
                          capture_output=True, text=True)


def invoke(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.fast
def test_the_ignore_rules_name_exactly_the_generated_samples():
    rules = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    named = {m[1] for rule in rules if (m := SAMPLE_RULE.match(rule))}
    assert named == {sample.name for sample in SAMPLES}
    assert not any(rule.startswith("/content/") and "*" in rule for rule in rules), \
        "a wildcard under content/ would hide an editor's file"


def test_guide_steps_commit_the_video_and_a_fresh_clone_checks_clean(tmp_path, sample_videos):
    office = tmp_path / "laptop"
    git("clone", "--quiet", str(ROOT), str(office), cwd=tmp_path)
    # 2. Salin video ke folder content/videos/ …
    video = office / "content/videos/20300111-lomba-mewarnai.mp4"
    make(video, two_colour(160, 90, 31, rate=10), tone(31), vcodec="libx264", acodec="aac",
         pix_fmt="yuv420p")
    # 3. invoke new …; 4. isi setiap kolom
    made = invoke("new", "--npsn", "20300111", "--title", "Lomba Mewarnai", cwd=office)
    assert made.returncode == 0, made.stderr
    showcase = office / "content/kiprah/20300111-lomba-mewarnai.md"
    head, _ = showcase.read_text(encoding="utf-8").rsplit("---\n", 1)
    head = (head.replace("consent: false", "consent: true")
            .replace("summary: Tulis satu kalimat ringkasan untuk daftar dan pratinjau WhatsApp.",
                     "summary: Murid kelas 1 sampai 6 mewarnai tokoh cerita rakyat Blora."))
    showcase.write_text(head + "---\nLomba mewarnai untuk Hari Anak Nasional.\n", encoding="utf-8")
    # 7. Simpan dengan Git: git add content, git commit -m "Kiprah baru: …"
    git("add", "content", cwd=office)
    git("commit", "--quiet", "-m", "Kiprah baru: Lomba Mewarnai", cwd=office)
    committed = git("show", "--name-only", "--format=", "HEAD", cwd=office).stdout.split()
    assert "content/videos/20300111-lomba-mewarnai.mp4" in committed

    again = tmp_path / "kantor"
    git("clone", "--quiet", str(office), str(again), cwd=tmp_path)
    for sample in SAMPLES:  # what `invoke samples` makes in a clone; never committed
        shutil.copy(sample_videos / sample.name, again / "content/videos" / sample.name)
    checked = invoke("check", cwd=again)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Semua konten valid." in checked.stdout
    assert f"{len(SAMPLES) + 1} kiprah diperiksa." in checked.stdout
