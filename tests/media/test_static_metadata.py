"""Nothing published carries metadata the editor did not type: pictures in content/images/
and evidence PDFs in content/bukti/ with GPS, device, author, software and comment
fields are published clean, as read back by an independent tool (Debian's exiftool)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, PngImagePlugin
from support import ROOT
from support.hostile import scratch_content, tree_digest

EXIFTOOL = shutil.which("exiftool")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(EXIFTOOL is None, reason="exiftool (libimage-exiftool-perl) missing")]

# What a phone, an editor's program or a scanner writes, planted in every fixture.
PLANTED = ("Pak Budi", "samsung", "SM-A105F", "Kamera Rahasia", "Rahasia Editor",
           "komentar rahasia", "Word Rahasia", "Rahasia PDF")
# exiftool tag names (group:name) that must not be in a published file.
FORBIDDEN = re.compile(r"GPS|(^|:)(Make|Model|Artist|Author|Creator|CreatorTool|Software|"
                       r"Producer|Comment|UserComment|XPComment|XPAuthor|Copyright)$")
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
       b'xmp:CreatorTool="Kamera Rahasia"/></rdf:RDF></x:xmpmeta>')


def phone_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0131], exif[0x013B] = (
        "samsung", "SM-A105F", "Rahasia Editor", "Pak Budi")
    exif.get_ifd(0x8825).update({1: "S", 2: (6.0, 58.0, 12.5), 3: "E", 4: (111.0, 25.0, 0.0)})
    return exif


def tagged_files(content: Path) -> list[str]:
    """One file per kind of hidden metadata; returns their paths under content/."""
    images, bukti = content / "images", content / "bukti"
    images.mkdir(exist_ok=True)
    bukti.mkdir(exist_ok=True)
    Image.new("RGB", (64, 48), "red").save(images / "foto-gps.jpg", exif=phone_exif(), xmp=XMP,
                                           comment=b"komentar rahasia Pak Budi")
    Image.new("RGB", (64, 48), "red").save(images / "foto-komentar.jpg",
                                           comment=b"komentar rahasia Pak Budi")  # COM only
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Pak Budi")
    text.add_text("Software", "Rahasia Editor", zip=True)
    text.add_itxt("Comment", "komentar rahasia")
    Image.new("RGB", (64, 48), "blue").save(images / "layar.png", pnginfo=text)  # text only
    frames = [Image.new("RGB", (32, 32), colour) for colour in ("red", "green", "blue")]
    frames[0].save(images / "gerak.gif", save_all=True, append_images=frames[1:],
                   duration=[120, 200, 300], loop=0, comment=b"komentar rahasia Pak Budi")
    Image.new("RGB", (32, 32), "green").save(images / "diam.gif", comment=b"komentar rahasia")
    Image.new("RGB", (64, 48), "red").save(images / "poster.webp", exif=phone_exif(), xmp=XMP)
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = "Pak Budi"
    pdf.docinfo["/Creator"] = "Word Rahasia"
    pdf.docinfo["/Producer"] = "Rahasia PDF 1.0"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = ["Pak Budi"]
        meta["xmp:CreatorTool"] = "Word Rahasia"
        meta["pdf:Producer"] = "Rahasia PDF 1.0"
    pdf.save(bukti / "sk-inovasi.pdf")
    return ["images/foto-gps.jpg", "images/foto-komentar.jpg", "images/layar.png",
            "images/gerak.gif", "images/diam.gif", "images/poster.webp", "bukti/sk-inovasi.pdf"]


def exiftool(paths: list[Path]) -> dict[str, dict]:
    """Every tag exiftool reads in each file (all groups, duplicates too), but its own
    and the file system's."""
    run = subprocess.run([EXIFTOOL, "-json", "-a", "-G1", "-s", *map(str, paths)],
                         capture_output=True, text=True, timeout=120, check=True)
    return {Path(entry["SourceFile"]).name: {k: v for k, v in entry.items()
                                             if not k.startswith(("System:", "ExifTool:"))}
            for entry in json.loads(run.stdout)}


def leaks(tags: dict) -> list[str]:
    found = [key for key in tags if FORBIDDEN.search(key)]
    text = json.dumps(tags, ensure_ascii=False)
    return found + [word for word in PLANTED if word in text]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """`invoke publish` (no deploy target: the checked output folder) of a site whose
    static folders hold the tagged files."""
    tmp = tmp_path_factory.mktemp("metadata")
    content = scratch_content(tmp / "content", videos=(), showcases=False)
    names = tagged_files(content)
    before = tree_digest(content)
    run = subprocess.run([sys.executable, "-m", "kasdikdas.publish", "--output", str(tmp / "terbit"),
                          "--work", str(tmp / "work"), "--set", f"PATH={content}",
                          "--set", f"CACHE_PATH={tmp / 'cache'}"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert tree_digest(content) == before  # the editor's files keep their bytes
    return content, tmp / "terbit", names


def test_the_fixtures_carry_what_exiftool_must_not_find_later(published):
    content, _, names = published
    tags = exiftool([content / name for name in names])
    assert {Path(name).name for name in names} == set(tags)
    assert all(leaks(found) for found in tags.values()), tags  # the probe can fail


@pytest.mark.parametrize("name", ["images/foto-gps.jpg", "images/foto-komentar.jpg",
                                  "images/layar.png", "images/gerak.gif", "images/diam.gif",
                                  "images/poster.webp", "bukti/sk-inovasi.pdf"])
def test_published_file_has_no_gps_device_author_software_or_comment(published, name):
    _, output, _ = published
    assert (output / name).is_file(), f"{name} is published"
    (tags,) = exiftool([output / name]).values()
    assert leaks(tags) == [], tags


def test_stripped_files_still_show_what_the_editor_meant(published):
    content, output, _ = published
    with Image.open(output / "images/gerak.gif") as gif:
        assert gif.n_frames == 3 and gif.info.get("loop") == 0  # still animated
    with Image.open(output / "images/foto-gps.jpg") as jpeg, \
            Image.open(content / "images/foto-gps.jpg") as source:
        assert jpeg.size == source.size
    with pikepdf.open(output / "bukti/sk-inovasi.pdf") as pdf:
        assert len(pdf.pages) == 1 and "/Metadata" not in pdf.Root and "/Info" not in pdf.trailer
