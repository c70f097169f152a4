"""The 30–60 s rule and bad sources, as an editor sees them (invoke check and the build)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kasdikdas.state import with_defaults
from kasdikdas.model.problems import ContentError
from kasdikdas.media.checks import duration_problem
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content, check_videos
from kasdikdas.media.probe import Probe, ProbeError, parse

from support import CONTENT
from support.videoclips import make, tone, two_colour

SETTINGS = with_defaults({})
SHOWCASE = """---
title: Uji Video {name}
date: 2024-10-11
school: "20300001"
category: kegiatan-sekolah
video: {video}
summary: Uji aturan video.
consent: true
---
Penjelasan singkat.
"""


def probe_of(seconds: float) -> Probe:
    return Probe(duration=seconds, width=320, height=180, rotation=0, fps=30, video_codec="h264",
                 container="mp4", audio_codec=None, audio_channels=0, audio_rate=0,
                 coded_width=320, coded_height=180)


def showcase_of(root: Path, source_path: str):
    """The real resolved showcase of a file written under `root` (it keeps its lines)."""
    (root / "videos").mkdir(exist_ok=True)
    (root / "videos/a.mp4").write_bytes(b"not probed here")
    (showcase,) = [s for s in check_content(root, load_registry(CONTENT / "data/kecamatan.yml",
                                                                 CONTENT / "data/schools.yml"))[0]
                   if s.source_path == source_path]
    return showcase


@pytest.mark.parametrize("seconds, verdict", [
    (29.4, "terlalu pendek"), (29.6, None), (30.0, None), (45.0, None), (60.0, None),
    (60.5, None), (60.6, "terlalu panjang"), (75.0, "terlalu panjang"), (3.0, "terlalu pendek"),
])
def test_duration_rule_with_tolerance(tmp_path, seconds, verdict):
    (tmp_path / "kiprah").mkdir()
    (tmp_path / "kiprah/a.md").write_text(SHOWCASE.format(name="a", video="videos/a.mp4"))
    problem = duration_problem(showcase_of(tmp_path, "kiprah/a.md"), probe_of(seconds), SETTINGS)
    if verdict is None:
        assert problem is None
    else:
        assert verdict in problem.message and problem.field == "video" and problem.line == 6
        assert "30–60 detik" in problem.message


def test_tolerance_is_a_setting(tmp_path):
    (tmp_path / "kiprah").mkdir()
    (tmp_path / "kiprah/a.md").write_text(SHOWCASE.format(name="a", video="videos/a.mp4"))
    showcase = showcase_of(tmp_path, "kiprah/a.md")
    strict = {**SETTINGS, "VIDEO_TOLERANCE_SECONDS": 0.0}
    assert duration_problem(showcase, probe_of(29.9), strict) is not None
    assert duration_problem(showcase, probe_of(29.9), SETTINGS) is None


OLD_FFMPEG = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'IMG_0001.MOV':
  Metadata:
    creation_time   : 2019-05-01T08:00:00.000000Z
    com.apple.quicktime.location.ISO6709: +37.7749-122.4194+010.000/
  Duration: 00:00:41.52, start: 0.000000, bitrate: 11043 kb/s
    Stream #0:0(und): Video: hevc (Main) (hvc1 / 0x31637668), yuv420p(tv, bt709), 1920x1080, 10911 kb/s, 29.98 fps, 30 tbr, 600 tbn, 600 tbc (default)
    Metadata:
      rotate          : 90
      creation_time   : 2019-05-01T08:00:00.000000Z
    Side data:
      displaymatrix: rotation of -90.00 degrees
    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 125 kb/s (default)
    Stream #0:2(und): Data: none (mebx / 0x7862656D), 0 kb/s (default)
Stream mapping:
"""


def test_parse_older_ffmpeg_phone_output():
    found = parse(OLD_FFMPEG)
    assert (found.width, found.height, found.rotation) == (1080, 1920, 90)
    assert found.duration == pytest.approx(41.52)
    assert (found.video_codec, found.fps, found.audio_channels) == ("hevc", 29.98, 2)


def test_parse_cover_art_is_not_the_video():
    text = OLD_FFMPEG.replace("Video: hevc", "Video: mjpeg (Baseline), yuvj420p, 300x300, 90k tbr (attached pic)\n"
                              "    Stream #0:3: Video: hevc", 1)
    assert parse(text).video_codec == "hevc"


def test_parse_non_square_pixels():
    text = ("Input #0, mpegts, from 'x.ts':\n  Duration: 00:00:31.00, start: 1.4, bitrate: 1 kb/s\n"
            "  Stream #0:0[0x100]: Video: h264 (Main), yuv420p, 720x576 [SAR 64:45 DAR 16:9], 25 fps, 25 tbr\n")
    found = parse(text)
    assert (found.width, found.height) == (1024, 576)


def test_parse_refuses_what_is_not_a_video():
    with pytest.raises(ProbeError) as info:
        parse("Error opening input file x.mp4.\nInvalid data found when processing input\n")
    assert info.value.kind == "not_video"
    with pytest.raises(ProbeError) as info:
        parse("Input #0, mov,mp4, from 'a.m4a':\n  Duration: 00:00:31.00\n  Stream #0:0: Audio: aac (LC), 44100 Hz, mono\n")
    assert info.value.kind == "no_video_stream"


@pytest.fixture(scope="session")
def bad_videos(tmp_path_factory):
    """Real files: too short, too long (tiny and slow to keep encoding fast), broken ones."""
    d = tmp_path_factory.mktemp("bad")
    tiny = dict(vcodec="libx264", preset="ultrafast", acodec="aac")
    files = {
        "pendek.mp4": make(d / "pendek.mp4", two_colour(64, 36, 25, rate=5), tone(25), **tiny),
        "panjang.mp4": make(d / "panjang.mp4", two_colour(64, 36, 65, rate=5), tone(65), **tiny),
        "pas.mp4": make(d / "pas.mp4", two_colour(64, 36, 31, rate=5), tone(31), **tiny),
        "suara.m4a": make(d / "suara.m4a", tone(31), None, acodec="aac"),
    }
    whole = files["pas.mp4"].read_bytes()
    (d / "rusak.mp4").write_bytes(whole[: len(whole) // 3])  # moov is at the end: cut off
    (d / "catatan.mp4").write_text("ini bukan video, hanya catatan\n")
    files["rusak.mp4"], files["catatan.mp4"] = d / "rusak.mp4", d / "catatan.mp4"
    return files


def write_showcases(site, bad_videos, names):
    for name in names:
        target = site.content / "videos" / name
        target.write_bytes(bad_videos[name].read_bytes())
        stem = Path(name).stem
        site.write(f"kiprah/20300001-uji-{stem}.md", SHOWCASE.format(name=stem, video=f"videos/{name}"))


EXPECTED = {
    "pendek.mp4": "terlalu pendek",
    "panjang.mp4": "terlalu panjang",
    "rusak.mp4": "rusak atau terpotong",
    "catatan.mp4": "bukan berkas video",
    "suara.m4a": "bukan berkas video yang diterima (jenis `.m4a`)",
}


def test_check_reports_every_bad_video_by_file_and_field(site, bad_videos, tmp_path):
    import tasks

    write_showcases(site, bad_videos, list(EXPECTED) + ["pas.mp4"])
    showcases, problems = tasks.check_problems(site.content)
    assert not [p for p in problems if p.field != "video"]
    by_file = {Path(p.path).name: p for p in problems}
    assert set(by_file) == {f"20300001-uji-{Path(n).stem}.md" for n in EXPECTED}
    for name, words in EXPECTED.items():
        problem = by_file[f"20300001-uji-{Path(name).stem}.md"]
        assert words in problem.message and problem.line == 6 and problem.hint
        assert str(problem).startswith(f"{problem.path}:6: video: ")


def test_size_limit(site, bad_videos, tmp_path):
    write_showcases(site, bad_videos, ["pas.mp4"])
    from kasdikdas.validate import check_content

    import tasks

    showcases, _ = check_content(site.content, tasks._registry(site.content))
    ours = [s for s in showcases if s.video.path == "videos/pas.mp4"]
    limit = bad_videos["pas.mp4"].stat().st_size - 1
    problems = check_videos(ours, site.content, {"VIDEO_MAX_SOURCE_BYTES": limit,
                                                 "VIDEO_CACHE_PATH": str(tmp_path / "c")})
    assert len(problems) == 1 and "terlalu besar" in problems[0].message


def test_build_refuses_bad_videos_all_at_once(site, bad_videos):
    write_showcases(site, bad_videos, ["pendek.mp4", "catatan.mp4"])
    with pytest.raises(ContentError) as info:
        site.build()
    assert len(info.value.problems) == 2
    assert {p.field for p in info.value.problems} == {"video"}
    assert not site.output.exists()


def test_a_clip_damaged_in_the_middle_is_never_published(site, bad_videos, tmp_path):
    # moov first (as phones and WhatsApp write), then the data cut off: probing sees 31 s,
    # decoding stops half way and ffmpeg still exits 0
    whole = make(tmp_path / "utuh.mp4", two_colour(64, 36, 31, rate=5), tone(31),
                 vcodec="libx264", preset="ultrafast", acodec="aac", movflags="+faststart").read_bytes()
    for md in (site.content / "kiprah").glob("*.md"):
        md.unlink()
    site.write("videos/setengah.mp4", "")
    (site.content / "videos/setengah.mp4").write_bytes(whole[: len(whole) // 2])
    site.write("kiprah/20300001-uji-setengah.md", SHOWCASE.format(name="setengah", video="videos/setengah.mp4"))
    with pytest.raises(ContentError) as info:
        site.build(VIDEO_CACHE_PATH=str(tmp_path / "cache"))
    (problem,) = info.value.problems
    assert problem.path.endswith("20300001-uji-setengah.md") and problem.field == "video"
    assert "tidak bisa diubah" in problem.message and "dari 31" in problem.message
    assert not site.output.exists()


def test_unreadable_editor_poster_is_reported_on_its_field(site, tmp_path):
    site.write("images/rusak.jpg", "\xff\xd8 bukan gambar")
    md = site.content / "kiprah/20300001-gamelan-cilik.md"
    md.write_text(md.read_text().replace("consent: true", "consent: true\nposter: images/rusak.jpg"))
    poster_line = md.read_text().splitlines().index("poster: images/rusak.jpg") + 1
    import tasks

    _, problems = tasks.check_problems(site.content)
    (problem,) = problems
    assert problem.field == "poster" and problem.path.endswith("20300001-gamelan-cilik.md")
    assert problem.line == poster_line and "bukan gambar" in problem.message
