"""`invoke bench --rekaman --quick`: per clip of real footage, every tier and codec in one
table with bytes per 60 s, VMAF and the settings they came from; the ladder's CPU per
clip and the wall time to re-encode 40,000 clips on one machine and on N runners."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import ROOT

from bench.footage_bench import QUICK, cost


@pytest.fixture(scope="module")
def footage_bench(tmp_path_factory):
    target = tmp_path_factory.mktemp("rekaman") / "rekaman.json"
    run = subprocess.run([sys.executable, "-m", "invoke", "bench", "--rekaman", "--quick",
                          "--output", str(target)], cwd=ROOT, capture_output=True, text=True,
                         check=False, timeout=1800)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(target.read_text(encoding="utf-8"))
    if not result["clips"]:
        pytest.skip(f"rekaman nyata tidak bisa diambil: {result['skipped']}")
    return result, run.stdout


def test_every_tier_and_codec_of_every_clip_has_bytes_vmaf_and_settings(footage_bench):
    result, _ = footage_bench
    assert [c["clip"] for c in result["clips"]] == list(QUICK)
    for name in QUICK:
        rows = [r for r in result["renditions"] if r["clip"] == name]
        tiers = {r["tier"] for r in rows}
        assert "hemat" in tiers
        assert {(r["tier"], r["codec"]) for r in rows} == {(t, c) for t in tiers for c in ("av1", "h264")}
        for row in rows:
            assert row["bytes_per_60s"] > 0 and 0 < row["vmaf"] <= 100
            assert "preset" in row["settings"] and "keyframe" in row["settings"]
    assert {r["tier"] for r in result["renditions"]} >= {"hemat", "standar"}  # a 480p clip


def test_the_table_prints_each_rendition_and_the_cost_of_a_regency(footage_bench):
    result, stdout = footage_bench
    for row in result["renditions"]:
        assert f"{row['clip']} | {row['tier']} {row['quality']} | {row['codec']} | " in stdout
    assert "Enkode ulang 40,000 klip" in stdout and "runner" in stdout
    assert result["cost_from_cuts"]["cpu_per_clip_s"] > 0  # measured on this run's cuts
    figures = result["cost"]
    assert figures["cpu_per_clip_s"] > 0
    hours = [r["wall_hours"] for r in figures["runners"]]
    assert hours == sorted(hours, reverse=True)  # more runners, less wall time
    assert figures["one_machine"]["wall_hours"] > hours[0]


def test_the_cost_scales_with_the_clips_and_the_runners():
    figures = cost(75.0, count=40_000)
    assert figures["cpu_per_clip_s"] == 75.0
    assert figures["cpu_hours"] == round(75 * 40_000 / 3600, 1)
    eight = next(r for r in figures["runners"] if r["runners"] == 8)
    assert eight["wall_hours"] == round((75 * 40_000 / 16 + 90) / 3600, 2)


def test_the_ladders_wall_time_is_judged_against_its_target():
    from bench.footage_bench import render

    result = {"renditions": [], "clips": [], "skipped": {}, "cost": {}, "cost_from_cuts": {},
              "ladder": {"cpu_s": 120.0, "wall_s": 64.2, "target_wall_s": 60.0, "measured": True,
                         "met": False}}
    assert "wall 64.2 s (sasaran ≤ 60 s: TIDAK), CPU 120.0 s" in render(result)
    result["ladder"].update(wall_s=53.2, met=True)
    assert "wall 53.2 s (sasaran ≤ 60 s: memenuhi)" in render(result)
