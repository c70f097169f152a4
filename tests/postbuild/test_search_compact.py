"""The rewrite of Pagefind's bundle that keeps a first query small (search.compact), and
the synthetic large site the benchmark measures it on (search.synthetic). The browser
checks that search still answers the same after the rewrite."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from urllib.parse import urlencode, urlsplit

import brotli
import pytest
from kasdikdas.postbuild.search.compact import (
    SIGNATURE,
    UnknownLayout,
    base36,
    compact_bundle,
    decode,
    encode,
    read_file,
    rechunk,
)
from kasdikdas.postbuild.search.index import run_pagefind
from kasdikdas.postbuild.search.settings import DEFAULTS

SETTINGS = {**DEFAULTS, "ARTICLE_SAVE_AS": "kiprah/{slug}/index.html"}


def indexed_copy(sample_site, target, **settings):
    """The built sample site in `target`, indexed again with these search settings."""
    shutil.copytree(sample_site, target, ignore=shutil.ignore_patterns("pagefind"),
                    copy_function=os.link)
    return run_pagefind(target, {**SETTINGS, **settings})


def all_words(bundle):
    meta = read_file(next(bundle.glob("pagefind.*.pf_meta")))
    return meta, [entry for chunk in meta[2]
                  for entry in read_file(bundle / "index" / f"{chunk[2]}.pf_index")[0]]


def test_the_codec_reencodes_every_item_kind_exactly():
    item = [0, 23, 24, 255, 256, 65536, 2**32, -1, -25, -300, "", "kata", "é" * 30,
            b"\x00\x01", [], [[1, [-25, 5]], []], {"a": [1]}, None, True, False]
    data = encode(item)
    assert decode(data) == (item, len(data))
    assert encode(decode(bytes.fromhex("1903e8"))[0]) == bytes.fromhex("1903e8")  # 1000
    assert decode(b"\x00" + data, 1) == (item, 1 + len(data))  # at an offset (after the signature)
    with pytest.raises(UnknownLayout):
        decode(data[:-3])  # cut short


def test_base36_names_are_short_and_distinct():
    names = [base36(n) for n in range(5000)]
    assert names[:3] == ["0", "1", "2"] and names[35] == "z" and names[36] == "10"
    assert len(set(names)) == 5000 and max(map(len, names)) == 3


def test_rechunk_keeps_every_word_in_order_within_the_size():
    entries = [[f"kata{n:03d}", [[n, [-25, n]]], []] for n in range(200)]
    entries.insert(50, ["murid", [[n, [-25, 1, 2, 3]] for n in range(500)], []])  # huge
    words = [(entry[0], encode(entry)) for entry in entries]
    chunks = rechunk(words, 300)
    assert [w for chunk in chunks for w in chunk] == words
    assert ["murid"] == [w[0] for w in next(c for c in chunks if c[0][0] == "murid")]
    for chunk in chunks:
        assert len(chunk) == 1 or len(encode([[decode(raw)[0] for _, raw in chunk]])) <= 300 + 10


def test_pagefinds_files_round_trip_and_compact(sample_site, tmp_path):
    bundle = indexed_copy(sample_site, tmp_path / "situs", SEARCH_COMPACT=False)
    meta_file = next(bundle.glob("pagefind.*.pf_meta"))
    meta, words = all_words(bundle)  # read_file checks the exact round trip
    old_names = [page[0] for page in meta[1]]
    assert all(re.fullmatch(r"id_[0-9a-f]{7}", name) for name in old_names)

    done = compact_bundle(bundle, chunk_bytes=1500)

    new_meta, new_words = all_words(bundle)
    assert done == {"pages": len(old_names), "chunks": len(new_meta[2])}
    assert len(new_meta[2]) > 3 > len(meta[2])  # the sample fits Pagefind's one chunk
    assert new_words == words  # the same postings, cut differently
    for start, end, name in new_meta[2]:
        entries = read_file(bundle / "index" / f"{name}.pf_index")[0]
        assert (entries[0][0], entries[-1][0]) == (start, end)
    new_names = [page[0] for page in new_meta[1]]
    assert all(len(name) <= 6 for name in new_names) and len(set(new_names)) == len(new_names)
    assert [p[1] for p in new_meta[1]] == [p[1] for p in meta[1]]  # word counts kept
    assert sorted(p.stem for p in (bundle / "fragment").iterdir()) == sorted(new_names)
    assert len(list((bundle / "index").iterdir())) == len(new_meta[2])
    assert meta_file.exists()


def test_an_unknown_layout_leaves_the_bundle_as_pagefind_wrote_it(sample_site, tmp_path):
    bundle = indexed_copy(sample_site, tmp_path / "situs", SEARCH_COMPACT=False)
    meta_file = next(bundle.glob("pagefind.*.pf_meta"))
    meta = read_file(meta_file)
    meta[1][0].append("baru")  # a page with a third field: a future Pagefind
    meta_file.write_bytes(gzip.compress(SIGNATURE + encode(meta)))
    before = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert compact_bundle(bundle) == {}
    assert {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before


def test_the_synthetic_site_varies_the_facts_and_indexes_every_page(sample_site, tmp_path):
    from bench.search_synthetic import synthetic_site

    site = synthetic_site(sample_site, tmp_path / "besar", showcases=120)
    pages = sorted(site.glob("kiprah/*/index.html"))
    assert len(pages) == 120
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["id"]["page_count"] == 120
    facts = {re.search(r'data-pagefind-meta="sekolah\[data-value\]" data-value="([^"]*)"',
                       page.read_text()).group(1) for page in pages}
    titles = {re.search(r"<h1>(.*?)</h1>", page.read_text()).group(1) for page in pages}
    assert len(facts) > 50 and len(titles) > 50
    # the sample's own showcases are gone; its other pages are still there
    assert not list(site.glob("kiprah/2030*/index.html"))
    assert (site / "cari/index.html").is_file()


QUERIES = [{"q": "gamelan"}, {"q": "gamel"}, {"q": "latihan"}, {"q": "murid"},
           {"q": "sekolah", "jenjang": "SMP"}, {"kecamatan": "Cepu"},
           {"q": "kelas", "kategori": "Inovasi Pembelajaran"}]


def test_search_answers_the_same_after_the_rewrite(sample_site, tmp_path):
    """Pagefind's own bundle and the rewritten one (names, index cut into many small
    chunks) give the same results, facts and counts in a real browser."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from bench.search_measure import launch_chromium, serve
    from test_search_browser import results

    def answers(site, browser):
        seen = []
        with serve(site) as base_url:
            context = browser.new_context()
            page = context.new_page()
            for params in QUERIES:
                page.goto(f"{base_url}cari/?{urlencode(params)}")
                shown = results(page)
                seen.append((params, page.locator("[data-search-status]").inner_text(), shown,
                             page.locator("[data-search-results] .search-facts").all_inner_texts()))
            context.close()
        return seen

    plain = indexed_copy(sample_site, tmp_path / "asli", SEARCH_COMPACT=False).parent
    small = indexed_copy(sample_site, tmp_path / "ringkas", SEARCH_INDEX_CHUNK_BYTES=1500).parent
    assert len(list((small / "pagefind/index").iterdir())) > 3
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            before, after = answers(plain, browser), answers(small, browser)
        finally:
            browser.close()
    assert after == before
    assert all(shown for _params, _status, shown, _facts in before[:4])
    assert any(" · " in fact for *_rest, facts in before for fact in facts)


def test_a_brotli_host_sends_the_unpacked_twins_and_finds_the_same(sample_site):
    """The same first query on the two hosts the measure knows: the gzip host sends
    Pagefind's files as they are stored (packed), the brotli host their twins, which
    pagefind.js reads unpacked; both find the same, the brotli host for fewer bytes."""
    pytest.importorskip("playwright.sync_api")
    from kasdikdas.postbuild.hosting.twins import unpacked_twin
    from kasdikdas.postbuild.search.index import PACKED_SUFFIXES
    from bench.search_measure import first_query_bytes

    on = {host: first_query_bytes(sample_site, "gamelan", host=host)
          for host in ("gzip", "brotli")}
    assert on["brotli"].results == on["gzip"].results >= 1
    assert on["brotli"].search_bytes < on["gzip"].search_bytes
    for host, result in on.items():
        packed = {url: size for url, size in result.search_files().items()
                  if url.endswith(PACKED_SUFFIXES)}
        assert {url.rsplit(".", 1)[-1] for url in packed} >= {"pagefind", "pf_meta", "pf_index"}
        for url, size in packed.items():
            stored = (sample_site / urlsplit(url).path.lstrip("/")).read_bytes()
            if host == "gzip":
                assert (result.encodings[url], size) == ("", len(stored)), url
            else:
                assert (result.encodings[url], size) == ("br", len(unpacked_twin(stored))), url


@pytest.mark.parametrize("host, accept, name, coding", [
    ("gzip", "gzip, deflate, br", "pagefind/a.pf_index", None),  # as Pagefind packed it
    ("gzip", "gzip, deflate, br", "cari/index.html", "gzip"),
    ("brotli", "gzip, deflate, br", "pagefind/a.pf_index", "br"),
    ("brotli", "gzip", "pagefind/a.pf_index", None),  # no br: the packed file
    ("brotli", "br;q=1.0, gzip;q=0.5", "cari/index.html", "br"),
    ("brotli", "gzip", "cari/index.html", "gzip"),
    ("brotli", "", "cari/index.html", None),
    ("brotli", "gzip, br", "media/a.webp", None),  # media as it is
])
def test_each_host_encodes_what_a_real_one_would(tmp_path, host, accept, name, coding):
    from bench.search_measure import encoded_body

    unpacked = SIGNATURE + b"kata" * 500
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind/a.pf_index").write_bytes(gzip.compress(unpacked))
    (tmp_path / "cari").mkdir()
    (tmp_path / "cari/index.html").write_text("<p>cari</p>" * 100)
    (tmp_path / "media").mkdir()
    (tmp_path / "media/a.webp").write_bytes(b"RIFF" * 100)
    encoded = encoded_body(tmp_path / name, host, accept)
    assert (encoded[1] if encoded else None) == coding
    if coding == "br" and name.endswith(".pf_index"):
        assert brotli.decompress(encoded[0]) == unpacked
    elif coding:
        decode = brotli.decompress if coding == "br" else gzip.decompress
        assert decode(encoded[0]) == (tmp_path / name).read_bytes()
