"""`invoke sosmed` (issue 25): the office's social media kit from short generated clips, a
landscape one with captions and a portrait one already on Instagram. The vertical video
probed with the pinned ffmpeg (720×1280, H.264 High + AAC-LC, duration, ≤ 30 fps,
faststart, no metadata, bytes), its frames read to see that no text touches the picture
and that captions show only while spoken; the cover; each caption within its platform's
limits; the queue; recording a posted URL changes only the `social:` block, updates the
queue and the page."""

from __future__ import annotations

import csv
import shutil
import subprocess

import ffmpeg
import pytest
from PIL import Image

from kasdikdas.build import build_site, pelican_settings
from kasdikdas.media.probe import probe
from kasdikdas.sosmed.captions import LIMITS, MAX_HASHTAGS, x_length
from kasdikdas.sosmed.command import main
from kasdikdas.sosmed.layout import layout_for
from kasdikdas.sosmed.record import set_social
from kasdikdas.state import with_defaults
from support import CONTENT, ROOT
from support.videoclips import FFMPEG, describe, make, metadata_keys, tone, top_level_boxes

LANDSCAPE, PORTRAIT = "20300001-uji-lanskap", "20300002-uji-potret"
ADDRESS = "https://kas.example.id"
CUES = [(0.5, 1.8, "Halo dari kelas lima"), (2.6, 3.4, "Terima kasih")]
SHOWCASE = """---
title: {title}
date: {date}
school: "{npsn}"
category: kreativitas-siswa
video: videos/{slug}.mp4
{extra}summary: Uji kit media sosial.
tags: [seni, budaya]
consent: true
---
Isi kiprah.
"""


def green(width: int, height: int, seconds: float):
    return ffmpeg.input(f"color=c=0x00c000:size={width}x{height}:rate=25", f="lavfi",
                        t=seconds)


def vtt(cues) -> str:
    def stamp(t):
        return f"00:00:{int(t):02d}.{round(t % 1 * 1000):03d}"
    return "WEBVTT\n\n" + "\n".join(f"{stamp(a)} --> {stamp(b)}\n{text}\n" for a, b, text in cues)


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    root = tmp_path_factory.mktemp("sosmed")
    content = root / "content"
    shutil.copytree(CONTENT / "data", content / "data")
    (content / "kiprah").mkdir()
    (content / "videos").mkdir()
    make(content / f"videos/{LANDSCAPE}.mp4", green(640, 360, 4), tone(4), vcodec="libx264",
         pix_fmt="yuv420p")
    make(content / f"videos/{PORTRAIT}.mp4", green(360, 640, 3), vcodec="libx264",
         pix_fmt="yuv420p")
    (content / f"videos/{LANDSCAPE}.vtt").write_text(vtt(CUES), encoding="utf-8")
    (content / f"kiprah/{LANDSCAPE}.md").write_text(SHOWCASE.format(
        title="Gamelan Cilik Kelas Lima", date="2025-02-01", npsn="20300001", slug=LANDSCAPE,
        extra=f"captions: videos/{LANDSCAPE}.vtt\n"), encoding="utf-8")
    (content / f"kiprah/{PORTRAIT}.md").write_text(SHOWCASE.format(
        title="Senam Pagi", date="2025-01-15", npsn="20300002", slug=PORTRAIT,
        extra="social:\n  instagram: https://www.instagram.com/p/sudah/\n"), encoding="utf-8")
    overrides = {"PATH": str(content), "SITEURL": ADDRESS, "VIDEO_MIN_SECONDS": 1.0,
                 "VIDEO_CACHE_PATH": str(root / "cache"), "CACHE_PATH": str(root / "pelican")}
    settings = with_defaults(pelican_settings(ROOT / "publishconf.py", **overrides))
    folder = root / "kit"
    assert main(settings, folder, progress=False) == 0
    return root, content, folder, settings, overrides


def frame_at(path, seconds: float) -> Image.Image:
    raw = subprocess.run([FFMPEG, "-v", "error", "-ss", str(seconds), "-i", str(path),
                          "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return Image.frombytes("RGB", (720, 1280), raw)


def bright(image: Image.Image, box) -> int:
    """Pixels that are text (white or the yellow school line), not the green picture
    or its darkened backdrop."""
    region = image.crop((box.left, box.top, box.right, box.bottom))
    return sum(1 for r, g, b in region.get_flattened_data() if r > 200 and g > 170)


def picture_is_untouched(image: Image.Image, box) -> bool:
    inner = image.crop((box.left + 4, box.top + 4, box.right - 4, box.bottom - 4))
    return all(r < 60 and g > 150 and b < 60 for r, g, b in inner.get_flattened_data())


@pytest.mark.parametrize("slug, size, seconds, has_sound", [
    (LANDSCAPE, (640, 360), 4.0, True), (PORTRAIT, (360, 640), 3.0, False)])
def test_the_vertical_video_fits_every_platform(kit, slug, size, seconds, has_sound):
    _, _, folder, _, _ = kit
    video = folder / slug / f"{slug}-vertikal.mp4"
    found = probe(FFMPEG, video)
    assert (found.width, found.height) == (720, 1280)
    assert found.video_codec == "h264" and found.audio_codec == "aac"  # silence when none
    assert abs(found.duration - seconds) < 0.2 and found.fps <= 30
    text = describe(video)
    assert "h264 (High)" in text and "aac (LC)" in text, text
    assert top_level_boxes(video).index("moov") < top_level_boxes(video).index("mdat")
    assert video.stat().st_size <= 15_000_000
    allowed = {"major_brand", "minor_version", "compatible_brands", "handler_name", "vendor_id"}
    assert metadata_keys(text) <= allowed, metadata_keys(text)  # no tags: no encoder, no GPS
    layout = layout_for(*size)
    assert layout.picture.width == 720 if size[0] > size[1] else layout.picture.height == 680
    frame = frame_at(video, 1.0)
    assert picture_is_untouched(frame, layout.picture)  # no text over the picture
    assert bright(frame, layout.top) > 500 and bright(frame, layout.bottom) > 200
    cover = folder / slug / f"{slug}-sampul.jpg"
    with Image.open(cover) as image:
        assert image.format == "JPEG" and image.size == (1080, 1920)
        assert not {"exif", "icc_profile"} & set(image.info)
        assert picture_is_untouched(image.convert("RGB"), layout_for(*size, 1.5).picture)


def test_captions_are_burned_in_only_while_spoken(kit):
    _, _, folder, _, _ = kit
    video = folder / LANDSCAPE / f"{LANDSCAPE}-vertikal.mp4"
    box = layout_for(640, 360).captions
    spoken, silent = frame_at(video, 1.0), frame_at(video, 2.2)
    assert bright(spoken, box) > 300 and bright(silent, box) == 0
    portrait = frame_at(folder / PORTRAIT / f"{PORTRAIT}-vertikal.mp4", 1.0)
    assert bright(portrait, layout_for(360, 640).captions) == 0  # no captions: none drawn


def test_each_caption_is_within_its_platform_limits(kit):
    _, _, folder, _, _ = kit
    address = f"{ADDRESS}/kiprah/{LANDSCAPE}/"
    texts = {p.stem.removeprefix("keterangan-"): p.read_text(encoding="utf-8").strip()
             for p in (folder / LANDSCAPE).glob("keterangan-*.txt")}
    assert set(texts) == {"instagram", "facebook", "tiktok", "x", "youtube", "youtube-deskripsi"}
    for platform in ("instagram", "facebook", "tiktok"):
        text = texts[platform]
        assert len(text) <= LIMITS[platform] and address in text
        tags = [w for w in text.split() if w.startswith("#")]
        assert 0 < len(tags) <= MAX_HASHTAGS
        assert {"#KasDikdas", "#DisdikBlora", "#SDBlora", "#KreativitasSiswa", "#Blora",
                "#Seni"} <= set(tags), tags
    assert x_length(texts["x"]) <= LIMITS["x"] and address in texts["x"]
    assert len(texts["youtube"]) <= LIMITS["youtube"] and texts["youtube"].endswith("#Shorts")


def test_the_queue_lists_what_is_not_yet_posted_oldest_first(kit):
    _, _, folder, _, _ = kit
    with open(folder / "antrian.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["kiprah"] for r in rows] == [PORTRAIT, LANDSCAPE]  # 15 January before February
    assert rows[0]["belum_diunggah"].split() == ["facebook", "youtube", "tiktok"]
    assert rows[1]["belum_diunggah"].split() == ["instagram", "facebook", "youtube", "tiktok"]
    for row in rows:
        assert (folder / row["video"]).is_file() and (folder / row["sampul"]).is_file()


def test_a_second_run_encodes_nothing(kit):
    _, _, folder, settings, _ = kit
    video = folder / LANDSCAPE / f"{LANDSCAPE}-vertikal.mp4"
    before = video.stat().st_ino, video.stat().st_mtime_ns
    assert main(settings, folder, progress=False) == 0
    cached = list((kit[0] / "cache" / "sosmed").glob("*.mp4"))
    assert len(cached) == 2
    assert video.stat().st_mtime_ns == before[1]  # the same cached file, linked again


def test_recording_a_posted_url_updates_the_file_the_queue_and_the_page(kit):
    root, content, folder, settings, overrides = kit
    md = content / f"kiprah/{PORTRAIT}.md"
    before = md.read_bytes()
    url = "https://www.facebook.com/disdikblora/videos/123/"
    assert main(settings, folder, catat=PORTRAIT, platform="facebook", url=url) == 0
    after = md.read_bytes()
    assert after == before.replace(b"  instagram: https://www.instagram.com/p/sudah/\n",
                                   b"  instagram: https://www.instagram.com/p/sudah/\n"
                                   b'  facebook: "' + url.encode() + b'"\n')
    with open(folder / "antrian.csv", encoding="utf-8", newline="") as stream:
        rows = {r["kiprah"]: r["belum_diunggah"].split() for r in csv.DictReader(stream)}
    assert rows[PORTRAIT] == ["youtube", "tiktok"]
    assert main(settings, folder, catat=PORTRAIT, platform="instagram", url="http://x") == 1
    assert md.read_bytes() == after  # refused: nothing written
    out = root / "output"
    build_site(ROOT / "pelicanconf.py", out, **overrides)
    html = (out / f"kiprah/{PORTRAIT}/index.html").read_text(encoding="utf-8")
    assert ('Juga di <a href="https://www.instagram.com/p/sudah/" rel="noopener">Instagram</a>, '
            f'<a href="{url}" rel="noopener">Facebook</a>') in html


@pytest.mark.fast
def test_set_social_changes_only_the_social_block():
    base = "---\ntitle: A\nsocial:\n  instagram: https://i.example/1\n# catatan\ninnovation:\n" \
           "  name: X\n---\nTeks social: tetap\n"
    changed = set_social(base, "tiktok", "https://t.example/2")
    assert changed == base.replace("  instagram: https://i.example/1\n",
                                   '  instagram: https://i.example/1\n  tiktok: "https://t.example/2"\n')
    again = set_social(changed, "instagram", "https://i.example/3")
    assert again == changed.replace("  instagram: https://i.example/1\n",
                                    '  instagram: "https://i.example/3"\n')
    bare = "---\r\ntitle: A\r\ninnovation:\r\n  name: X\r\n---\r\nIsi\r\n"
    assert set_social(bare, "youtube", "https://y.example/4") == bare.replace(
        "innovation:\r\n", 'social:\r\n  youtube: "https://y.example/4"\r\ninnovation:\r\n')
    flow = "---\ntitle: A\nsocial: {}\ndate: 2025-01-01\n---\n"
    assert set_social(flow, "facebook", "https://f.example/5") == flow.replace(
        "social: {}\n", 'social:\n  facebook: "https://f.example/5"\n')
    with pytest.raises(ValueError):
        set_social(base, "myspace", "https://m.example/")


@pytest.mark.parametrize("stop", [KeyboardInterrupt, ValueError], ids=["ctrl-c", "a-bug"])
def test_a_stop_during_the_vertical_encode_leaves_no_ffmpeg_running(stop):
    """The progress callback raising (Ctrl-C reaches it, or a bug in it) kills ffmpeg."""
    import os

    from kasdikdas.sosmed.video import run_with_progress

    marker = "testsrc=duration=600:size=322x242:rate=30"  # ten minutes read in real time (-re)
    args = [FFMPEG, "-hide_banner", "-nostdin", "-re", "-f", "lavfi", "-i", marker, "-f", "null", "-"]
    seen = []

    def advance(seconds):
        seen.append(seconds)
        if sum(seen) > 1:
            raise stop()

    with pytest.raises(stop):
        run_with_progress(args, 600, advance, time_limit=300)

    def running() -> list[str]:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(pid)
        return found

    assert running() == []  # killed and reaped before the error went on, not left to die later
