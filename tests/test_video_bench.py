"""bench_video (called by `invoke bench`): bytes per tier, VMAF of hemat, speed."""

from __future__ import annotations

from bench.video import bench_video

from videoclips import make, tone, two_colour


def test_bench_reports_every_tier_and_hemat_vmaf(tmp_path):
    clip = make(tmp_path / "klip.mp4", two_colour(854, 480, 2), tone(2), vcodec="libx264",
                preset="ultrafast", acodec="aac", pix_fmt="yuv420p")
    result = bench_video(clip, workdir=tmp_path / "kerja")
    assert [t["quality"] for t in result["tiers"]] == ["240p", "360p", "480p"]
    for tier in result["tiers"]:
        assert tier["bytes"] == (tmp_path / "kerja" / f"{tier['tier']}.mp4").stat().st_size
        assert tier["speed"] > 0
    assert result["hemat_bytes_per_minute"] <= result["hemat_budget"] == 1_000_000
    assert 0 < result["hemat_vmaf"] <= 100
    assert result["duration"] == 2.0 and result["source"] == "854x480 30 fps"
