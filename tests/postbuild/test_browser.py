"""What a person on a cheap phone gets, in a real browser (Debian chromium via Playwright)
against the built sample site on 127.0.0.1, served with the site's own CSP: pages that fit
360 px with and without JavaScript and break no CSP rule, a video that moves no byte before
play and plays the hemat tier, tiers that play and download with or without JavaScript,
nothing from another host, and zero axe-core violations. Screenshots at 360 px land in
test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from support import ROOT
from bench.budget import BUDGETS, first_view, sent_file, site_file

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies

AXE = ROOT / "node_modules/axe-core/axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 360, "height": 640}
PAGES = {
    "beranda": "/",
    "direktori": "/sekolah/",
    "sekolah": "/sekolah/20300001/",
    "kiprah": "/kiprah/20300001-gamelan-cilik/",  # has a standar tier and captions
    "kategori": "/kategori/kreativitas-siswa/",
}
SHOWCASE = PAGES["kiprah"]
# what a page's HTML asks for (the budget checker reads these from the HTML)
PAGE_RESOURCES = {"document", "stylesheet", "script", "image", "media", "texttrack", "font"}
VIDEO = "document.querySelector('video')"


@pytest.fixture(scope="module")
def phones(browser):
    """A 360x640 phone with JavaScript and one without, each one tab reused by the tests,
    noting console errors (a CSP violation is one); and one for axe-core, whose injected
    script the CSP would rightly refuse."""
    made = {}
    for key, options in ((True, {}), (False, {"java_script_enabled": False}),
                         ("axe", {"bypass_csp": True})):
        page = browser.new_context(viewport=PHONE, **options).new_page()
        page.errors = []
        page.on("console", lambda m, page=page: page.errors.append(m.text)
                if m.type == "error" else None)
        page.on("pageerror", lambda e, page=page: page.errors.append(str(e)))
        made[key] = page
    yield made
    for page in made.values():
        page.context.close()


@pytest.fixture
def fresh_phone(browser):
    """A phone with an empty cache and storage, recording every request it makes."""
    def make(js=True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=js)
        page = context.new_page()
        page.requests = []
        context.on("request", lambda request: page.requests.append(request))
        contexts.append(context)
        return page

    contexts = []
    yield make
    for context in contexts:
        context.close()


def visit(page, url: str) -> list:
    """Open a page and wait until the network is quiet; every request made on the way."""
    requests = []

    def record(request):
        requests.append(request)

    page.on("request", record)
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        page.remove_listener("request", record)
    return requests


def assert_local(requests, served: str):
    hosts = {urlsplit(r.url).netloc for r in requests}
    assert hosts == {urlsplit(served).netloc}, hosts


def poll(page, expression: str, seconds: float) -> bool:
    """Evaluate until true (page.wait_for_function cannot poll a page without JavaScript)."""
    for _ in range(int(seconds * 5)):
        if page.evaluate(expression):
            return True
        page.wait_for_timeout(200)
    return False


def tap_play(page) -> None:
    """Play as a keyboard user does: focus the player and press Space (works with and
    without JavaScript; Chromium's own controls handle it)."""
    page.focus("video")
    for _ in range(3):
        page.wait_for_timeout(400)  # the controls take a moment to attach their keys
        page.keyboard.press("Space")
        if poll(page, f"!{VIDEO}.paused", 3):
            return
    raise AssertionError("the video did not start")


def wait_playing(page, url_part: str) -> None:
    """The player's current file contains url_part and its time advances."""
    assert poll(page, f"{VIDEO}.currentSrc.includes({url_part!r}) && {VIDEO}.currentTime > 0.5",
                15), page.evaluate(f"[{VIDEO}.currentSrc, {VIDEO}.currentTime, {VIDEO}.paused]")


def fetched_bytes(output: Path, requests) -> int:
    """What the requests cost as a host sends them (each URL once)."""
    paths = {urlsplit(r.url).path for r in requests}
    return sum(sent_file(site_file(output, path)) for path in paths)


def tier_urls(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "a.putar", "links => Object.fromEntries(links.map(a => [a.dataset.tier, a.href]))")


@pytest.mark.parametrize("js", [True, False], ids=["js", "tanpa-js"])
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_360px_phone_from_this_host_only(phones, served, name, js):
    page = phones[js]
    page.errors.clear()
    requests = visit(page, served + PAGES[name])
    assert_local(requests, served)
    assert page.eval_on_selector(".kepala", "e => getComputedStyle(e).backgroundColor") \
        == "rgb(11, 93, 59)"  # the stylesheet applied
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("h1").count() == 1 and page.locator("h1").is_visible()
    assert page.errors == []  # no CSP violation, no script error
    if js:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"360-{name}.png", full_page=True)


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_accessibility_violations(phones, served, name):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` in the project root"
    page = phones["axe"]
    page.goto(served + PAGES[name], wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))")
    assert violations == [], violations


@pytest.mark.parametrize("js", [True, False], ids=["js", "tanpa-js"])
def test_first_view_fetches_no_video_and_no_more_than_the_budget_counts(fresh_phone, served,
                                                                       site_server, sample_site,
                                                                       js):
    page = fresh_phone(js)
    asked = len(site_server.requested)
    page.goto(served + SHOWCASE, wait_until="networkidle")
    page.wait_for_timeout(500)  # anything late (a track, an icon) shows up too
    assert_local(page.requests, served)
    assert not [r.url for r in page.requests if r.resource_type == "media"
                or urlsplit(r.url).path.endswith(".mp4")]
    assert not [p for p in site_server.requested[asked:] if p.endswith(".mp4")]  # host's view
    weight = first_view(sample_site, SHOWCASE)
    counted = {urljoin(served + SHOWCASE, r.url) for r in weight.resources}
    asked_by_page = {r.url for r in page.requests
                     if r.resource_type in PAGE_RESOURCES and r.service_worker is None}
    assert asked_by_page <= counted, asked_by_page - counted  # the checker misses nothing
    # everything fetched, the offline service worker's precache included, within budget
    assert fetched_bytes(sample_site, page.requests) <= BUDGETS["showcase"]
    assert weight.sent <= BUDGETS["showcase"]


def test_home_with_javascript_fetches_few_posters_and_keeps_its_budget(fresh_phone, served,
                                                                       sample_site):
    page = fresh_phone(True)
    page.goto(served + "/", wait_until="networkidle")
    assert_local(page.requests, served)
    listed = page.locator(".daftar-kiprah img").count()
    posters = [r.url for r in page.requests if "/media/" in r.url]
    # lazy loading works: Chromium fetches the first poster and those near the screen
    # (its own margin), not the whole list; always the WebP, never the JPEG fallback
    assert 1 <= len(posters) < listed and all(p.endswith(".webp") for p in posters)
    first = page.get_attribute(".daftar-kiprah source", "srcset")
    assert urljoin(served + "/", first) in posters
    # even with the posters near the first screen and the offline precache
    assert fetched_bytes(sample_site, page.requests) <= BUDGETS["home"]


def source_urls(page) -> list[str]:
    return page.eval_on_selector_all("video source", "sources => sources.map(s => s.src)")


@pytest.mark.parametrize("js", [True, False], ids=["js", "tanpa-js"])
def test_the_video_plays_the_hemat_tier_in_av1(fresh_phone, served, js):
    page = fresh_phone(js)
    page.goto(served + SHOWCASE, wait_until="networkidle")
    av1, h264 = source_urls(page)
    assert "-240p-av1-" in av1 and "-240p-h264-" in h264  # AV1 first, H.264 second
    hemat = tier_urls(page)["hemat"]
    # with JavaScript the tier links follow the codec this browser plays, sizes included
    assert hemat == (av1 if js else h264)
    if js:
        link = 'a.putar[data-tier="hemat"]'
        assert page.inner_text(f"{link} .ukuran") == page.get_attribute(link, "data-av1-size")
    assert page.evaluate(f"{VIDEO}.currentSrc") in ("", av1)  # nothing loaded yet
    tap_play(page)
    wait_playing(page, urlsplit(av1).path)  # chromium decodes AV1: the first <source>
    videos = {r.url for r in page.requests if urlsplit(r.url).path.endswith(".mp4")}
    assert videos == {av1}
    # the captions track is there and showing
    assert page.evaluate(f"[...{VIDEO}.textTracks].map(t => [t.kind, t.language, t.mode])") \
        == [["captions", "id", "showing"]]


def test_a_browser_without_av1_plays_h264_and_its_links_and_sizes_are_h264(browser, served):
    """A phone without AV1 (an older iPhone). Chromium always decodes AV1, so it is made
    unplayable twice over: the page's scripts hear canPlayType/MediaSource say no, and the
    AV1 files fail to load, so the <video> moves to its next <source> as a browser that
    skips the AV1 type does (HTML's resource selection, no script of ours involved)."""
    from test_search_browser import NO_AV1

    context = browser.new_context(viewport=PHONE)
    context.add_init_script(NO_AV1)
    context.route("**/*-av1-*.mp4", lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(served + SHOWCASE, wait_until="networkidle")
        av1, h264 = source_urls(page)
        tiers = tier_urls(page)
        assert tiers["hemat"] == h264 and "-360p-h264-" in tiers["standar"]
        link = 'a.putar[data-tier="hemat"]'
        assert page.inner_text(f"{link} .ukuran") != page.get_attribute(link, "data-av1-size")
        tap_play(page)
        wait_playing(page, urlsplit(h264).path)
        # a tier switch stays in H.264 too
        page.click('a.putar[data-tier="standar"]')
        wait_playing(page, urlsplit(tiers["standar"]).path)
    finally:
        context.close()


def test_a_tier_switch_plays_the_other_file_in_place_and_is_remembered(fresh_phone, served,
                                                                       site_server):
    page = fresh_phone(True)
    page.goto(served + SHOWCASE, wait_until="networkidle")
    tiers = tier_urls(page)
    assert list(tiers) == ["hemat", "standar"]
    tap_play(page)
    wait_playing(page, urlsplit(tiers["hemat"]).path)
    page.click('a.putar[data-tier="standar"]')
    wait_playing(page, urlsplit(tiers["standar"]).path)
    assert page.url == served + SHOWCASE  # no reload, no navigation
    assert page.get_attribute('a.putar[data-tier="standar"]', "aria-current") == "true"
    assert page.get_attribute('a.putar[data-tier="hemat"]', "aria-current") is None
    # the next visit starts on the remembered tier, still without fetching video
    page.goto(served + "/")
    before, asked = len(page.requests), len(site_server.requested)
    page.goto(served + SHOWCASE, wait_until="networkidle")
    page.wait_for_timeout(500)
    assert page.evaluate(f"{VIDEO}.currentSrc") == tiers["standar"]
    assert page.get_attribute('a.putar[data-tier="standar"]', "aria-current") == "true"
    assert not [r.url for r in page.requests[before:] if r.resource_type == "media"]
    assert not [p for p in site_server.requested[asked:] if p.endswith(".mp4")]
    # a phone asking to save data keeps the hemat tier whatever was remembered
    saver = page.context.new_page()
    saver.add_init_script("Object.defineProperty(navigator, 'connection',"
                          " {value: {saveData: true}, configurable: true})")
    saver.goto(served + SHOWCASE, wait_until="networkidle")
    assert saver.evaluate(f"{VIDEO}.currentSrc") in ("", tiers["hemat"])
    assert saver.get_attribute('a.putar[data-tier="hemat"]', "aria-current") == "true"
    tap_play(saver)
    wait_playing(saver, urlsplit(tiers["hemat"]).path)


def test_without_javascript_a_tier_link_plays_that_file_and_download_saves_it(fresh_phone,
                                                                             served):
    page = fresh_phone(False)
    page.goto(served + SHOWCASE, wait_until="networkidle")
    standar = tier_urls(page)["standar"]
    with page.expect_response(standar) as response:
        page.click('a.putar[data-tier="standar"]')
    assert response.value.status == 200
    assert response.value.headers["content-type"] == "video/mp4"
    assert page.url == standar  # the browser's own player opens the chosen file
    page.go_back(wait_until="networkidle")
    with page.expect_download() as download:
        page.click(f'a[download][href$="{urlsplit(standar).path.rsplit("/", 1)[1]}"]')
    assert download.value.suggested_filename == Path(urlsplit(standar).path).name
    h264_bytes = Path(download.value.path()).stat().st_size
    assert h264_bytes > 100_000 and "-360p-h264-" in download.value.suggested_filename
    # the second download link of the tier: the smaller AV1 file
    with page.expect_download() as download:
        page.click('a.putar[data-tier="standar"] ~ a[download][data-codec="av1"]')
    assert "-360p-av1-" in download.value.suggested_filename
    assert 0 < Path(download.value.path()).stat().st_size < h264_bytes
