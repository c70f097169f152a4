"""Search and offline reading, in the built files: the Pagefind index, /cari/, the
offline page, the service worker and its build-tied version, the save-video button.
(What a viewer does with them is in test_search_browser.py.)"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from kasdikdas.idformat import tanggal, ukuran
from kasdikdas.model.registry import load_registry
from kasdikdas.validate.settings import DEFAULTS as KIPRAH
from kasdikdas.validate import check_content
from kasdikdas.postbuild.search.index import SearchIndexError, pagefind_command, pages_glob
from kasdikdas.postbuild.offline import build_version, render_service_worker, shell_files
from kasdikdas.postbuild.search.settings import DEFAULTS

from support import CONTENT, ROOT

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies


def showcases_of(content: Path = CONTENT):
    """The sample showcases as the model reads them: what the tests expect to find."""
    registry = load_registry(content / KIPRAH["KIPRAH_KECAMATAN_FILE"],
                             content / KIPRAH["KIPRAH_SCHOOLS_FILE"])
    found, problems = check_content(content, registry)
    assert not problems
    return found


@pytest.fixture(scope="session")
def showcases():
    return showcases_of()


def sw_config(output: Path) -> dict:
    text = (output / "sw.js").read_text()
    return json.loads(re.search(r"const CONFIG = (\{.*?\});\n", text).group(1))


def test_the_glob_follows_where_showcases_are_written():
    assert pages_glob("kiprah/{slug}/index.html") == "kiprah/*/index.html"
    assert pages_glob("{date:%Y}/{slug}.html") == "*/*.html"


def test_pagefind_runs_from_the_wheel_in_indonesian():
    settings = {**DEFAULTS, "ARTICLE_SAVE_AS": "kiprah/{slug}/index.html"}
    command = pagefind_command(Path("/situs"), settings)
    assert Path(command[0]).is_file() and "pagefind_bin" in command[0]
    def value(flag):
        return command[command.index(flag) + 1]

    assert value("--site") == "/situs"
    assert value("--force-language") == "id"
    assert value("--glob") == "kiprah/*/index.html"
    assert value("--root-selector") == "main"


def test_only_showcases_are_indexed_as_indonesian(sample_site, showcases):
    entry = json.loads((sample_site / "pagefind/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["id"]
    assert entry["languages"]["id"]["page_count"] == len(showcases)
    assert (sample_site / "pagefind/pagefind.js").is_file()
    assert (sample_site / "pagefind/wasm.id.pagefind").is_file()
    # the ready-made UIs and the worker are never loaded, so never published
    left = {p.name for p in (sample_site / "pagefind").iterdir() if p.is_file()}
    assert not {"pagefind-ui.js", "pagefind-worker.js", "wasm.unknown.pagefind"} & left


def test_showcase_pages_carry_filters_and_result_facts(sample_site, showcases):
    for showcase in showcases:
        html = (sample_site / "kiprah" / showcase.slug / "index.html").read_text()
        school = showcase.school
        for kind, key, value in [("meta", "sekolah", school.name),
                                 ("meta", "tanggal", tanggal(showcase.date)),
                                 ("filter", "jenjang", school.level.code),
                                 ("filter", "kecamatan", school.kecamatan.name),
                                 ("filter", "kategori", showcase.category.name)]:
            assert (f'<span data-pagefind-{kind}="{key}[data-value]" data-value="{value}">'
                    in html), (showcase.slug, key)


def test_the_search_page_works_its_way_without_javascript(sample_site, showcases):
    html = (sample_site / "cari/index.html").read_text()
    assert "Pencarian memerlukan JavaScript" in html
    assert 'href="../sekolah/"' in html
    for slug in {s.category.slug for s in showcases}:
        assert f'href="../kategori/{slug}/"' in html
    # the search form waits for the script; the script is external (strict CSP)
    assert re.search(r"<form[^>]*\bdata-search\b[^>]*>", html)
    assert re.search(r"<form[^>]*\bhidden\b[^>]*\bdata-search\b", html)
    assert '<script type="module" src="../theme/js/search.js"></script>' in html
    for kecamatan in {s.school.kecamatan.name for s in showcases}:
        assert f'<option value="{kecamatan}">' in html


def test_every_page_has_the_header_search_box(sample_site):
    for page in ["index.html", "cari/index.html", "kiprah/20300001-gamelan-cilik/index.html"]:
        html = (sample_site / page).read_text()
        form = re.search(r'<form class="header-search"[^>]*action="([^"]+)" method="get">', html)
        assert form, page
        assert form.group(1).endswith("cari/")
        assert 'name="q"' in html


def test_no_inline_script_or_style(sample_site):
    for page in ["cari/index.html", "offline/index.html",
                 "kiprah/20300001-gamelan-cilik/index.html"]:
        html = (sample_site / page).read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        # the one inline style is the theme's stylesheet (its hash is in the CSP)
        assert html.count("<style>") == 1 and " style=" not in html, page


def test_offline_page_is_indonesian_and_site_absolute(sample_site):
    html = (sample_site / "offline/index.html").read_text()
    assert "Anda sedang offline" in html
    # it stands in for any URL, so nothing in it may be relative to where it sits
    assert "<style>" in html  # the stylesheet is inline: nothing to find offline
    assert 'data-sw="/sw.js"' in html
    assert "../" not in html


def test_save_button_offers_the_video_with_its_size(sample_site, showcases):
    # what is kept offline is the hemat rendition (sources are never published): the H.264
    # file, or its AV1 twin where the browser plays AV1 (theme/js/offline.js chooses)
    showcase = next(s for s in showcases if s.video.path)
    html = (sample_site / "kiprah" / showcase.slug / "index.html").read_text()
    folder = sample_site / "media" / showcase.slug
    (hemat,) = folder.glob(f"{showcase.slug}-240p-h264-*.mp4")
    (av1,) = folder.glob(f"{showcase.slug}-240p-av1-*.mp4")
    size, av1_size = hemat.stat().st_size, av1.stat().st_size
    box = re.search(r'<div class="offline-save" hidden[^>]*>', html).group(0)
    assert f'data-offline-src="../../media/{showcase.slug}/{hemat.name}"' in box
    assert f'data-offline-bytes="{size}"' in box and f'data-offline-size="{ukuran(size)}"' in box
    assert f'data-offline-av1-src="../../media/{showcase.slug}/{av1.name}"' in box
    assert f'data-offline-av1-bytes="{av1_size}"' in box
    assert f'data-offline-av1-size="{ukuran(av1_size)}"' in box
    assert 'data-offline-av1-type="video/mp4; codecs=&#34;av01' in box
    # without JavaScript the button stays hidden; its text names the H.264 size until
    # offline.js fills in the chosen file's
    assert f"Simpan untuk ditonton offline ({ukuran(size)})" in html
    assert 'data-label-save="Simpan untuk ditonton offline ({size})"' in box
    assert not (sample_site / showcase.video.path).exists()


def test_service_worker_sits_at_the_root_with_the_shell(sample_site):
    config = sw_config(sample_site)
    assert "theme/js/offline.js" in config["shell"]
    # only what is published: the stylesheet is inline in the pages, video.js is hashed
    assert not any(p.startswith("theme/css/") or p == "theme/js/video.js"
                   for p in config["shell"])
    assert config["offline"] in config["shell"] and config["offline"] == "offline/"
    for path in config["shell"]:
        assert (sample_site / path).exists(), path
    assert config["version"] == build_version(sample_site, config["shell"])
    assert "__SW_CONFIG__" not in (sample_site / "sw.js").read_text()


def test_cache_version_changes_with_the_css(tmp_path):
    (tmp_path / "theme/css").mkdir(parents=True)
    (tmp_path / "offline").mkdir()
    (tmp_path / "offline/index.html").write_text("<h1>offline</h1>")
    css = tmp_path / "theme/css/site.css"
    css.write_text("body{color:#000}")
    files = shell_files(tmp_path, ["theme"], 10_000) + ["offline/"]
    before = build_version(tmp_path, files)
    assert build_version(tmp_path, files) == before
    css.write_text("body{color:#111}")
    assert build_version(tmp_path, files) != before
    (tmp_path / "theme/css/big.css").write_bytes(b"x" * 20_000)
    assert "theme/css/big.css" not in shell_files(tmp_path, ["theme"], 10_000)


def test_a_new_stylesheet_gives_a_new_service_worker(site, tmp_path):
    first = sw_config(site.build())["version"]
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    with (theme / "static/css/site.css").open("a") as css:
        css.write("main{padding:1px}\n")
    second = sw_config(site.build(THEME=str(theme)))["version"]
    assert second != first


def test_render_refuses_a_template_without_its_config_slot():
    assert render_service_worker("const CONFIG = __SW_CONFIG__;", {"a": 1}) == \
        'const CONFIG = {"a": 1};'
    with pytest.raises(ValueError):
        render_service_worker("const CONFIG = {};", {})


def bundle_files(output: Path) -> dict[str, bytes]:
    bundle = output / "pagefind"
    return {p.relative_to(bundle).as_posix(): p.read_bytes()
            for p in bundle.rglob("*") if p.is_file()}


def test_an_unchanged_site_gets_the_same_index_bytes(site, caplog):
    """Pagefind's filter files come out in a new order on every run; the cache makes a
    rebuild of unchanged pages publish nothing new, and a changed page re-index."""
    first = bundle_files(site.build())
    caplog.set_level("INFO", logger="kasdikdas.postbuild.search.index")
    # a full build (an incremental one would find nothing changed and not run at all)
    assert bundle_files(site.build(incremental=False)) == first
    assert "indeks sudah ada di cache" in caplog.text
    caplog.clear()
    showcase = site.content / "kiprah/20300001-gamelan-cilik.md"
    showcase.write_text(showcase.read_text().replace("Pak Slamet", "Bu Sulastri"))
    changed = bundle_files(site.build())
    assert "indeks belum ada di cache" in caplog.text
    assert changed != first
    assert len(list((site.root / "cache/search").iterdir())) == 1  # only the latest kept


def test_a_failed_index_leaves_the_old_site(site):
    output = site.build()
    marker = (output / "index.html").read_text()
    with pytest.raises(SearchIndexError):
        site.build(SEARCH_PAGEFIND_BINARY="/bin/false")
    assert (output / "index.html").read_text() == marker
    assert (output / "pagefind/pagefind.js").is_file()


def test_a_site_without_showcases_builds_without_an_index(site):
    for showcase in (site.content / "kiprah").glob("*.md"):
        showcase.unlink()
    output = site.build()
    assert (output / "cari/index.html").is_file() and (output / "sw.js").is_file()
    assert not (output / "pagefind").exists()
