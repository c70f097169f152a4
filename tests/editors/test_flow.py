"""The path an editor takes: `invoke new` → fill in → `invoke check` → `invoke build`."""

import shutil
import subprocess
import sys

import pytest

from support import ROOT

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies


def invoke(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_new_check_build(site):
    made = invoke("new", "--npsn", "20300111", "--title", "Lomba Mewarnai: Hari Anak",
                  "--content", str(site.content))
    assert made.returncode == 0, made.stderr
    path = site.content / "kiprah" / "20300111-lomba-mewarnai-hari-anak.md"
    assert str(path) in made.stdout
    text = path.read_text(encoding="utf-8")
    assert 'title: "Lomba Mewarnai: Hari Anak"' in text  # quoted: the colon is safe
    assert 'school: "20300111"' in text

    # As scaffolded, the file is not publishable yet: consent and video are missing,
    # summary and explanation are still the scaffold's placeholder texts.
    checked = invoke("check", "--content", str(site.content))
    assert checked.returncode == 1
    shown = "kiprah/20300111-lomba-mewarnai-hari-anak.md"
    assert f"{shown}:9: consent:" in checked.stdout
    assert f"{shown}:6: video: video `videos/20300111-lomba-mewarnai-hari-anak.mp4` tidak ditemukan" in checked.stdout
    assert f"{shown}:7: summary: ringkasan masih teks contoh" in checked.stdout
    body_line = text.splitlines().index("---", 1) + 2  # the first line after the closing ---
    assert f"{shown}:{body_line}: isi: penjelasan masih teks contoh" in checked.stdout
    assert "4 masalah di 1 berkas" in checked.stdout

    # The editor fills in the fields and copies the school's video.
    head, body = text.rsplit("---\n", 1)
    head = head.replace("consent: false", "consent: true").replace(
        "summary: Tulis satu kalimat ringkasan untuk daftar dan pratinjau WhatsApp.",
        "summary: Murid kelas 1 sampai 6 mewarnai tokoh cerita rakyat Blora.")
    path.write_text(head + "---\nLomba mewarnai untuk Hari Anak Nasional.\n", encoding="utf-8")
    shutil.copy(ROOT / "content/videos/20300001-gamelan-cilik.mp4",
                site.content / "videos/20300111-lomba-mewarnai-hari-anak.mp4")
    checked = invoke("check", "--content", str(site.content))
    assert checked.returncode == 0, checked.stdout
    assert "Semua konten valid." in checked.stdout

    built = invoke("build", "--content", str(site.content), "--output", str(site.output))
    assert built.returncode == 0, built.stderr
    page = (site.output / "kiprah/20300111-lomba-mewarnai-hari-anak/index.html").read_text()
    assert "Lomba Mewarnai: Hari Anak" in page and "SD Negeri 1 Japah" in page


def test_new_refuses_unknown_school_and_existing_file(site):
    unknown = invoke("new", "--npsn", "20300112", "--title", "Apa Saja", "--content", str(site.content))
    assert unknown.returncode == 1
    assert "NPSN 20300112 tidak ada" in unknown.stderr and "20300111" in unknown.stderr

    existing = site.content / "kiprah/20300001-gamelan-cilik.md"
    before = existing.read_bytes()
    again = invoke("new", "--npsn", "20300001", "--title", "Gamelan Cilik", "--content", str(site.content))
    assert again.returncode == 1 and "sudah ada" in again.stderr
    assert existing.read_bytes() == before


def test_build_refuses_invalid_site_and_keeps_the_old_one(site):
    first = invoke("build", "--content", str(site.content), "--output", str(site.output))
    assert first.returncode == 0, first.stderr
    good_page = (site.output / "kiprah/20300001-gamelan-cilik/index.html").read_bytes()
    broken = site.content / "kiprah/20300011-pentas-barongan.md"
    broken.write_text(broken.read_text().replace("category: kreativitas-siswa",
                                                 "category: kreatifitas-siswa"))
    second = invoke("build", "--content", str(site.content), "--output", str(site.output))
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    assert "kiprah/20300011-pentas-barongan.md:5: category: nilai `kreatifitas-siswa` tidak dikenal" in second.stderr
    assert "mungkin maksud Anda `kreativitas-siswa`?" in second.stderr
    assert (site.output / "kiprah/20300001-gamelan-cilik/index.html").read_bytes() == good_page
