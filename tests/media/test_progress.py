"""Progress while a clip encodes: a build whose log is not a terminal (CI, a piped log)
says how far the clip is, in percent with the time left, at least every 10 s."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from support import ROOT
from support.videoclips import make, tone, two_colour

pytestmark = pytest.mark.slow  # its tests run ffmpeg and a build in their own bodies

SHOWCASE = """---
title: Ujian Kemajuan
date: 2024-10-11
school: "20300001"
category: kegiatan-sekolah
video: videos/ujian-kemajuan.mp4
summary: Uji baris kemajuan saat video dikodekan.
consent: true
---
Penjelasan singkat.
"""

# As `invoke build` runs it (main_build sets up the log), on a scratch site and caches,
# with the encoders' slowest presets: a small clip that takes as long as a large one.
BUILD = """
import sys
from kasdikdas.build import main_build
sys.exit(main_build(sys.argv[1], sys.argv[2], PATH=sys.argv[3], CACHE_PATH=sys.argv[4],
                    VIDEO_CACHE_PATH=sys.argv[5], VIDEO_AV1_PRESET=2,
                    VIDEO_X264_PRESET="veryslow"))
"""

LINE = re.compile(r"video 1/1 20300001-ujian-kemajuan: (\d+)% \((sisa ~\d+ (?:detik|menit)|"
                  r"menghitung sisa waktu)\)$")


def timed_lines(args: list[str]) -> tuple[int, list[tuple[float, str]]]:
    """Run a command; every line of its stderr with the wall time it arrived."""
    started = time.monotonic()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    lines = [(time.monotonic() - started, line.rstrip("\n")) for line in proc.stderr]
    return proc.wait(timeout=600), lines


def test_a_piped_build_logs_the_clips_progress_at_least_every_10_seconds(site, tmp_path):
    for md in (site.content / "kiprah").glob("*.md"):
        md.unlink()
    # 60 s at 320x180: the hemat tier only (AV1 and H.264), with its quality search
    make(site.content / "videos" / "ujian-kemajuan.mp4", two_colour(320, 180, 60), tone(60),
         vcodec="libx264", preset="ultrafast", acodec="aac")
    site.write("kiprah/20300001-ujian-kemajuan.md", SHOWCASE)
    code, lines = timed_lines([sys.executable, "-c", BUILD, str(ROOT / "pelicanconf.py"),
                               str(site.output), str(site.content), str(tmp_path / "pelican"),
                               str(tmp_path / "video-cache")])
    log = "\n".join(text for _, text in lines)
    assert code == 0, log
    begin = next(at for at, text in lines if "ujian-kemajuan: belum ada di cache" in text)
    end = next(at for at, text in lines if "ujian-kemajuan: " in text and "dibuat dalam" in text)
    progress = [(at, LINE.search(text)) for at, text in lines if LINE.search(text)]
    assert end - begin > 15, log  # a real encode, long enough to need progress lines
    stamps = [begin, *(at for at, _ in progress), end]
    gaps = [later - earlier for earlier, later in zip(stamps, stamps[1:])]
    assert max(gaps) <= 10, (gaps, log)
    percents = [int(match.group(1)) for _, match in progress]
    # by position in the clip: moving all along, never 100 % before the clip is done
    assert percents == sorted(percents) and percents[0] < 20 < 50 < percents[-1] < 100, log
    assert any(match.group(2).startswith("sisa ~") for _, match in progress), log
    # progress is information, one line for the pages too, not a warning
    assert re.search(r"^INFO kasdikdas\.build: \d+ halaman dirender, \d+ dipakai ulang\.$", log, re.M), log
    assert "WARNING kasdikdas.build" not in log and "WARNING kasdikdas.incremental" not in log, log
