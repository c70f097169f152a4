"""/data/datapackage.json: `frictionless validate` (the Frictionless framework, pinned in
the dev extra) passes on the built sample and fails when a row is broken on purpose;
the schemas' enums are the model's vocabularies; the Satu Data Indonesia metadata is on
/data/."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from kasdikdas.model.vocab import CATEGORIES, INNOVATION_STAGES, LEVELS, SCREENING_STATUSES


def frictionless(folder) -> dict:
    """`frictionless validate --json datapackage.json` run in `folder`, as a person would."""
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json",
                           "datapackage.json"], cwd=folder, capture_output=True, text=True,
                          timeout=300)
    report = json.loads(done.stdout)
    assert (done.returncode == 0) == report["valid"], done.stderr
    return report


def errors(report) -> list[tuple]:
    return sorted((t["name"], e["type"], e.get("rowNumber"), e.get("fieldName"))
                  for t in report["tasks"] for e in t["errors"])


@pytest.fixture(scope="module")
def package(sample_site):
    return json.loads((sample_site / "data/datapackage.json").read_text(encoding="utf-8"))


def test_the_built_sample_validates(sample_site, package):
    report = frictionless(sample_site / "data")
    assert report["valid"], errors(report)
    assert [t["name"] for t in report["tasks"]] == ["kiprah", "sekolah", "inovasi", "iid-2026"]


def replace_once(path, old: str, new: str) -> int:
    """Replace the first `old` (same length: the declared byte count stays right); the
    CSV row number (header = 1) where it was."""
    assert len(old) == len(new)
    text = path.read_bytes().decode("utf-8-sig")
    at = text.index(old)
    path.write_bytes(b"\xef\xbb\xbf" + (text[:at] + new + text[at + len(old):]).encode())
    return text.count("\r\n", 0, at) + 1


def test_a_broken_row_fails_validation(sample_site, tmp_path):
    folder = shutil.copytree(sample_site / "data", tmp_path / "data")
    level_row = replace_once(folder / "sekolah.csv", ",SMP,", ",SMA,")  # not a level
    npsn_row = replace_once(folder / "kiprah.csv", ",20300003,", ",20399993,")  # no such school
    report = frictionless(folder)
    assert not report["valid"]
    assert errors(report) == sorted([("sekolah", "constraint-error", level_row, "level"),
                                     ("kiprah", "foreign-key", npsn_row, None)])


def test_schemas_take_their_enums_and_keys_from_the_model(package):
    resources = {r["name"]: r for r in package["resources"]}
    fields = {name: {f["name"]: f for f in r["schema"]["fields"]} for name, r in resources.items()}
    assert fields["kiprah"]["category"]["constraints"]["enum"] == list(CATEGORIES)
    assert fields["sekolah"]["level"]["constraints"]["enum"] == list(LEVELS)
    assert fields["inovasi"]["stage"]["constraints"]["enum"] == list(INNOVATION_STAGES.values())
    assert fields["inovasi"]["screening"]["constraints"]["enum"] == list(SCREENING_STATUSES)
    assert fields["inovasi"]["indicator_16_level"]["constraints"]["enum"] == [1, 2, 3]
    assert resources["sekolah"]["schema"]["primaryKey"] == "npsn"
    for name in ("kiprah", "inovasi", "iid-2026"):
        assert resources[name]["schema"]["foreignKeys"] == [
            {"fields": "npsn", "reference": {"resource": "sekolah", "fields": "npsn"}}]
    assert len(fields["sekolah"]["kecamatan_code"]["constraints"]["enum"]) == 16
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["contributors"][0]["role"] == "publisher"
    assert package["created"].endswith("T00:00:00Z")


def test_the_data_page_shows_the_satu_data_metadata(sample_site, package):
    html = (sample_site / "data/index.html").read_text(encoding="utf-8")
    for label in ("Produsen data", "Lisensi", "Cakupan", "Frekuensi pembaruan", "Tanggal pembaruan",
                  "Kontak"):
        assert f"<dt>{label}</dt>" in html
    assert package["contributors"][0]["title"] in html
    assert package["created"][:10] in html
    assert 'href="../data/datapackage.json"' in html
