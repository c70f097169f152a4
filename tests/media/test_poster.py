"""Posters: a representative (not black) frame; an editor's image, upright and without EXIF."""

from __future__ import annotations

import pytest
from PIL import Image

from kasdikdas.media.poster import choose_frame, frame_score

from test_cache import small_site

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies


def test_black_and_white_frames_are_never_chosen():
    black = Image.new("RGB", (64, 36), (2, 2, 2))
    white = Image.new("RGB", (64, 36), (250, 250, 250))
    busy = Image.effect_noise((64, 36), 60).convert("RGB")
    flat = Image.new("RGB", (64, 36), (90, 120, 60))
    frames = [black, black, flat, busy, flat, white, white, black, black, black, black, black]
    assert choose_frame(frames) is busy
    assert frame_score(black) < 0 < frame_score(busy)
    assert choose_frame([black, black]) is black  # nothing better: still a poster


def test_poster_from_a_clip_that_starts_black(site, tmp_path):
    from support.videoclips import make, tone, two_colour

    settings = small_site(site, tmp_path, names=("gelap",))
    make(site.content / "videos/gelap.mp4", two_colour(320, 180, 4).filter("fade", t="in", st=0, d=1.5),
         tone(4), vcodec="libx264", preset="ultrafast", acodec="aac")
    out = site.build(**settings)
    jpeg = next((out / "media/20300001-gelap").glob("*-poster-*.jpg"))
    with Image.open(jpeg) as image:
        left = image.crop((0, 0, image.width // 3, image.height)).resize((1, 1)).getpixel((0, 0))
    assert left[0] > 150  # the red half, in full colour: not a frame of the fade


def test_editor_poster_goes_through_pillow_without_exif(site, tmp_path):
    settings = small_site(site, tmp_path, names=("sampul",))
    original = Image.new("RGB", (400, 300), (200, 30, 30))
    original.paste((30, 30, 200), (0, 0, 400, 60))  # a blue band along the stored top edge
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90° clockwise, as phones store portrait photos
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "S", 2: (6.0, 58.0, 12.0), 3: "E", 4: (111.0, 25.0, 3.0)})
    (site.content / "images").mkdir(exist_ok=True)
    original.save(site.content / "images/sampul.jpg", exif=exif)
    md = site.content / "kiprah/20300001-sampul.md"
    md.write_text(md.read_text().replace("consent: true", "consent: true\nposter: images/sampul.jpg"))

    out = site.build(**settings)
    folder = out / "media/20300001-sampul"
    for poster in list(folder.glob("*-poster-*.jpg")) + list(folder.glob("*-poster-*.webp")):
        data = poster.read_bytes()
        assert b"PhoneMaker" not in data and b"Exif" not in data
        with Image.open(poster) as image:
            assert not image.getexif()
            assert image.size == (270, 360)  # upright portrait, fitted into 360 px
            right = image.crop((image.width - 20, 0, image.width, image.height)).resize((1, 1))
            assert right.getpixel((0, 0))[2] > 150  # the stored top edge is now on the right
    assert not (out / "images/sampul.jpg").exists()  # the original (with GPS) is not published
    html = (out / "kiprah/20300001-sampul/index.html").read_text()
    assert "images/sampul.jpg" not in html


def test_captions_are_published_next_to_the_video(site, tmp_path):
    settings = small_site(site, tmp_path, names=("teks", "salah"))
    site.write("videos/teks.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nSelamat pagi\n")
    site.write("videos/salah.vtt", "1\n00:00:00,000 --> 00:00:02,000\nIni SRT\n")
    for name in ("teks", "salah"):
        md = site.content / f"kiprah/20300001-{name}.md"
        md.write_text(md.read_text().replace("consent: true", f"consent: true\ncaptions: videos/{name}.vtt"))
    from kasdikdas.model.problems import ContentError

    with pytest.raises(ContentError) as info:
        site.build(**settings)
    (problem,) = info.value.problems
    assert problem.field == "captions" and problem.path.endswith("20300001-salah.md") and problem.line == 9
    (site.content / "kiprah/20300001-salah.md").unlink()
    out = site.build(**settings)
    html = (out / "kiprah/20300001-teks/index.html").read_text()
    assert '<track kind="captions" srclang="id"' in html
    (published,) = (out / "media/20300001-teks").glob("20300001-teks.id-*.vtt")
    assert published.read_text().startswith("WEBVTT") and "Selamat pagi" in published.read_text()
    assert published.stat().st_ino != (site.content / "videos/teks.vtt").stat().st_ino
