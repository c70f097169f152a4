"""Privacy for children: no location or device tags in published media, no cookies,
no requests to other hosts."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from PIL import Image

from support.hostile import ROOT, scratch_content, tree_digest
from support.mediatags import media_files, media_tags
from kasdikdas.media.ffmpeg_bin import find_ffmpeg

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

GPS = "+37.7749-122.4194/"
COOKIE = re.compile(r"document\s*\.\s*cookie|set-cookie|cookieStore", re.IGNORECASE)
ABSOLUTE_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"]?|['"])(?:https?:)?//[^'")\s]+""", re.IGNORECASE)


def tagged_clip(target, seconds=31.0):
    """A tiny clip carrying what a phone writes: GPS location, make, model, OS version."""
    subprocess.run([find_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc=size=96x54:rate=10",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050",
                    "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
                    "-metadata", f"location={GPS}", "-metadata", "make=samsung",
                    "-metadata", "model=SM-A105F", "-metadata", "com.android.version=11",
                    "-movflags", "use_metadata_tags", str(target)], check=True, timeout=120)
    return target


def tagged_photo(target):
    """A poster photo with EXIF GPS, make and model, and an XMP packet."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "samsung", "SM-A105F"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (6.0, 58.0, 12.5), 3: "E", 4: (111.0, 25.0, 0.0)})
    Image.new("RGB", (96, 54), "red").save(
        target, exif=exif, xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>')
    return target


def test_the_probe_finds_phone_tags(tmp_path):
    """The probe can fail: it sees what phones write."""
    clip = media_tags(tagged_clip(tmp_path / "klip.mp4", seconds=1))
    assert {"location", "make", "model", "com.android.version"} <= set(clip)
    photo = media_tags(tagged_photo(tmp_path / "foto.jpg"))
    assert {"EXIF GPSInfo", "EXIF Make", "EXIF Model", "XMP (xmp)"} <= set(photo)


def test_sample_site_media_carry_no_location_or_device_tags(sample_site):
    files = media_files(sample_site)
    assert files, "the sample site publishes media"
    assert {f.relative_to(sample_site).as_posix(): media_tags(f) for f in files if media_tags(f)} == {}


def test_tagged_sources_are_stripped_in_output(tmp_path):
    """Every media file of a site built from tagged phone media is clean: the showcase
    video, its poster, and a photo the body shows from content/images."""
    from kasdikdas.build import build_site

    content = scratch_content(tmp_path / "content", videos=(), showcases=False)
    for folder in ("videos", "images"):
        (content / folder).mkdir()
    tagged_clip(content / "videos" / "20300001-bergps.mp4")
    tagged_photo(content / "images" / "20300001-bergps.jpg")
    tagged_photo(content / "images" / "foto-kelas.jpg")
    (content / "kiprah" / "20300001-bergps.md").write_text(
        "---\ntitle: Video Bertanda Lokasi\ndate: 2024-10-11\nschool: \"20300001\"\n"
        "category: kegiatan-sekolah\nvideo: videos/20300001-bergps.mp4\n"
        "poster: images/20300001-bergps.jpg\nsummary: Sumber dari ponsel dengan GPS.\n"
        "consent: true\n---\nVideo dari ponsel yang menyimpan lokasi.\n\n"
        "![Foto kelas](../../images/foto-kelas.jpg)\n", encoding="utf-8")
    before = tree_digest(content)
    output = build_site(ROOT / "pelicanconf.py", tmp_path / "output", PATH=str(content),
                        CACHE_PATH=str(tmp_path / "cache"), VIDEO_CACHE_PATH=str(tmp_path / "video-cache"),
                        VIDEO_X264_PRESET="ultrafast")
    files = media_files(output)
    assert any(f.suffix == ".mp4" for f in files)
    assert "images/foto-kelas.jpg" in {f.relative_to(output).as_posix() for f in files}
    assert {f.relative_to(output).as_posix(): media_tags(f) for f in files if media_tags(f)} == {}
    assert tree_digest(content) == before  # the sources keep their tags: only output is cleaned


def test_strip_files_cleans_every_kind_and_keeps_pictures_upright(tmp_path):
    from kasdikdas.media.images import strip_files

    photo = tagged_photo(tmp_path / "foto.jpg")
    sideways = tmp_path / "miring.jpg"
    exif = Image.Exif()
    exif[0x0112], exif[0x0110] = 6, "SM-A105F"  # orientation: turn 90° clockwise to view
    Image.new("RGB", (80, 40), "green").save(sideways, exif=exif)
    png, webp = tmp_path / "layar.png", tmp_path / "poster.webp"
    for target in (png, webp):
        with Image.open(photo) as image:
            image.save(target, exif=image.getexif(), xmp=b"<x:xmpmeta/>")
    video = tagged_clip(tmp_path / "klip.mp4", seconds=1)
    source = tmp_path / "sumber.jpg"
    os.link(photo, source)  # as if Pelican had hard-linked a static file from content/
    clean = tmp_path / "bersih.png"
    Image.new("RGB", (8, 8)).save(clean)
    clean_bytes = clean.read_bytes()
    broken = tmp_path / "rusak.jpg"
    broken.write_bytes(b"bukan gambar")

    files = [photo, sideways, png, webp, video, clean, broken]
    stripped = strip_files(files, find_ffmpeg())
    assert set(stripped) == {photo, sideways, png, webp, video}
    assert {f.name: media_tags(f) for f in [photo, sideways, png, webp, video] if media_tags(f)} == {}
    with Image.open(sideways) as image:
        assert image.size == (40, 80)  # turned upright before the orientation tag went
    assert clean.read_bytes() == clean_bytes  # untouched when there was nothing to remove
    assert broken.read_bytes() == b"bukan gambar"  # unreadable: left alone, with a warning
    assert media_tags(source)  # the hard-linked original keeps its bytes


def _theme_files(suffixes):
    return [p for p in (ROOT / "theme").rglob("*") if p.is_file() and p.suffix in suffixes]


def test_theme_sets_no_cookies():
    scripts = _theme_files({".js", ".html"})
    assert scripts
    assert [p.relative_to(ROOT).as_posix() for p in scripts if COOKIE.search(p.read_text(encoding="utf-8"))] == []


def test_theme_static_files_name_no_other_host():
    found = {}
    for path in _theme_files({".css", ".js"}):
        hits = ABSOLUTE_URL.findall(path.read_text(encoding="utf-8"))
        hits = [h for h in hits if "www.w3.org/2000/svg" not in h]  # an XML namespace, never fetched
        if hits:
            found[path.relative_to(ROOT).as_posix()] = hits
    assert found == {}


def test_built_site_sets_no_cookies(sample_site):
    offenders = []
    for path in sample_site.rglob("*"):
        if path.is_file() and (path.suffix in {".js", ".html", ".htaccess"} or path.name in {"_headers", ".htaccess"}):
            if COOKIE.search(path.read_text(encoding="utf-8", errors="replace")):
                offenders.append(path.relative_to(sample_site).as_posix())
    assert offenders == []
