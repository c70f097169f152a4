"""A newcomer's first commands: `invoke check` before any build, the sample videos."""

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

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
    # the page the browser tests play keeps a second tier
    assert [s.name for s in SAMPLES if min(s.size) >= 360] == ["20300001-gamelan-cilik.mp4"]
