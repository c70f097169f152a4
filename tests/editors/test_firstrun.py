"""A newcomer's first commands: `invoke check` before any build, the sample videos."""

import shutil
import subprocess
import sys

import pytest

from support import ROOT

from kasdikdas.samples import SAMPLES, missing_samples

pytestmark = pytest.mark.fast


def invoke(*args):
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_check_before_samples_says_what_to_run(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("*.mp4"))
    assert len(missing_samples(content)) == len(SAMPLES)
    checked = invoke("check", "--content", str(content))
    assert checked.returncode == 1
    lines = checked.stdout.strip().splitlines()
    assert lines == [f"{len(SAMPLES)} video contoh belum dibuat: jalankan `invoke samples` "
                     "(sekitar satu menit), lalu `invoke check` lagi."], checked.stdout


def test_check_before_samples_still_reports_other_problems(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("*.mp4"))
    page = content / "kiprah/20300001-gamelan-cilik.md"
    page.write_text(page.read_text().replace("category: ", "category: kreatif-", 1))
    checked = invoke("check", "--content", str(content))
    assert checked.returncode == 1
    assert "video contoh belum dibuat" in checked.stdout
    assert "20300001-gamelan-cilik.md:5: category:" in checked.stdout
    assert "tidak ditemukan" not in checked.stdout


def test_samples_are_small_and_within_the_rules():
    from kasdikdas.media.settings import DEFAULTS

    for sample in SAMPLES:
        assert DEFAULTS["VIDEO_MIN_SECONDS"] <= sample.seconds <= DEFAULTS["VIDEO_MAX_SECONDS"]
        assert min(sample.size) in (240, 360) and sample.fps <= 15
    # the pages the browser and player tests read keep a second tier, landscape and portrait
    assert [(s.name, s.size) for s in SAMPLES if min(s.size) >= 360] == [
        ("20300001-gamelan-cilik.mp4", (640, 360)), ("20300011-pentas-barongan.mp4", (360, 640))]


def test_python_m_kasdikdas_runs_the_tasks_from_any_folder(tmp_path):
    listed = subprocess.run([sys.executable, "-m", "kasdikdas", "--list"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    for task in ("check", "livereload", "new", "serve"):
        assert f"  {task}" in listed.stdout


def test_check_format_github_from_the_command_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    page = content / "kiprah/20300001-gamelan-cilik.md"
    page.write_text(page.read_text().replace("category: kreativitas-siswa", "category: seni"))
    checked = invoke("check", "--content", str(content), "--format", "github")
    assert checked.returncode == 1
    lines = checked.stdout.strip().splitlines()
    assert lines[0].startswith(f"::error file={content}/kiprah/20300001-gamelan-cilik.md,line=5,"
                               "title=category::nilai `seni` tidak dikenal")
    assert lines[-1].startswith("1 masalah di 1 berkas")
    unknown = invoke("check", "--content", str(content), "--format", "xml")
    assert unknown.returncode == 2 and "tidak dikenal" in unknown.stderr
