"""bench_video (called by `python bench/video.py`): per codec and tier, bytes per 60 s and
VMAF, encode wall and CPU time, zero encodes on a cached rerun, the AV1 saving."""

from __future__ import annotations

from bench.video import bench_video, site_av1_saving

import pytest

from support.videoclips import make, tone, two_colour

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies


def test_bench_reports_every_tier_in_both_codecs(tmp_path):
    clip = make(tmp_path / "klip.mp4", two_colour(854, 480, 2), tone(2), vcodec="libx264",
                preset="ultrafast", acodec="aac", pix_fmt="yuv420p")
    result = bench_video(clip, workdir=tmp_path / "kerja")
    rows = result["renditions"]
    assert [(r["quality"], r["codec"]) for r in rows] == [
        ("240p", "av1"), ("240p", "h264"), ("360p", "av1"), ("360p", "h264"),
        ("480p", "av1"), ("480p", "h264")]
    for row in rows:
        assert 0 < row["vmaf"] <= 100 and row["bytes"] > 0
        assert row["bytes_per_60s"] == round(row["bytes"] * 30)  # a 2 s clip
        assert row["crf"] == row["search"]["crf"]
    hemat = {r["codec"]: r for r in rows if r["tier"] == "hemat"}
    budget = result["budget_per_60s"]
    assert hemat["av1"]["bytes_per_60s"] <= budget["av1"] and hemat["h264"]["bytes_per_60s"] <= budget["h264"]
    assert result["encode_wall_s"] > 0 and result["encode_cpu_s"] > 0
    assert result["rebuild_encodes"] == 0
    total = {c: sum(r["bytes"] for r in rows if r["codec"] == c) for c in ("av1", "h264")}
    assert result["av1_saving"] == round(1 - total["av1"] / total["h264"], 3)
    assert result["duration"] == 2.0 and result["source"] == "854x480 30 fps"


def test_site_saving_counts_av1_against_h264_per_tier(tmp_path):
    folder = tmp_path / "media" / "a"
    folder.mkdir(parents=True)
    for name, size in (("a-240p-av1-0123abcd.mp4", 300), ("a-240p-h264-0123abce.mp4", 1000),
                       ("a-360p-av1-0123abcf.mp4", 900), ("a-360p-h264-0123abd0.mp4", 2000),
                       ("a-poster-0123abcd.jpg", 50)):
        (folder / name).write_bytes(b"x" * size)
    found = site_av1_saving(tmp_path)
    assert found["hemat"] == 0.7 and found["all"] == round(1 - 1200 / 3000, 3)
