"""The media cache: a rebuild encodes nothing (a configured ffmpeg is only asked its
version and abilities); a change re-encodes only what changed; an interrupted encode
leaves nothing half-written. A rendition encode is the ffmpeg run that writes the MP4
(`+faststart`); the mezzanine, the quality search and the poster are other runs."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from kasdikdas.media.probe import probe

from support.videoclips import FFMPEG, make, tone, two_colour

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

SHOWCASE = """---
title: Klip {name}
date: 2024-10-11
school: "20300001"
category: kegiatan-sekolah
video: videos/{name}.mp4
summary: Uji cache video.
consent: true
---
Penjelasan singkat.
"""


@pytest.fixture
def counted(tmp_path):
    """An ffmpeg that logs every run: VIDEO_FFMPEG for a build, and the log to read."""
    log = tmp_path / "ffmpeg-runs.log"
    wrapper = tmp_path / "ffmpeg-counted"
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{FFMPEG}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    log.touch()

    def runs(since: int = 0) -> list[str]:
        return log.read_text().splitlines()[since:]

    return wrapper, runs


# The start-up check of a configured ffmpeg (kasdikdas.media.ffmpeg_bin.check_ffmpeg).
CHECKS = {"-hide_banner -version", "-hide_banner -encoders", "-hide_banner -filters"}


def encodes(runs: list[str]) -> list[str]:
    return [r for r in runs if "+faststart" in r]


def not_checks(runs: list[str]) -> list[str]:
    return [r for r in runs if r.strip() not in CHECKS]


def small_site(site, tmp_path, names=("satu", "dua")):
    for md in (site.content / "kiprah").glob("*.md"):
        md.unlink()
    for index, name in enumerate(names):
        make(site.content / "videos" / f"{name}.mp4", two_colour(320, 180, 3 + index), tone(3 + index),
             vcodec="libx264", preset="ultrafast", acodec="aac")
        site.write(f"kiprah/20300001-{name}.md", SHOWCASE.format(name=name))
    return {"VIDEO_MIN_SECONDS": 1, "VIDEO_CACHE_PATH": str(tmp_path / "video-cache")}


def test_rebuild_runs_ffmpeg_zero_times_and_changes_reencode_only_what_changed(site, tmp_path, counted):
    wrapper, runs = counted
    settings = {**small_site(site, tmp_path), "VIDEO_FFMPEG": str(wrapper)}

    out = site.build(**settings)
    first = runs()
    made = encodes(first)
    assert len(made) == 4  # the hemat tier per clip, in AV1 and in H.264
    assert sum("libsvtav1" in r for r in made) == sum("libx264" in r for r in made) == 2
    published = sorted(p.relative_to(out).as_posix() for p in (out / "media").rglob("*") if p.is_file())
    assert len(published) == 2 * 5  # two renditions, a JPEG and a WebP poster, a share image each

    out = site.build(**settings)
    assert not_checks(runs(len(first))) == []  # not even a probe: only the version check
    assert sorted(p.relative_to(out).as_posix() for p in (out / "media").rglob("*") if p.is_file()) == published

    # one source changes: only that clip is probed and encoded again
    before = len(runs())
    make(site.content / "videos/dua.mp4", two_colour(320, 180, 5), tone(5), vcodec="libx264",
         preset="ultrafast", acodec="aac")
    site.build(**settings)
    again = not_checks(runs(before))
    assert again and all("dua.mp4" in r or "/enc/" in r or "/work/" in r for r in again)
    assert len(encodes(again)) == 2  # its two renditions
    assert not any("satu.mp4" in r for r in again)

    # a poster setting: posters only, no encode
    before = len(runs())
    site.build(**settings, VIDEO_POSTER_JPEG_QUALITY=40)
    again = not_checks(runs(before))
    assert again and not any("libx264" in r or "libsvtav1" in r for r in again)

    # an encoding setting: every rendition again
    before = len(runs())
    site.build(**settings, VIDEO_X264_PRESET="fast")
    again = encodes(runs(before))
    assert len(again) == 2 and all("libx264" in r for r in again)  # H.264 only: AV1 unchanged


def test_showcases_sharing_one_clip_encode_it_once_on_a_cold_cache(site, tmp_path, counted):
    wrapper, runs = counted
    settings = {**small_site(site, tmp_path, names=("satu",)), "VIDEO_FFMPEG": str(wrapper)}
    for name in ("kedua", "ketiga"):  # same file, different showcases
        site.write(f"kiprah/20300001-{name}.md", SHOWCASE.format(name="satu").replace(
            "title: Klip satu", f"title: Klip {name}"))
    out = site.build(**settings)
    assert len(encodes(runs())) == 2  # AV1 and H.264, not once per showcase
    assert sum("split" in r for r in runs()) == 1  # the source decoded once
    assert sum("-f rawvideo" in r for r in runs()) == 1  # one poster frame search too
    for slug in ("20300001-satu", "20300001-kedua", "20300001-ketiga"):
        files = sorted(p.suffix for p in (out / "media" / slug).iterdir())
        assert files == [".jpg", ".jpg", ".mp4", ".mp4", ".webp"], slug  # poster, share image


def test_cache_survives_a_clean_output_and_is_outside_it(site, tmp_path, counted):
    wrapper, runs = counted
    settings = {**small_site(site, tmp_path, names=("satu",)), "VIDEO_FFMPEG": str(wrapper)}
    out = site.build(**settings)
    import shutil

    shutil.rmtree(out)  # what `invoke clean` does
    before = len(runs())
    out = site.build(**settings)
    assert not_checks(runs(before)) == []
    assert any((out / "media").rglob("*.mp4"))
    assert not list(out.rglob("videos"))  # sources are never published


INTERRUPTED = """
import signal, sys
from pathlib import Path
from types import SimpleNamespace
from kasdikdas.media.cache import MediaCache
from kasdikdas.media.inspect import Source, cached_probe
from kasdikdas.media.pipeline import prepare_media
from kasdikdas.state import with_defaults
cache = MediaCache(Path({cache!r}))
settings = with_defaults({{"VIDEO_WORKERS": 2, "VIDEO_X264_PRESET": "veryslow",
                            "VIDEO_FFMPEG": {wrapper!r}}})
sources = []
for clip in {clips!r}:
    sha = cache.file_hash(Path(clip))
    sources.append(Source(SimpleNamespace(slug=Path(clip).stem, poster=None), Path(clip), sha,
                          cached_probe(cache, {ffmpeg!r}, Path(clip), sha)))
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # as the live preview stops
prepare_media(sources, settings, Path("."), cache=cache)
"""


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_a_stop_ends_the_encodes_at_once_and_leaves_no_half_written_file(tmp_path, counted, stop):
    wrapper, runs = counted
    clips = [str(make(tmp_path / f"lama{i}.mp4", two_colour(854, 480, 20, rate=24 + i), tone(20),
                      vcodec="libx264", preset="ultrafast", acodec="aac"))
             for i in range(4)]  # four different clips: four jobs
    cache = tmp_path / "cache"
    script = INTERRUPTED.format(cache=str(cache), clips=clips, ffmpeg=FFMPEG, wrapper=str(wrapper))
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(list((cache / "work").glob(".tmp-*"))) < 2:  # both workers have a clip
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    time.sleep(1.5)
    os.killpg(proc.pid, stop)  # Ctrl-C in a terminal; `kill` of a preview and its group
    # At once, not after the clips under way (a hang guard: a clip here takes ~15 s more)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    assert proc.returncode != 0 or stop == signal.SIGTERM
    # Two workers had a clip each; the clips queued behind them were never started
    # (a worker that only reported the interruption would take the next one).
    read = {clip for clip in clips if any(f"file:{clip}" in run for run in encodes_or_cuts(runs()))}
    assert len(read) == 2, read
    time.sleep(1)
    group = subprocess.run(["ps", "-o", "stat=,args=", "-g", str(proc.pid)],
                           capture_output=True, text=True).stdout.splitlines()
    # Z: ended, waiting for a parent to reap it (this machine's init does not reap orphans)
    assert [line for line in group if not line.startswith("Z")] == [], "outlived the stop"
    assert not list(cache.rglob(".tmp-*"))
    for finished in (cache / "enc").glob("*.mp4"):  # whatever did finish is whole
        assert probe(FFMPEG, finished).duration == pytest.approx(20, abs=0.2)


def encodes_or_cuts(runs: list[str]) -> list[str]:
    """Every run that reads a source clip (mezzanine cuts and encodes), not the checks."""
    return [r for r in not_checks(runs) if "file:" in r]
