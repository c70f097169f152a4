"""The hash-locked requirements agree with pyproject.toml's pins, so a fresh machine
installs exactly the versions the project declares (scripts/serve, scripts/test)."""

from __future__ import annotations

import re
import tomllib

import pytest


from support import ROOT


PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_pins(extra: str | None) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    if extra:
        lines += project["optional-dependencies"][extra]
    pins = {}
    for line in lines:
        match = PIN.match(line.strip())
        assert match, f"pyproject.toml: `{line}` is not pinned with =="
        pins[_normal(match[1])] = match[2]
    return pins


def _locked(name: str) -> dict[str, tuple[str, int]]:
    """package → (version, number of hashes) from requirements/<name>.txt."""
    text = (ROOT / "requirements" / f"{name}.txt").read_text()
    locked: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=\S)", text):
        match = PIN.match(block)
        if match:
            locked[_normal(match[1])] = (match[2], block.count("--hash=sha256:"))
    return locked


@pytest.mark.parametrize("lock, extra", [("runtime", None), ("dev", "dev")])
def test_lock_pins_every_declared_version_with_hashes(lock, extra):
    locked = _locked(lock)
    for name, version in _pyproject_pins(extra).items():
        assert name in locked, f"requirements/{lock}.txt lacks {name}: run `invoke lock`"
        assert locked[name][0] == version, (
            f"requirements/{lock}.txt has {name}=={locked[name][0]}, pyproject.toml "
            f"{version}: run `invoke lock`")
    assert all(count > 0 for _, count in locked.values()), "every locked package has a hash"


def test_runtime_lock_is_a_subset_of_the_dev_lock():
    runtime, dev = _locked("runtime"), _locked("dev")
    assert {k: v[0] for k, v in runtime.items()}.items() <= {k: v[0] for k, v in dev.items()}.items()
