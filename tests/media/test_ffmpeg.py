"""Which ffmpeg encodes (the wheel's, unless VIDEO_FFMPEG names one, which is checked),
and a probe that failed because of the machine is not remembered as the file's fault."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kasdikdas.state import with_defaults
from kasdikdas.media.cache import MediaCache
from kasdikdas.media.encode import plan_renditions
from kasdikdas.media.ffmpeg_bin import FfmpegUnusable, check_ffmpeg, ffmpeg_build, find_ffmpeg, wheel_ffmpeg
from kasdikdas.media.inspect import cached_probe
from kasdikdas.media.probe import ProbeError, probe

from support.videoclips import FFMPEG, make, tone, two_colour


def script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def old_ffmpeg(folder: Path) -> Path:
    """Looks like Debian 12's ffmpeg 5.1: runs, but lacks libsvtav1 and libvmaf."""
    return script(folder / "ffmpeg", f"""case "$*" in
  *-version*) echo "ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024"; exit 0;;
  *-encoders*) "{FFMPEG}" "$@" | grep -v -e libsvtav1; exit 0;;
  *-filters*) "{FFMPEG}" "$@" | grep -v -e libvmaf; exit 0;;
esac
exec "{FFMPEG}" "$@"
""")


def test_the_wheels_ffmpeg_wins_over_one_on_path(tmp_path, monkeypatch):
    old_ffmpeg(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}:{__import__('os').environ['PATH']}")
    assert find_ffmpeg() == wheel_ffmpeg() != str(tmp_path / "ffmpeg")
    assert check_ffmpeg(find_ffmpeg()).startswith("ffmpeg version")  # the wheel passes


def test_a_configured_ffmpeg_that_falls_short_is_refused_in_indonesian(tmp_path):
    with pytest.raises(FfmpegUnusable) as caught:
        find_ffmpeg(str(old_ffmpeg(tmp_path)))
    message = str(caught.value)
    assert "versinya 5.1" in message and "libsvtav1" in message and "libvmaf" in message
    assert "Hapus VIDEO_FFMPEG" in message
    with pytest.raises(FfmpegUnusable, match="tidak bisa dijalankan"):
        find_ffmpeg(str(tmp_path / "tidak-ada"))


def test_the_ffmpeg_build_is_part_of_every_rendition_key(tmp_path):
    clip = make(tmp_path / "k.mp4", two_colour(320, 180, 2), tone(2), vcodec="libx264",
                preset="ultrafast", acodec="aac")
    found = probe(FFMPEG, clip)
    settings = with_defaults({})
    ours = plan_renditions(found, "sha", settings, ffmpeg_build(FFMPEG))
    other = plan_renditions(found, "sha", settings, "another-build")
    assert [p.codec for p in ours] == ["av1", "h264"]
    assert not {p.key for p in ours} & {p.key for p in other}


def test_a_probe_failed_by_a_broken_ffmpeg_is_not_remembered(tmp_path):
    clip = make(tmp_path / "baik.mp4", two_colour(320, 180, 2), tone(2), vcodec="libx264",
                preset="ultrafast", acodec="aac")
    cache = MediaCache(tmp_path / "cache")
    sha = cache.file_hash(clip)
    # half-installed: answers -version (so the build key is read) but cannot read any video
    broken = script(tmp_path / "ffmpeg-rusak", f"""case "$*" in
  *-version*) exec "{FFMPEG}" "$@";;
esac
echo "error while loading shared libraries: libavcodec.so.61" >&2; exit 127
""")
    with pytest.raises(FfmpegUnusable, match="tidak berfungsi"):
        cached_probe(cache, str(broken), clip, sha)
    assert not list((cache.root / "probe").glob("*.json"))  # nothing remembered
    assert cached_probe(cache, FFMPEG, clip, sha).duration == pytest.approx(2, abs=0.1)


def test_a_damaged_file_is_remembered_as_damaged(tmp_path):
    clip = make(tmp_path / "baik.mp4", two_colour(320, 180, 2), tone(2), vcodec="libx264",
                preset="ultrafast", acodec="aac")
    damaged = tmp_path / "rusak.mp4"
    damaged.write_bytes(clip.read_bytes()[:400])  # the header only: a cut-off upload
    cache = MediaCache(tmp_path / "cache")
    sha = cache.file_hash(damaged)
    with pytest.raises(ProbeError):
        cached_probe(cache, FFMPEG, damaged, sha)
    assert len(list((cache.root / "probe").glob("*.json"))) == 1  # the file's fault: kept
    with pytest.raises(ProbeError):
        cached_probe(cache, FFMPEG, damaged, sha)
