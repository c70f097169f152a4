"""Search and offline reading in a real browser (Debian's chromium via Playwright) on the
built sample site, served on 127.0.0.1 with gzip and the site's CSP (search.measure)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from kasdikdas.idformat import tanggal, ukuran
from bench.search_measure import BUDGET_BYTES, first_query_bytes, serve

from support import CONTENT

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies


@pytest.fixture(scope="module")
def served(sample_site):
    with serve(sample_site) as base_url:
        yield base_url


@pytest.fixture
def page(browser):
    """A fresh context: empty cache, no service worker; console errors collected."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.errors = []  # script errors, CSP violations, failed requests (but a favicon)
    page.on("console", lambda m: page.errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    yield page
    context.close()


@pytest.fixture(scope="module")
def by_slug():
    from test_search import showcases_of

    return {s.slug: s for s in showcases_of()}


def search(page, base_url, **params):
    """Open /cari/ with the query in the URL; the slugs of the results shown."""
    page.goto(f"{base_url}cari/?{urlencode(params)}")
    return results(page)


def results(page):
    page.wait_for_function(
        "() => ['done', 'failed'].includes(document.querySelector('[data-search]').dataset.state)")
    assert page.locator("[data-search]").get_attribute("data-state") == "done"
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in page.eval_on_selector_all(
        "[data-search-results] h2 a", "links => links.map(a => a.getAttribute('href'))")]


def test_a_word_from_a_showcase_finds_it_with_title_school_and_date(page, served, by_slug):
    showcase = by_slug["20300001-gamelan-cilik"]
    assert "gamelan" in (CONTENT / showcase.source_path).read_text().lower()
    found = search(page, served, q="gamelan")
    assert showcase.slug in found
    item = page.locator("[data-search-results] li").nth(found.index(showcase.slug))
    assert item.locator("h2").inner_text() == showcase.title
    facts = item.locator(".search-facts").inner_text()
    assert showcase.school.name in facts and tanggal(showcase.date) in facts
    assert "gamelan" in item.locator("mark").first.inner_text().lower()
    assert page.locator("[data-search-nojs]").is_hidden()
    # under the site's own strict policy, with no violation and no script error
    policy = page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))")
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy and "unsafe-inline" not in policy
    assert not page.errors


def test_indonesian_stemming_finds_other_word_forms(page, served, by_slug):
    showcase = by_slug["20300001-gamelan-cilik"]
    text = (CONTENT / showcase.source_path).read_text().lower()
    assert "berlatih" in text and "latihan" not in text
    assert showcase.slug in search(page, served, q="latihan")


QUIET_SHOWCASE = """---
title: Lomba Kebersihan Kelas
date: 2024-11-02
school: "20300002"
category: kegiatan-sekolah
video: videos/20300001-gamelan-cilik.mp4
poster: images/kebersihan.jpg
summary: Setiap kelas merapikan ruangnya sendiri.
consent: true
---
Murid menyapu, mengepel dan menata taman kelas bersama wali kelas.
"""


def test_the_kecamatan_is_searchable_even_when_the_text_never_names_it(page, site):
    """SD Negeri 2 Tempelan lies in kecamatan Blora; this showcase's text never says so,
    the page's facts (from the registry) do. Its result shows its poster as thumbnail."""
    from PIL import Image

    site.write("kiprah/20300002-lomba-kebersihan.md", QUIET_SHOWCASE)
    (site.content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (160, 90), (30, 120, 60)).save(site.content / "images/kebersihan.jpg")
    output = site.build()
    assert "blora" not in QUIET_SHOWCASE.lower()
    with serve(output) as base_url:
        assert "20300002-lomba-kebersihan" not in search(page, base_url, q="Cepu")
        found = search(page, base_url, q="Blora")
        assert "20300002-lomba-kebersihan" in found
        thumb = page.locator("[data-search-results] li").nth(
            found.index("20300002-lomba-kebersihan")).locator("img")
        # the editor's poster, as the video plugin re-encodes it (the original stays private)
        src = thumb.get_attribute("src")
        assert re.fullmatch(rf"{re.escape(base_url)}media/20300002-lomba-kebersihan/"
                            r"20300002-lomba-kebersihan-poster-[0-9a-f]{8}\.webp", src), src
        thumb.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth === 160",
                               arg=thumb.element_handle())


def found_count(page):
    return int(page.locator("[data-search-status]").inner_text().split()[0])


def test_filters_narrow_the_results(page, served, by_slug):
    page.goto(f"{served}cari/?q=sekolah")
    everything = results(page)
    levels = {by_slug[slug].school.level.code for slug in everything}
    assert levels == {"SD", "SMP"}, "the query must span both levels for this test"
    before = found_count(page)
    page.select_option("#cari-jenjang", "SMP")
    page.wait_for_url("**/cari/?q=sekolah&jenjang=SMP")
    narrowed = results(page)
    assert narrowed and 0 < found_count(page) < before
    assert {by_slug[slug].school.level.code for slug in narrowed} == {"SMP"}


def test_filters_alone_list_exactly_the_matching_showcases(page, served, by_slug):
    some = next(s for s in by_slug.values() if s.school.level.code == "SMP")
    level, kecamatan = "SMP", some.school.kecamatan.name
    expected = {s.slug for s in by_slug.values()
                if s.school.level.code == level and s.school.kecamatan.name == kecamatan}
    found = search(page, served, jenjang=level, kecamatan=kecamatan)
    assert len(found) == len(set(found)) and set(found) == expected
    assert page.locator("#cari-kecamatan").input_value() == kecamatan


def test_long_result_lists_come_ten_at_a_time(page, served, by_slug):
    expected = {slug for slug, s in by_slug.items() if "Negeri" in s.school.name}
    assert len(expected) > 10, "the sample needs more than one page of results"
    first = search(page, served, q="Negeri")
    assert len(first) == 10
    total = found_count(page)
    assert total >= len(expected)
    page.click("[data-search-more]")
    page.wait_for_function(f"() => document.querySelectorAll('[data-search-results] li').length"
                           f" === {min(total, 20)}")
    shown = results(page)
    assert expected <= set(shown) and len(shown) == len(set(shown))


def test_the_header_box_leads_to_results(page, served):
    page.goto(served)
    page.fill("#header-q", "gamelan")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/cari/?q=gamelan")
    assert "20300001-gamelan-cilik" in results(page)


def test_first_query_fetches_at_most_the_budget(browser, served, sample_site):
    measured = first_query_bytes(sample_site, "gamelan", browser=browser, base_url=served)
    assert measured.results >= 1
    library = [url for url in measured.files if url.endswith(("pagefind.js", ".pagefind"))]
    assert len(library) == 2, "the search library itself is counted"
    assert 0 < measured.search_bytes <= BUDGET_BYTES, measured.files


def test_without_javascript_search_says_so_and_offers_the_lists(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}cari/?q=gamelan")
    message = page.locator("[data-search-nojs]")
    assert message.is_visible()
    assert "memerlukan JavaScript" in message.inner_text()
    assert page.locator("[data-search]").is_hidden()
    assert page.locator("[data-search-nojs] a[href='../sekolah/']").is_visible()
    context.close()


# Offline reading --------------------------------------------------------------------

def eventually(page, script, timeout_ms=20_000):
    """Poll an async script until it returns something truthy (wait_for_function does
    not wait for promises)."""
    for _ in range(timeout_ms // 100):
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


def controlled(page):
    """Wait until the service worker controls the page (installed, shell cached)."""
    eventually(page, "async () => { await navigator.serviceWorker.ready;"
                     " return navigator.serviceWorker.controller !== null; }")


def test_opened_pages_load_offline_and_others_show_the_offline_page(page, served, by_slug):
    opened, never = "20300001-gamelan-cilik", "20300003-laboratorium-jagung"
    page.goto(served)
    controlled(page)
    page.goto(f"{served}kiprah/{opened}/")
    page.context.set_offline(True)
    try:
        page.goto(f"{served}kiprah/{opened}/")
        assert page.locator("h1").inner_text() == by_slug[opened].title
        # the stylesheet came from the cache too
        assert page.evaluate("() => document.styleSheets[0].cssRules.length") > 0
        page.goto(served)  # the first page, opened before the worker existed
        assert page.locator("form.header-search").count() == 1
        page.goto(f"{served}kiprah/{never}/")
        assert page.locator("h1").inner_text() == "Anda sedang offline"
        assert page.evaluate("() => document.styleSheets[0].cssRules.length") > 0
        # it lists what the device kept, by title, and those links open offline
        kept = page.locator("[data-offline-pages] a", has_text=by_slug[opened].title)
        kept.click()
        page.wait_for_url(f"{served}kiprah/{opened}/")
        assert page.locator("h1").inner_text() == by_slug[opened].title
    finally:
        page.context.set_offline(False)


# A browser that does not play AV1, as far as the page's scripts can tell (Chromium
# itself always decodes it; tests/postbuild/test_browser.py also makes the player fall back).
NO_AV1 = """(() => {
  const said = HTMLMediaElement.prototype.canPlayType;
  HTMLMediaElement.prototype.canPlayType = function (type) {
    return /av01/i.test(type) ? "" : said.call(this, type);
  };
  if (window.MediaSource) {
    const supported = MediaSource.isTypeSupported.bind(MediaSource);
    MediaSource.isTypeSupported = (type) => (/av01/i.test(type) ? false : supported(type));
  }
})();"""


@pytest.mark.parametrize("codec", ["av1", "h264"])
def test_a_saved_video_plays_offline_and_can_be_removed(page, served, by_slug, sample_site, codec):
    """Chromium plays AV1, so it keeps the smaller AV1 file; a browser that does not keeps
    the H.264 one. Either way the saved file is the one its player picks offline."""
    if codec == "h264":
        page.add_init_script(NO_AV1)
    showcase = by_slug["20300001-gamelan-cilik"]
    (saved,) = (sample_site / "media" / showcase.slug).glob(f"*-240p-{codec}-*.mp4")
    size = saved.stat().st_size
    page.goto(f"{served}kiprah/{showcase.slug}/")
    controlled(page)
    button = page.locator(".offline-save button")
    assert button.inner_text() == f"Simpan untuk ditonton offline ({ukuran(size)})"
    button.click()
    page.wait_for_selector(".offline-save[data-offline-saved=true]")
    assert button.inner_text().startswith("Hapus video offline")
    kept = page.evaluate("async () => (await (await caches.open('kas-video')).keys()).map(r => r.url)")
    assert [url.rsplit("/", 1)[1] for url in kept] == [saved.name]
    page.context.set_offline(True)
    try:
        page.reload()
        assert page.locator("h1").inner_text() == showcase.title
        if codec == "h264":  # the player's own choice is AV1 in Chromium: point it at H.264
            page.evaluate("() => { const v = document.querySelector('video');"
                          " v.src = document.querySelectorAll('video source')[1].src; }")
        page.evaluate("() => { const v = document.querySelector('video');"
                      " v.muted = true; return v.play(); }")
        page.wait_for_function("() => document.querySelector('video').currentTime > 0.5")
        assert page.evaluate("() => document.querySelector('video').error") is None
        assert page.evaluate("() => document.querySelector('video').currentSrc").endswith(saved.name)
    finally:
        page.context.set_offline(False)
    page.locator(".offline-save button").click()
    page.wait_for_selector(".offline-save[data-offline-saved=false]")
    assert page.evaluate("async () => (await (await caches.open('kas-video')).keys()).length") == 0


def test_a_new_deploy_replaces_the_cached_stylesheet(page, site, tmp_path):
    """The service worker's version follows the build: after a deploy with new CSS the
    old shell cache is gone and, offline, the page gets the new stylesheet."""
    import re
    import shutil

    from support import ROOT

    from bench.search_measure import HOSTING
    from kasdikdas.postbuild.assets import theme_csp_hashes
    from kasdikdas.postbuild.hosting.rules import site_csp

    output = site.build()
    old = re.search(r'"version": "(\w+)"', (output / "sw.js").read_text()).group(1)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    with (theme / "static/css/site.css").open("a") as css:
        css.write("main{outline:1px solid #123456}\n")
    # the host's policy allows the inline stylesheet of both deploys (each page names its own)
    hashes = sorted({*theme_csp_hashes(ROOT / "theme")["style-src"],
                     *theme_csp_hashes(theme)["style-src"]})
    with serve(output, csp=site_csp({**HOSTING, "HOSTING_CSP_HASHES": {"style-src": hashes}})) \
            as base_url:
        page.goto(base_url)
        controlled(page)
        page.reload()  # now through the worker: the old CSS is kept with the page too
        assert f"kas-shell-{old}" in page.evaluate("() => caches.keys()")
        site.build(THEME=str(theme))
        new = re.search(r'"version": "(\w+)"', (output / "sw.js").read_text()).group(1)
        assert new != old
        page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
        eventually(page, f"async () => {{ const k = await caches.keys(); return"
                         f" k.includes('kas-shell-{new}') && !k.includes('kas-shell-{old}'); }}")
        page.context.set_offline(True)
        try:
            page.goto(f"{base_url}offline/")
            css = page.evaluate(
                "() => [...document.styleSheets[0].cssRules].map(r => r.cssText).join()")
            assert "18, 52, 86" in css or "#123456" in css
        finally:
            page.context.set_offline(False)


def test_published_under_a_subpath_search_and_offline_still_work(page, site):
    """publishconf.py (absolute URLs) on a host that serves the site under /output/,
    like a GitHub Pages project site: results, the worker's scope and the offline page."""
    with serve(site.root) as host:
        site.build("publishconf.py", SITEURL=f"{host}output")
        base_url = f"{host}output/"
        assert "20300001-gamelan-cilik" in search(page, base_url, q="gamelan")
        page.click("[data-search-results] h2 a >> nth=0")
        page.wait_for_url(f"{base_url}kiprah/*/")
        controlled(page)
        scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
        assert scope == base_url
    # Offline for certain: the host is gone as well. With the browser's offline switch
    # alone, one CI run got the page from the host through the service worker (the
    # switch reaches a worker only once Playwright has attached to it).
    page.context.set_offline(True)
    try:
        page.goto(f"{base_url}kiprah/20300003-laboratorium-jagung/")
        assert page.locator("h1").inner_text() == "Anda sedang offline"
        assert page.evaluate("() => document.styleSheets[0].cssRules.length") > 0
    finally:
        page.context.set_offline(False)
