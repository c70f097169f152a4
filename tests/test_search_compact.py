"""The rewrite of Pagefind's bundle that keeps a first query small (search.compact), and
the synthetic large site the benchmark measures it on (search.synthetic). The browser
checks that search still answers the same after the rewrite."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from urllib.parse import urlencode

import pytest
from search.compact import (
    SIGNATURE,
    UnknownLayout,
    base36,
    compact_bundle,
    decode,
    encode,
    read_file,
    rechunk,
)
from search.index import run_pagefind
from search.settings import DEFAULTS

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
    from search.synthetic import synthetic_site

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
    from search.measure import launch_chromium, serve
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


def test_an_unpacked_bundle_is_found_the_same_and_sent_compressed(sample_site, tmp_path):
    """SEARCH_UNPACK_BUNDLE: Pagefind's files stored unpacked; pagefind.js reads them as
    they are and a host that compresses them sends fewer bytes than Pagefind's gzip."""
    pytest.importorskip("playwright.sync_api")
    from search.measure import first_query_bytes

    packed = indexed_copy(sample_site, tmp_path / "asli").parent
    unpacked = indexed_copy(sample_site, tmp_path / "lepas", SEARCH_UNPACK_BUNDLE=True).parent
    wasm = (unpacked / "pagefind/wasm.id.pagefind").read_bytes()
    assert wasm.startswith(b"pagefind_dcd\0asm") and (packed / "pagefind/wasm.id.pagefind").read_bytes()[:2] == b"\x1f\x8b"
    assert not [p for p in (unpacked / "pagefind").rglob("*.pf_*") if p.read_bytes()[:2] == b"\x1f\x8b"]
    before = first_query_bytes(packed, "gamelan")
    after = first_query_bytes(unpacked, "gamelan")
    assert after.results == before.results >= 1
    assert after.search_bytes <= before.search_bytes + 500  # gzip of unpacked ≈ Pagefind's
