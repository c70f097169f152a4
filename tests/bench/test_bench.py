"""`invoke bench`: the quick run writes every figure to JSON (values are not asserted:
timings belong to the benchmark, not to tests), and its building blocks measure what
they claim to."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content

from bench import regency as regen
from bench.measure import run_build
from bench.media import encodes, read_runs, write_wrapper
from bench.table import render
from support import ROOT

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

POINT_FIELDS = {
    ("stock", "full"): ("wall_s", "cpu_s", "sys_s", "max_rss_mb", "runs"),
    ("ours", "full"): ("wall_s", "cpu_s", "sys_s", "max_rss_mb", "runs"),
    ("ours", "rebuild_nochange"): ("wall_s", "cpu_s", "max_rss_mb"),
    ("ours", "rebuild_add_one"): ("wall_s", "cpu_s", "max_rss_mb"),
    ("ours", "rebuild_touch_one"): ("wall_s", "cpu_s", "max_rss_mb"),
    ("ours", "rebuild_edit_one"): ("wall_s", "cpu_s", "max_rss_mb"),
    ("ours", "check"): ("wall_s", "cpu_s", "max_rss_mb"),
    ("ours", "check_cold"): ("wall_s", "cpu_s", "max_rss_mb"),
    ("stock_pagefind", "full"): ("wall_s", "cpu_s", "sys_s", "max_rss_mb", "runs"),
    ("ours", "output"): (
        "files",
        "bytes",
        "video_bytes",
        "showcase_page_gzip",
        "showcase_page_brotli",
    ),
    ("stock", "output"): ("files", "bytes"),
}
VIDEO_FIELDS = (
    "available",
    "clips",
    "encode_x_realtime",
    "encode_cpu_x_realtime",
    "tier_bytes_per_60s",
    "hemat_bytes_per_60s",
    "hemat_vmaf",
    "cached_rebuild_encodes",
)


@pytest.fixture(scope="session")
def quick_bench(tmp_path_factory):
    """`invoke bench` as CI runs it: two small points, one run each, short clips."""
    out = tmp_path_factory.mktemp("bench") / "result.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "bench",
            "--showcases",
            "60,120",
            "--runs",
            "1",
            "--quick",
            "--output",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8")), proc.stdout


def test_bench_json_has_every_figure(quick_bench):
    result, _ = quick_bench
    assert [p["showcases"] for p in result["points"]] == [60, 120]
    for point in result["points"]:
        assert point["schools"] == 700
        for (side, phase), fields in POINT_FIELDS.items():
            for field in fields:
                assert point[side][phase][field] is not None, (side, phase, field)
        assert point["stock"]["full"]["ok"] and point["ours"]["full"]["ok"]
        assert set(point["ratio"]) == {"wall_s", "cpu_s"}
        assert set(point["ratio_pagefind"]) == {"wall_s", "cpu_s"}
        for phase in ("check", "check_cold", "rebuild_edit_one", "rebuild_add_one"):
            assert point["ours"][phase]["ok"], phase
        assert point["stock_pagefind"]["full"]["ok"]
        for name in ("home", "list", "showcase"):
            weight = point["page_weight"][name]
            assert weight["sent"] and weight["budget"] and weight["resources"], name
            assert isinstance(weight["within_budget"], bool)
            assert weight["video_bytes_before_play"] == 0 or not weight["within_budget"]
        assert "encodes_during_full_builds" in point["ours"]
        fcp = point["first_paint"]  # DevTools 3G, each page type (bench/first_paint.py)
        assert fcp["budget_ms"] == 2500 and {"beranda", "kiprah", "cari"} <= set(fcp["pages"])
        for name, page in fcp["pages"].items():
            assert page["fcp_ms"] and page["fcp_ms"] > 0 and len(page["runs"]) == 1, name
        search = point["search_first_query"]
        for name in ("literasi", "murid", "literasi jenjang=SMP"):
            query = search["queries"][name]
            assert query["search_bytes"] > 0 and query["results"] > 0, name
            assert isinstance(query["within_budget"], bool) and query["parts"]["wasm"] > 0
            brotli_host = query["brotli"]  # the .br twins of Pagefind's packed files
            assert brotli_host["results"] == query["results"], name
            assert 0 < brotli_host["parts"]["wasm"] < query["parts"]["wasm"], name
    assert set(result["growth"]) >= {"ours_full_cpu_ms_per_showcase", "ours_full_cpu_growth"}
    for field in VIDEO_FIELDS:
        assert field in result["video"], field
    video = result["video"]
    assert video["available"], video["reason"]
    assert video["cached_rebuild_encodes"] is not None and video["hemat_vmaf"] is not None
    assert {"hemat"} <= set(video["tier_bytes_per_60s"])
    for point in result["points"]:  # the page host's share with the media in a bucket
        offloaded = point["page_host_offloaded"]
        assert offloaded["ok"] and offloaded["media_files_in_output"] == 0
        assert 0 < offloaded["files_without_twins"] < offloaded["files"]
        assert isinstance(offloaded["fits"]["cloudflare_pages_free"], bool)
    assert result["page_host_offloaded_40000"]["files_per_showcase"] > 0
    # issue 15: per clip, tier and codec, bytes per 60 s and VMAF, and the AV1 saving
    rows = video["av1"]["renditions"]
    assert {(r["tier"], r["codec"]) for r in rows} >= {("hemat", "av1"), ("hemat", "h264")}
    assert all(r["bytes_per_60s"] > 0 and 0 < r["vmaf"] <= 100 for r in rows)
    assert video["av1"]["budget_per_60s"] == {"av1": 600_000, "h264": 1_000_000}
    assert video["av1"]["saving"]["hemat"] is not None
    assert result["meta"]["machine"]["cores"]


def test_bench_prints_one_table(quick_bench):
    result, stdout = quick_bench
    assert render(result) in stdout
    assert "| kiprah" in stdout and "rasio kita ÷ standar (CPU)" in stdout
    assert "host halaman, media di bucket" in stdout


def test_edit_one_changes_one_title_and_stays_valid(tmp_path):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"not read here")
    made = regen.write_regency(tmp_path / "site", 12, [clip])
    before = {p.name: p.read_text(encoding="utf-8")
              for p in (made.content / "kiprah").glob("*.md")}
    edited = regen.edit_one(made)
    after = {p.name: p.read_text(encoding="utf-8")
             for p in (made.content / "kiprah").glob("*.md")}
    assert [name for name in before if before[name] != after[name]] == [edited.name]
    front = yaml.safe_load(after[edited.name].split("---")[1])
    assert front["title"].endswith(" Diperbarui")
    assert yaml.safe_load(before[edited.name].split("---")[1])["title"] + " Diperbarui" \
        == front["title"]


def test_synthetic_regency_is_valid_content(tmp_path):
    clip = tmp_path / "klip.mp4"
    clip.write_bytes(b"\0" * 64)  # validation only checks the file exists and is not empty
    made = regen.write_regency(tmp_path / "site", 40, [clip])
    registry = load_registry(
        made.content / "data" / "kecamatan.yml", made.content / "data" / "schools.yml"
    )
    assert registry.problems == []
    assert len(registry.schools) == 700
    levels = [s.level.code for s in registry.schools.values()]
    assert levels.count("SD") == 600 and levels.count("SMP") == 100
    assert len({s.kecamatan.slug for s in registry.schools.values()}) == 16
    showcases, problems = check_content(made.content, registry)
    assert problems == [] and len(showcases) == 40
    assert {s.slug for s in showcases} == set(made.slugs)


def test_stock_articles_carry_the_same_metadata(tmp_path):
    clip = tmp_path / "klip.mp4"
    clip.write_bytes(b"\0" * 64)
    made = regen.write_regency(tmp_path / "site", 5, [clip])
    for slug in made.slugs:
        ours = (made.content / "kiprah" / f"{slug}.md").read_text(encoding="utf-8")
        _, front, body = ours.split("---\n", 2)
        fields = yaml.safe_load(front)
        stock = (made.stock_content / f"{slug}.md").read_text(encoding="utf-8")
        head, stock_body = stock.split("\n\n", 1)
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        assert meta["Title"] == fields["title"] and meta["Slug"] == fields["slug"]
        assert meta["Date"] == fields["date"].isoformat()
        assert meta["Tags"].split(", ") == fields["tags"]
        assert stock_body == body


def test_ffmpeg_wrapper_logs_and_counts_encodes(tmp_path):
    wrapper, log = write_wrapper(tmp_path, real="/bin/echo")
    done = subprocess.run(
        [str(wrapper), "-i", "a.mp4", "-c:v", "libx264", "out.mp4"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert done.stdout == "-i a.mp4 -c:v libx264 out.mp4\n"  # the real program ran
    subprocess.run([str(wrapper), "-hide_banner", "-i", "a.mp4"], check=True, capture_output=True)
    failing, _ = write_wrapper(tmp_path / "gagal", real="/bin/false")
    assert subprocess.run([str(failing), "-c:v", "libx264"], check=False).returncode == 1
    runs = read_runs(log)
    assert [r.code for r in runs] == [0, 0]
    assert all(r.seconds >= 0 and r.cpu_seconds >= 0 for r in runs)
    assert len(encodes(log)) == 1 and "out.mp4" in encodes(log)[0].args


def test_child_build_reports_failure_and_memory(tmp_path):
    content = tmp_path / "content"
    (content / "kiprah").mkdir(parents=True)
    (content / "kiprah" / "rusak.md").write_text("tanpa front matter\n")
    run = run_build("ours", content, tmp_path / "out", tmp_path / "cache")
    assert not run.ok
    assert run.max_rss_mb > 10  # a Python process with Pelican loaded


# --- the speed fixes in plugins/kiprah keep their behaviour ------------------------------


def test_reused_markdown_does_not_leak_between_showcases():
    from kasdikdas.validate.reader import FrontMatterMarkdownReader
    from pelican.settings import read_settings

    reader = FrontMatterMarkdownReader(read_settings(str(ROOT / "pelicanconf.py")))
    first = reader.render(
        "Gamelan[^1] dan *HTML*.\n\n[^1]: Catatan kaki pertama.\n\n*[HTML]: Bahasa halaman"
    )
    second = reader.render("Senam pagi tanpa catatan. HTML saja.")
    assert "Catatan kaki pertama" in first and "<abbr" in first
    assert "Catatan kaki" not in second and "<abbr" not in second
    assert second == "<p>Senam pagi tanpa catatan. HTML saja.</p>"


def test_relative_posix_sees_through_symlinked_folders(tmp_path):
    from kasdikdas.model.paths import relative_posix

    real = tmp_path / "real"
    (real / "kiprah").mkdir(parents=True)
    (tmp_path / "link").symlink_to(real)
    file = tmp_path / "link" / "kiprah" / "a.md"
    file.write_text("x")
    assert relative_posix(file, real) == "kiprah/a.md"
    assert relative_posix(file, tmp_path / "link") == "kiprah/a.md"
    assert relative_posix(real / "kiprah" / "a.md", tmp_path / "link") == "kiprah/a.md"
    assert relative_posix(tmp_path / "elsewhere.md", real) is None


def test_page_renditions_reads_the_tier_list(tmp_path):
    from bench.media import page_renditions

    page = tmp_path / "kiprah" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    media = tmp_path / "media" / "a"
    media.mkdir(parents=True)
    (media / "a-240p-1.mp4").write_bytes(b"h" * 900)
    (media / "a-360p-2.mp4").write_bytes(b"s" * 2000)
    page.write_text(
        '<ul><li><a href="../../media/a/a-240p-1.mp4" type="video/mp4">Hemat data · 240p · 0,9 KB</a>'
        ' · <a href="../../media/a/a-240p-1.mp4" download>Unduh</a></li>'
        '<li><a class="putar" href="/media/a/a-360p-2.mp4" data-tier="standar">'
        "Standar · 360p · 2 KB</a></li>"
        '<li><a href="/media/a/hilang.mp4">Jernih · 480p · 5 KB</a></li></ul>'
    )
    found = page_renditions(tmp_path, page)
    assert set(found) == {"hemat", "standar"}  # the missing file is not counted
    assert sorted((r["quality"], r["bytes"]) for r in found.values()) == [
        ("240p", 900),
        ("360p", 2000),
    ]


def test_remembered_indonesian_formats_match_babel():
    import datetime as dt

    from babel.dates import format_date
    from babel.numbers import format_decimal
    from kasdikdas.idformat import angka, tanggal
    from pelican.utils import SafeDatetime

    for day in (dt.date(2024, 10, 11), dt.date(2025, 1, 1), SafeDatetime(2024, 8, 17, 9, 30)):
        expected = format_date(
            day if not isinstance(day, dt.datetime) else day.date(), "d MMMM y", locale="id_ID"
        )
        assert tanggal(day) == tanggal(day) == expected
    assert tanggal(dt.date(2024, 10, 11)) == "11 Oktober 2024"
    for value, digits in ((1234, 0), (1234.56, 1), (0.912345, 1), (1, 0), (1.0, 1), (5000, 0)):
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        assert angka(value, digits) == format_decimal(value, pattern, locale="id_ID")
    assert angka(1.0, 1) == "1,0" and angka(1, 0) == "1" and angka(1234) == "1.234"


def test_content_cache_skips_reading_unchanged_files(site, sample_videos, monkeypatch):
    """CACHE_CONTENT (reader layer) works with our reader: a rebuild reads only what changed."""
    import os

    from kasdikdas.validate.reader import FrontMatterMarkdownReader

    reads = []
    original = FrontMatterMarkdownReader.read

    def counting(self, source_path):
        reads.append(Path(source_path).name)
        return original(self, source_path)

    monkeypatch.setattr(FrontMatterMarkdownReader, "read", counting)
    site.build()
    showcases = sorted(p.name for p in (site.content / "kiprah").glob("*.md"))
    assert set(showcases) <= set(reads)
    reads.clear()
    site.build()
    assert reads == []
    changed = site.content / "kiprah" / showcases[0]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nSatu kalimat tambahan.\n", encoding="utf-8"
    )
    later = changed.stat().st_mtime + 10
    os.utime(changed, (later, later))
    out = site.build()
    assert reads == [showcases[0]]
    slug = showcases[0].removesuffix(".md")
    assert "Satu kalimat tambahan." in (out / "kiprah" / slug / "index.html").read_text(
        encoding="utf-8"
    )
