"""Renditions of sources as phones make them, checked by probing the real output files:
every tier in AV1 + Opus and in H.264 (High) + AAC, both upright, faststart, no metadata."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from kasdikdas.state import with_defaults
from kasdikdas.media.cache import MediaCache
from kasdikdas.media.inspect import Source, cached_probe
from kasdikdas.media.pipeline import prepare_media
from kasdikdas.media.probe import probe

from support.videoclips import (
    FFMPEG, GPS, describe, keyframe_times, make, metadata_keys, set_rotation, tone,
    top_level_boxes, two_colour,
)

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

SECONDS = 3


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    d = tmp_path_factory.mktemp("clips")
    landscape = make(d / "landscape.mp4", two_colour(320, 180, SECONDS), tone(SECONDS),
                     vcodec="libx264", acodec="aac", pix_fmt="yuv420p")
    made = {
        # sensor landscape, shown portrait: the display matrix a phone writes (-90 = turn clockwise)
        "portrait-meta": set_rotation(landscape, d / "portrait-meta.mp4", -90),
        "hevc-mov": make(d / "hevc.mov", two_colour(320, 180, SECONDS), tone(SECONDS),
                         vcodec="libx265", acodec="aac", **{"tag:v": "hvc1", "x265-params": "log-level=none"}),
        "vp9-webm": make(d / "vp9.webm", two_colour(320, 180, SECONDS), tone(SECONDS, "mono", 48000),
                         vcodec="libvpx-vp9", acodec="libopus", deadline="realtime", **{"cpu-used": 8}),
        "no-audio": make(d / "silent.mp4", two_colour(320, 180, SECONDS), None, vcodec="libx264"),
        "surround": make(d / "surround.mkv", two_colour(320, 180, SECONDS), tone(SECONDS, "5.1", 48000),
                         vcodec="libx264", acodec="aac"),
        # variable frame rate: 30 fps for a second, then every third frame only
        "vfr": make(d / "vfr.mp4", two_colour(320, 180, SECONDS).filter(
            "select", "lt(t,1)+not(mod(n,3))"), tone(SECONDS), vcodec="libx264", acodec="aac",
            fps_mode="vfr"),
        "phone-3gp": make(d / "phone.3gp", two_colour(176, 144, SECONDS, rate=15),
                          tone(SECONDS, "mono", 8000), vcodec="libx264", acodec="aac", f="3gp"),
        # 10-bit HLG HEVC, as recent iPhones record by default
        "hdr-hlg": make(d / "hlg.mov", two_colour(320, 180, SECONDS).filter("format", "yuv420p10le"),
                        tone(SECONDS), vcodec="libx265", acodec="aac", color_primaries="bt2020",
                        color_trc="arib-std-b67", colorspace="bt2020nc", **{
                            "tag:v": "hvc1", "x265-params": "log-level=none:colorprim=bt2020:"
                            "transfer=arib-std-b67:colormatrix=bt2020nc"}),
        "hd": make(d / "hd.mp4", two_colour(854, 480, SECONDS), tone(SECONDS),
                   vcodec="libx264", acodec="aac", pix_fmt="yuv420p", preset="ultrafast"),
    }
    return made


@pytest.fixture(scope="session")
def encoded(clips, tmp_path_factory):
    """Every clip through the real pipeline once (2 workers, a fresh cache)."""
    cache = MediaCache(tmp_path_factory.mktemp("video-cache"))
    settings = with_defaults({"VIDEO_WORKERS": 2})
    sources = []
    for name, path in clips.items():
        sha = cache.file_hash(path)
        showcase = SimpleNamespace(slug=name, poster=None)
        sources.append(Source(showcase, path, sha, cached_probe(cache, FFMPEG, path, sha)))
    media = prepare_media(sources, settings, content_root=path.parent, cache=cache)
    return {name: (item, {url: Path(p) for url, p in item.files}) for name, item in media.items()}


def rendition_files(encoded, name):
    media, files = encoded[name]
    return [(r, files[r.url]) for r in media.renditions]


ALL = ["portrait-meta", "hevc-mov", "vp9-webm", "no-audio", "surround", "vfr", "phone-3gp", "hdr-hlg",
       "hd"]


def test_probe_reads_what_phones_write(clips):
    portrait = probe(FFMPEG, clips["portrait-meta"])
    assert (portrait.width, portrait.height, portrait.rotation) == (180, 320, 90)
    assert probe(FFMPEG, clips["hevc-mov"]).video_codec == "hevc"
    vp9 = probe(FFMPEG, clips["vp9-webm"])
    assert (vp9.video_codec, vp9.audio_codec, vp9.audio_channels) == ("vp9", "opus", 1)
    assert probe(FFMPEG, clips["no-audio"]).has_audio is False
    assert probe(FFMPEG, clips["surround"]).audio_channels == 6
    phone = probe(FFMPEG, clips["phone-3gp"])
    assert (phone.width, phone.height, phone.fps) == (176, 144, 15)
    for name in ALL:
        assert probe(FFMPEG, clips[name]).duration == pytest.approx(SECONDS, abs=0.1)


VIDEO_TEXT = {"av1": r"Video: av1 \([^)]*\) \(Main\)", "h264": r"Video: h264 \(High\)"}
AUDIO_TEXT = {"av1": r"Audio: opus", "h264": r"Audio: aac \(LC\)"}


@pytest.mark.parametrize("name", ALL)
def test_every_tier_comes_in_av1_opus_then_h264_aac_mp4_faststart(encoded, clips, name):
    source = probe(FFMPEG, clips[name])
    media = encoded[name][0]
    assert [r.codec for r in media.renditions] == ["av1", "h264"] * len(media.tiers)
    for rendition, path in rendition_files(encoded, name):
        text = describe(path)
        found = probe(FFMPEG, path)
        assert found.video_codec == rendition.codec
        assert re.search(VIDEO_TEXT[rendition.codec], text), text
        assert ("av01" if rendition.codec == "av1" else "avc1.64") in rendition.mime
        assert "yuv420p" in text
        assert found.rotation == 0
        assert (found.width, found.height) == (rendition.width, rendition.height)
        assert found.duration == pytest.approx(source.duration, abs=0.15)
        assert rendition.bytes == path.stat().st_size
        boxes = top_level_boxes(path)
        assert boxes.index("moov") < boxes.index("mdat"), boxes
        if source.has_audio:
            assert re.search(AUDIO_TEXT[rendition.codec], text), text
            assert found.audio_channels in (1, 2)
        else:
            assert found.audio_codec is None


def test_each_rendition_keeps_its_quality_search(encoded):
    """The search's steps and chosen CRF are cached next to every rendition."""
    import json

    for rendition, path in rendition_files(encoded, "hd"):
        info = json.loads(path.with_suffix(".json").read_text())
        steps = info["search"]["steps"]
        assert len(steps) >= 2 and info["search"]["crf"] in [step[0] for step in steps]
        assert all(0 < vmaf <= 100 and kbps > 0 for _, vmaf, kbps in steps)
        assert info["bytes"] == rendition.bytes


@pytest.mark.parametrize("name", ALL)
def test_renditions_carry_no_metadata(encoded, name):
    allowed = {"major_brand", "minor_version", "compatible_brands", "handler_name", "vendor_id"}
    for _, path in rendition_files(encoded, name):
        keys = metadata_keys(describe(path))
        assert keys <= allowed, keys
        data = path.read_bytes()
        assert GPS.encode() not in data and b"\xa9xyz" not in data


def test_portrait_by_metadata_comes_out_upright(encoded):
    renditions = rendition_files(encoded, "portrait-meta")
    assert [r.codec for r, _ in renditions] == ["av1", "h264"]
    for rendition, path in renditions:
        assert (rendition.width, rendition.height) == (180, 320)  # portrait, never upscaled
        frame = frame_at(path, 1.0, rendition.width, rendition.height)
        top = frame.crop((0, 0, 180, 140)).resize((1, 1)).getpixel((0, 0))
        bottom = frame.crop((0, 180, 180, 320)).resize((1, 1)).getpixel((0, 0))
        # the source's left (red) half is the top of the upright picture
        assert top[0] > 150 and top[2] < 100, (rendition.codec, top)
        assert bottom[2] > 150 and bottom[0] < 100, (rendition.codec, bottom)


def frame_at(path, seconds, width, height) -> Image.Image:
    import ffmpeg

    from kasdikdas.media import commands

    args = (ffmpeg.input(str(path), ss=seconds).output("-", f="rawvideo", pix_fmt="rgb24", vframes=1)
            .global_args(*commands.QUIET).compile(cmd=FFMPEG))
    return Image.frombytes("RGB", (width, height), commands.run(args, stdout=True).stdout)


def test_hdr_is_tone_mapped_to_ordinary_video(clips, encoded):
    assert probe(FFMPEG, clips["hdr-hlg"]).hdr
    for rendition, path in rendition_files(encoded, "hdr-hlg"):
        assert "yuv420p(" in describe(path) and "10le" not in describe(path)
        frame = frame_at(path, 1.0, rendition.width, rendition.height)
        red = frame.crop((0, 0, 150, 180)).resize((1, 1)).getpixel((0, 0))
        assert red[0] > 120 and red[1] < 80 and red[2] < 80, (rendition.codec, red)  # not washed out


def test_tiers_only_where_the_source_has_the_resolution(encoded):
    qualities = {name: [first.quality for first, _ in encoded[name][0].tiers] for name in ALL}
    assert qualities["hd"] == ["240p", "360p", "480p"]
    assert qualities["hevc-mov"] == ["180p"]  # 320x180: no upscale to 240p
    assert qualities["phone-3gp"] == ["144p"]
    hd = encoded["hd"][0]
    assert [(r.width, r.height) for r in hd.renditions] == [
        (428, 240), (428, 240), (640, 360), (640, 360), (854, 480), (854, 480)]
    assert hd.default.tier == "hemat" and hd.default.label == "Hemat data"
    assert hd.default.codec == "h264"  # links and downloads: every player opens it
    assert [r.codec for r in hd.sources] == ["av1", "h264"] and hd.sources[1] == hd.default


def test_vfr_source_becomes_constant_rate_with_the_tiers_keyframes(encoded):
    tiers = {tier.slug: tier for tier in with_defaults({})["VIDEO_TIERS"]}
    for rendition, path in rendition_files(encoded, "vfr"):
        assert probe(FFMPEG, path).fps == 30
        every = tiers[rendition.tier].target(rendition.codec).keyframe_seconds  # hemat: 10 s
        expected = [float(t) for t in range(0, SECONDS * 10, every) if t < SECONDS - 0.05]
        assert keyframe_times(path) == pytest.approx(expected, abs=0.05)


def test_audio_is_downmixed_and_sound_kept(encoded):
    for name in ("surround", "vp9-webm", "phone-3gp"):
        for rendition, path in rendition_files(encoded, name):
            found = probe(FFMPEG, path)
            assert found.audio_codec == {"av1": "opus", "h264": "aac"}[rendition.codec]
            assert found.audio_channels == 1  # hemat: mono


def test_posters_are_small_upright_and_not_black(encoded):
    for name in ALL:
        media, files = encoded[name]
        jpeg, webp = files[media.poster_jpeg], files[media.poster_webp]
        assert jpeg.stat().st_size < 12_000 and webp.stat().st_size < 8_000
        with Image.open(jpeg) as image:
            assert image.size == (media.poster_width, media.poster_height)
            assert (image.height > image.width) == media.portrait
            assert not image.getexif()
            assert max(image.convert("L").getextrema()) > 60
        with Image.open(webp) as image:
            assert image.format == "WEBP" and image.size == (media.poster_width, media.poster_height)
        assert media.placeholder.startswith("data:image/webp;base64,") and len(media.placeholder) < 1000
        assert re.fullmatch(r"#[0-9a-f]{6}", media.placeholder_color)


@pytest.mark.parametrize("rate", ["30", "30000/1001"])
def test_the_quality_search_scores_a_lossless_copy_as_lossless(rate, tmp_path):
    """The search scores an MP4 encode against a Matroska sample (milliseconds): paired
    by time, every third frame of a 30 fps clip met its neighbour and a lossless copy
    scored 82 (29.97 fps: 73), so the search spent bytes on quality it already had.
    Paired by number it scores what it is."""
    import subprocess

    from kasdikdas.media.search import vmaf_score
    from support.videoclips import FFMPEG

    sample, copy = tmp_path / "sampel.mkv", tmp_path / "salinan.mp4"
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i",
                    f"testsrc2=size=320x240:rate={rate}:duration=4", "-c:v", "libx264",
                    "-preset", "ultrafast", "-qp", "0", "-f", "matroska", str(sample)], check=True)
    subprocess.run([FFMPEG, "-v", "error", "-i", str(sample), "-c:v", "libx264", "-qp", "0",
                    str(copy)], check=True)
    by_number = vmaf_score(str(FFMPEG), copy, sample, 320, 240, tmp_path, subsample=1)
    by_time = vmaf_score(str(FFMPEG), copy, sample, 320, 240, tmp_path, subsample=1,
                         by_frame=False)
    assert by_number > 99, by_number
    assert by_time < 90, f"{by_time}: ffmpeg pairs by time well now; by_frame may go"
