"""Hostile video files: each gets a `path:line: video: …` message, never a traceback.

Runs once the video plugin's checks are merged (plugins/video/checks.py); the clips
are generated tiny (a few pixels, few frames per second) so even the two-hour one
is cheap to make.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from support.hostile import ROOT, scratch_content
from kasdikdas.model.paths import display_path
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content
from kasdikdas.media.ffmpeg_bin import find_ffmpeg

from kasdikdas import validate as checks

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

SHOWCASE = """---
title: Uji Video {stem}
date: 2024-10-11
school: "20300001"
category: kegiatan-sekolah
video: videos/{stem}.mp4
summary: Video yang sengaja dibuat rusak atau salah ukuran.
consent: true
---
Penjelasan singkat.
"""
VIDEO_LINE = 6


def clip(target: Path, seconds: float, rate: int = 5, faststart: bool = True) -> Path:
    args = [find_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc=size=32x32:rate={rate}", "-t", str(seconds),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if faststart:
        args += ["-movflags", "+faststart"]
    subprocess.run(args + [str(target)], check=True, timeout=600)
    return target


def make_cases(videos: Path) -> None:
    with Image.new("RGB", (64, 48), "blue") as picture:
        picture.save(videos / "foto-jpeg.mp4", format="JPEG")
    whole = clip(videos / "utuh.mp4", 31, faststart=False)  # the index (moov) at the end
    (videos / "terpotong.mp4").write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 5])
    clip(videos / "dua-jam.mp4", 7200, rate=1)
    clip(videos / "dua-puluh-detik.mp4", 20)
    clip(videos / "tujuh-puluh-lima-detik.mp4", 75)


CASES = {
    "foto-jpeg": "`videos/foto-jpeg.mp4` bukan berkas video",
    "terpotong": "video `videos/terpotong.mp4` rusak atau terpotong; ffmpeg tidak bisa membacanya",
    "dua-jam": "terlalu panjang; aturan Kas Dikdas 30–60 detik",
    "dua-puluh-detik": "terlalu pendek; aturan Kas Dikdas 30–60 detik",
    "tujuh-puluh-lima-detik": "terlalu panjang; aturan Kas Dikdas 30–60 detik",
}


@pytest.fixture(scope="module")
def video_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("video-hostile")
    content = scratch_content(root / "content", videos=(), showcases=False)
    (content / "videos").mkdir()
    make_cases(content / "videos")
    for stem in [*CASES, "utuh"]:
        (content / "kiprah" / f"{stem}.md").write_text(SHOWCASE.format(stem=stem), encoding="utf-8")
    registry = load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")
    showcases, problems = check_content(content, registry)
    assert problems == []  # everything is wrong only inside the video files
    settings = {"VIDEO_CACHE_PATH": str(root / "cache")}
    return content, root, checks.check_videos(showcases, content, settings)


@pytest.mark.parametrize("stem", sorted(CASES))
def test_video_problem(video_corpus, stem):
    content, _, problems = video_corpus
    shown = display_path(content / "kiprah" / f"{stem}.md")
    mine = [p for p in problems if p.path == shown]
    assert len(mine) == 1, problems
    problem = mine[0]
    assert (problem.line, problem.field) == (VIDEO_LINE, "video")
    assert CASES[stem] in problem.message
    assert problem.hint
    assert str(problem).startswith(f"{shown}:{VIDEO_LINE}: video: ")


def test_durations_are_shown_as_read(video_corpus):
    from kasdikdas.idformat import durasi

    content, _, problems = video_corpus
    by_stem = {Path(p.path).stem: p.message for p in problems}
    assert by_stem["dua-jam"].startswith(f"video berdurasi {durasi(7200)} ")
    assert by_stem["dua-puluh-detik"].startswith(f"video hanya {durasi(20)} ")
    assert by_stem["tujuh-puluh-lima-detik"].startswith(f"video berdurasi {durasi(75)} ")


def test_the_good_clip_passes(video_corpus):
    content, _, problems = video_corpus
    assert display_path(content / "kiprah" / "utuh.md") not in {p.path for p in problems}


def test_invoke_check_reports_every_video_problem(video_corpus):
    content, _, problems = video_corpus
    result = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(content)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for stem in CASES:
        assert f"{stem}.md:{VIDEO_LINE}: video: " in result.stdout
