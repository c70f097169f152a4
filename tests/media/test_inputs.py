"""Videos are videos (issue 23, part 3): a source is read by ffmpeg through the `file`
protocol alone and only by a real video container's demuxer, so a playlist, a concat
list or anything else that pulls other files in is refused by `invoke check` and the
build alike; every ffmpeg call has a time limit scaled to the clip, and a clip that hits
it is named as faulty without its verdict being remembered.

Real ffmpeg (the imageio-ffmpeg wheel), real builds, clips of a few seconds at 64x36.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kasdikdas.state import with_defaults
from kasdikdas.build import build_site
from kasdikdas.media import commands
from kasdikdas.model.paths import display_path
from kasdikdas.model.problems import ContentError
from kasdikdas.model.registry import load_registry
from kasdikdas.media.settings import VideoSettings
from kasdikdas.validate import check_content, check_videos

from support import ROOT
from support.hostile import scratch_content
from support.videoclips import FFMPEG, make, tone, two_colour

SHOWCASE = """---
title: Uji Masukan {stem}
date: 2024-10-11
school: "20300001"
category: kegiatan-sekolah
video: videos/{video}
summary: Video yang sebenarnya bukan video.
consent: true
---
Penjelasan singkat.
"""
VIDEO_LINE = 6
SHORT = {"VIDEO_MIN_SECONDS": 1, "VIDEO_MAX_SECONDS": 60}


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """A clip OUTSIDE content/ (an HLS segment): what a playlist would smuggle into the
    published site."""
    folder = tmp_path_factory.mktemp("di-luar")
    return make(folder / "rahasia.ts", two_colour(64, 36, 3, rate=10), tone(3),
                vcodec="libx264", preset="ultrafast", acodec="aac", f="mpegts")


def playlist(target: Path, clip: Path) -> Path:
    target.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\n{clip}\n"
                      "#EXT-X-ENDLIST\n")
    return target


def corpus(root: Path, outside: Path) -> Path:
    """content/ with one showcase per hostile source and one honest clip."""
    content = scratch_content(root / "content", videos=(), showcases=False)
    videos = content / "videos"
    videos.mkdir()
    make(videos / "jujur.mp4", two_colour(64, 36, 3, rate=10), tone(3), vcodec="libx264",
         preset="ultrafast", acodec="aac")
    playlist(videos / "daftar.m3u8", outside)  # the reproduction
    playlist(videos / "daftar-menyamar.mp4", outside)  # the same text named .mp4
    # ffmpeg's concat list, probed by its first line whatever the name: reads the clip
    # next to it (on main it passed check and build as a clip of its own)
    (videos / "sambungan.mp4").write_text("ffconcat version 1.0\nfile jujur.mp4\nfile jujur.mp4\n")
    for stem, video in (("playlist", "daftar.m3u8"), ("menyamar", "daftar-menyamar.mp4"),
                        ("sambungan", "sambungan.mp4"), ("jujur", "jujur.mp4")):
        (content / "kiprah" / f"20300001-{stem}.md").write_text(
            SHOWCASE.format(stem=stem, video=video), encoding="utf-8")
    return content


EXPECTED = {
    "playlist": "`videos/daftar.m3u8` bukan berkas video yang diterima (jenis `.m3u8`)",
    "menyamar": "`videos/daftar-menyamar.mp4` bukan berkas video",
    "sambungan": "`videos/sambungan.mp4` bukan berkas video",
}


def test_check_refuses_playlists_and_lists_whatever_their_name(tmp_path, outside):
    content = corpus(tmp_path, outside)
    registry = load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")
    showcases, problems = check_content(content, registry)
    assert problems == []  # the front matter is fine: only the files are not videos
    problems = check_videos(showcases, content, {**SHORT, "VIDEO_CACHE_PATH": str(tmp_path / "c")})
    by_stem = {Path(p.path).stem.removeprefix("20300001-"): p for p in problems}
    assert set(by_stem) == set(EXPECTED), [str(p) for p in problems]
    for stem, words in EXPECTED.items():
        problem = by_stem[stem]
        shown = display_path(content / "kiprah" / f"20300001-{stem}.md")
        assert str(problem).startswith(f"{shown}:{VIDEO_LINE}: video: "), str(problem)
        assert words in problem.message, problem.message
        assert "mp4" in problem.hint  # what to send instead


def test_the_build_refuses_a_playlist_and_writes_nothing(tmp_path, outside):
    content = corpus(tmp_path, outside)
    for stem in ("menyamar", "sambungan", "jujur"):
        (content / "kiprah" / f"20300001-{stem}.md").unlink()
    output = tmp_path / "output"
    with pytest.raises(ContentError) as info:
        build_site(ROOT / "pelicanconf.py", output, PATH=str(content),
                   CACHE_PATH=str(tmp_path / "cache"), VIDEO_CACHE_PATH=str(tmp_path / "vc"), **SHORT)
    assert [(p.field, p.line) for p in info.value.problems] == [("video", VIDEO_LINE)]
    assert "bukan berkas video yang diterima" in info.value.problems[0].message
    assert not output.exists()


def test_a_concat_list_named_mp4_never_reaches_the_build(tmp_path, outside):
    content = corpus(tmp_path, outside)
    for stem in ("playlist", "menyamar", "jujur"):
        (content / "kiprah" / f"20300001-{stem}.md").unlink()
    with pytest.raises(ContentError) as info:
        build_site(ROOT / "pelicanconf.py", tmp_path / "output", PATH=str(content),
                   CACHE_PATH=str(tmp_path / "cache"), VIDEO_CACHE_PATH=str(tmp_path / "vc"), **SHORT)
    assert "`videos/sambungan.mp4` bukan berkas video" in info.value.problems[0].message
    assert not (tmp_path / "output").exists()


def test_every_source_input_is_a_local_file_read_by_a_video_demuxer(tmp_path):
    """The argument lists themselves: each reading of an editor's file says `file`
    protocol only and the video demuxers only, and after probing forces the probed one."""
    from kasdikdas.media.formats import SOURCE_DEMUXERS

    source = tmp_path / "klip.mp4"
    spec = commands.EncodeSpec(160, 90, 10.0, 100, 32, 1, 44100)
    calls = {
        "probe": commands.probe_args(FFMPEG, source),
        "measure": commands.measure_duration_args(FFMPEG, source, "mov"),
        "mezzanine": commands.mezzanine_args(FFMPEG, source, [(tmp_path / "m.nut", 160, 90, 10.0)],
                                             False, demuxer="mov"),
        "encode": commands.encode_args(FFMPEG, source, tmp_path / "r.mp4", spec, demuxer="mov"),
    }
    for name, args in calls.items():
        position = args.index(f"file:{source}")
        before = args[:position]
        assert before[-1] == "-i", name
        options = dict(zip(before[::1], before[1:]))
        assert options["-protocol_whitelist"] == "file", name
        assert options["-format_whitelist"].split(",") == list(SOURCE_DEMUXERS), name
        if name != "probe":
            assert options["-f"] == "mov", name
        assert str(source) not in [a for a in args if a != f"file:{source}"], name


def test_the_wheel_ffmpeg_knows_the_whitelists():
    """`-format_whitelist` is an option of the pinned ffmpeg (not every old build has it)."""
    help_text = subprocess.run([FFMPEG, "-hide_banner", "-h", "full"], capture_output=True,
                               text=True, timeout=60).stdout
    assert "-format_whitelist" in help_text and "-protocol_whitelist" in help_text


# --- time limits -----------------------------------------------------------------------------

@pytest.fixture
def one_clip(tmp_path):
    content = scratch_content(tmp_path / "content", videos=(), showcases=False)
    (content / "videos").mkdir()
    make(content / "videos" / "jujur.mp4", two_colour(64, 36, 3, rate=10), tone(3),
         vcodec="libx264", preset="ultrafast", acodec="aac")
    (content / "kiprah" / "20300001-jujur.md").write_text(
        SHOWCASE.format(stem="jujur", video="jujur.mp4"), encoding="utf-8")
    return content


def build(content: Path, root: Path, **settings):
    return build_site(ROOT / "pelicanconf.py", root / "output", PATH=str(content),
                      CACHE_PATH=str(root / "cache"), VIDEO_CACHE_PATH=str(root / "vc"),
                      VIDEO_WORKERS=1, **SHORT, **settings)


def test_every_ffmpeg_call_of_a_build_has_a_time_limit(one_clip, tmp_path, monkeypatch):
    """Probe, decode, quality search, encodes, poster: none may run unbounded. On main
    only the probe had a limit (a fixed 120 s)."""
    from kasdikdas.media.settings import ffmpeg_time_limit

    from kasdikdas.media import commands

    calls = []
    real, real_reporting = subprocess.run, commands._run_reporting

    def recording(args, *rest, **kwargs):
        if args and str(args[0]) == FFMPEG:
            calls.append((Path(args[-1]).name, kwargs.get("timeout")))
        return real(args, *rest, **kwargs)

    def recording_reporting(args, timeout, progress):  # the runs that report their progress
        calls.append((Path(args[-1]).name, timeout))
        return real_reporting(args, timeout, progress)

    monkeypatch.setattr(subprocess, "run", recording)
    monkeypatch.setattr(commands, "_run_reporting", recording_reporting)
    build(one_clip, tmp_path)
    assert len(calls) >= 6, calls  # probe, mezzanine, search steps, two encodes, poster
    unbounded = [name for name, timeout in calls if timeout is None]
    assert unbounded == [], unbounded
    video = VideoSettings.read(with_defaults({}))
    assert max(timeout for _, timeout in calls) <= ffmpeg_time_limit(video, 3.1), calls


def test_the_limit_grows_with_the_clip():
    from kasdikdas.media.settings import ffmpeg_time_limit

    video = VideoSettings.read(with_defaults({}))
    assert ffmpeg_time_limit(video, 60) - ffmpeg_time_limit(video, 30) == pytest.approx(
        30 * video.VIDEO_FFMPEG_TIME_PER_SECOND)
    assert ffmpeg_time_limit(video, 0) == video.VIDEO_FFMPEG_TIME_BASE


def test_a_clip_that_hits_the_encode_limit_is_named_and_nothing_is_cached(one_clip, tmp_path):
    # 3 ms per second of clip: no ffmpeg run can finish in that
    with pytest.raises(ContentError) as info:
        build(one_clip, tmp_path, VIDEO_FFMPEG_TIME_BASE=0, VIDEO_FFMPEG_TIME_PER_SECOND=0.001)
    (problem,) = info.value.problems
    shown = display_path(one_clip / "kiprah" / "20300001-jujur.md")
    assert str(problem).startswith(f"{shown}:{VIDEO_LINE}: video: "), str(problem)
    assert "`videos/jujur.mp4` terlalu lama diubah" in problem.message
    assert "batas waktu ffmpeg" in problem.message and "mengirim ulang" in problem.hint
    assert not (tmp_path / "output").exists()
    assert not list((tmp_path / "vc").glob("enc/*.mp4")) and not list((tmp_path / "vc").glob("poster/*"))
    # The limit was the machine's (here: a setting), not a verdict on the clip: with the
    # default limits the same clip builds.
    out = build(one_clip, tmp_path)
    assert list((out / "media" / "20300001-jujur").glob("*.mp4"))


def test_a_probe_that_hits_its_limit_is_named_and_never_remembered(one_clip, tmp_path):
    registry = load_registry(one_clip / "data/kecamatan.yml", one_clip / "data/schools.yml")
    showcases, _ = check_content(one_clip, registry)
    cache = tmp_path / "vc"
    (problem,) = check_videos(showcases, one_clip, {**SHORT, "VIDEO_CACHE_PATH": str(cache),
                                                    "VIDEO_FFMPEG_PROBE_SECONDS": 0.001})
    assert problem.field == "video" and problem.line == VIDEO_LINE
    assert "terlalu lama dibaca ffmpeg" in problem.message and problem.hint
    assert not list(cache.glob("probe/*.json"))  # no verdict kept
    from kasdikdas.media import inspect

    inspect._PROBES.clear()
    assert check_videos(showcases, one_clip, {**SHORT, "VIDEO_CACHE_PATH": str(cache)}) == []


@pytest.mark.parametrize("container", ["hls", "concat", "image2", "tty", "sdp"])
def test_a_probed_container_that_is_not_a_video_is_refused(container):
    """Whatever ffmpeg is configured (VIDEO_FFMPEG may be an older build), a description
    whose demuxer is not a video container's is not a video."""
    from kasdikdas.media.probe import ProbeError, parse

    text = (f"Input #0, {container}, from 'file:/x/klip.mp4':\n"
            "  Duration: 00:00:31.00, start: 0.000000, bitrate: 1 kb/s\n"
            "  Stream #0:0: Video: h264 (High), yuv420p, 320x180, 25 fps, 25 tbr\n")
    with pytest.raises(ProbeError) as info:
        parse(text)
    assert info.value.kind == "container"
    from types import SimpleNamespace

    from kasdikdas.media.checks import probe_problem

    showcase = SimpleNamespace(video=SimpleNamespace(url=None, path="videos/klip.mp4"),
                               shown="content/kiprah/x.md", line_of=lambda field: VIDEO_LINE)
    problem = probe_problem(showcase, info.value)
    assert str(problem).startswith(f"content/kiprah/x.md:{VIDEO_LINE}: video: `videos/klip.mp4` "
                                   f"bukan berkas video biasa (ffmpeg membacanya sebagai `{container}`")
    assert "mp4" in problem.hint
