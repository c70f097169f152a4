"""bench/offload.py: the page host's share with the media in a bucket, counted from a
real folder, and its extrapolation to five years of a regency."""

from __future__ import annotations

import pytest

from bench.offload import CLOUDFLARE_PAGES_FILES, extrapolate, share

pytestmark = pytest.mark.fast


def test_the_share_counts_files_and_bytes_with_and_without_the_twins(tmp_path):
    (tmp_path / "kiprah" / "a").mkdir(parents=True)
    (tmp_path / "kiprah" / "a" / "index.html").write_bytes(b"x" * 1000)
    (tmp_path / "kiprah" / "a" / "index.html.br").write_bytes(b"x" * 100)
    (tmp_path / "kiprah" / "a" / "index.html.gz").write_bytes(b"x" * 200)
    (tmp_path / "sw.js").write_bytes(b"y" * 50)
    found = share(tmp_path, 1)
    assert (found["files"], found["bytes"]) == (4, 1350)
    assert (found["files_without_twins"], found["bytes_without_twins"]) == (2, 1050)
    assert found["largest_file_bytes"] == 1000 and found["media_files_in_output"] == 0
    assert found["fits"] == {"github_pages": True, "cloudflare_pages_free": True}
    (tmp_path / "media" / "a").mkdir(parents=True)
    (tmp_path / "media" / "a" / "a-240p-0123abcd.mp4").write_bytes(b"v")
    assert share(tmp_path, 1)["media_files_in_output"] == 1


def test_growth_comes_from_the_two_largest_sizes():
    points = [
        {"showcases": 100, "files_without_twins": 1000, "bytes_without_twins": 10_000_000,
         "largest_file_bytes": 100_000},
        {"showcases": 1000, "files_without_twins": 3000, "bytes_without_twins": 28_000_000,
         "largest_file_bytes": 1_000_000},
    ]
    at = extrapolate(points, 2000)
    assert at["files_per_showcase"] == pytest.approx(2000 / 900, abs=0.01)
    assert at["files_without_twins"] == round(3000 + 1000 * 2000 / 900)
    assert at["showcases_until_cloudflare_files_limit"] == round(
        1000 + (CLOUDFLARE_PAGES_FILES - 3000) / (2000 / 900))
    assert at["github_pages"] and at["cloudflare_pages_free"]
    assert not extrapolate(points, 40_000)["cloudflare_pages_free"]
    assert extrapolate([], 10) is None
