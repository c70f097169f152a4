"""Sharing a showcase (issue 25): plain WhatsApp, Facebook, Telegram and X links that carry
the page's address and work without JavaScript, "Salin tautan" and the phone's share
sheet only where the browser has them, nothing fetched before a tap, the page inside its
budget and its CSP, valid and accessible. The sample site built with an absolute address
(CANONICAL_SITEURL), as a publish build has; the development build has none and no links."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from bench.budget import BUDGETS, first_view
from kasdikdas.build import build_site
from support import CONTENT, ROOT
from support.nu import nu_check
from support.server import serving

ADDRESS = "https://kas.example.id"
SHOWCASE = "kiprah/20300001-gamelan-cilik/"
PAGE = f"{ADDRESS}/{SHOWCASE}"
TARGETS = {"whatsapp": "https://wa.me/", "facebook": "https://www.facebook.com/",
           "telegram": "https://t.me/", "x": "https://x.com/"}
AXE = ROOT / "node_modules/axe-core/axe.min.js"
VIOLATIONS = """document.addEventListener('securitypolicyviolation', e =>
  (window.__csp = window.__csp || []).push(e.effectiveDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory, sample_videos):
    out = tmp_path_factory.mktemp("bagikan") / "output"
    build_site(ROOT / "pelicanconf.py", out, PATH=str(CONTENT),
               CACHE_PATH=str(tmp_path_factory.mktemp("cache")), CANONICAL_SITEURL=ADDRESS)
    return out


@pytest.fixture(scope="module")
def host(shared_site):
    with serving(shared_site) as server:
        yield server.url


@pytest.fixture
def phone(browser):
    contexts = []

    def make(js=True):
        context = browser.new_context(viewport={"width": 360, "height": 640},
                                      java_script_enabled=js)
        contexts.append(context)
        context.tapped = []  # every request to another host: only the share targets, tapped
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: (
            context.tapped.append(route.request.url),
            route.fulfill(status=200, content_type="text/html", body="<title>ok</title>")))
        page = context.new_page()
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.add_init_script(VIOLATIONS)
        return page

    yield make
    for context in contexts:  # a route callback still in flight must not fail the next test
        for page in context.pages:
            page.unroute_all(behavior="ignoreErrors")
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def target_carries_the_address(url: str, key: str) -> bool:
    query = parse_qs(urlsplit(url).query)
    if key == "whatsapp":
        return query["text"] == [f"Gamelan Cilik Kelas 5 {PAGE}"]
    return PAGE in (query.get("u", []) + query.get("url", []))


def test_share_links_carry_the_address_and_fetch_nothing_before_a_tap(shared_site,
                                                                     sample_site):
    # the development build has no absolute address to share: no links there
    plain = (sample_site / SHOWCASE / "index.html").read_text(encoding="utf-8")
    assert "data-bagikan" not in plain and "wa.me" not in plain
    html = (shared_site / SHOWCASE / "index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)" target="_blank" rel="noopener noreferrer" '
                            r'data-ke="([a-z]+)"', html))
    links = {key: href.replace("&amp;", "&") for href, key in links.items()}
    assert set(links) == set(TARGETS)
    for key, href in links.items():
        assert href.startswith(TARGETS[key]) and target_carries_the_address(href, key), href
    assert links["whatsapp"].startswith("https://wa.me/?text=") and quote(PAGE, safe="") in \
        links["whatsapp"]
    for page in sorted((shared_site / "kiprah").glob("*/index.html")):
        weight = first_view(shared_site, page.parent.relative_to(shared_site).as_posix())
        assert "data-bagikan" in page.read_text(encoding="utf-8")
        assert weight.problems(BUDGETS["showcase"]) == [], weight.table()
        assert weight.other_hosts == []  # a link is not a request: nothing before a tap


@pytest.mark.parametrize("js", [True, False], ids=["js", "tanpa-js"])
def test_tapping_each_share_link_opens_its_target_with_the_address(phone, host, js):
    page = phone(js)
    page.goto(f"{host}/{SHOWCASE}")
    page.wait_for_load_state("load")
    assert page.context.tapped == []
    for key, target in TARGETS.items():
        with page.context.expect_page() as opened:
            page.locator(f'[data-bagikan] a[data-ke="{key}"]').click()
        popup = opened.value
        popup.wait_for_load_state()
        assert popup.url.startswith(target) and target_carries_the_address(popup.url, key)
        popup.close()
    assert len(page.context.tapped) == len(TARGETS)
    assert page.evaluate("() => window.__csp || []") == [] if js else True
    assert page.errors == []
    buttons = page.locator("[data-bagikan] li:has(button)")
    if not js:  # no script: the buttons that need one stay hidden
        assert [buttons.nth(i).is_hidden() for i in range(buttons.count())] == [True, True]


def test_copy_link_and_the_share_sheet_where_the_browser_has_them(phone, host):
    page = phone()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script("""navigator.share = (data) => {
        window.__shared = data; return Promise.resolve(); };""")
    page.goto(f"{host}/{SHOWCASE}")
    copy = page.get_by_role("button", name="Salin tautan")
    copy.click()
    assert page.evaluate("() => navigator.clipboard.readText()") == PAGE
    assert "disalin" in page.locator("[data-bagikan] [data-status]").inner_text()
    page.get_by_role("button", name="Bagikan lewat…").click()
    assert page.evaluate("() => window.__shared.url") == PAGE
    assert page.context.tapped == [] and page.evaluate("() => window.__csp || []") == []
    bare = phone()  # chromium on Linux has no share sheet: the button stays hidden
    bare.goto(f"{host}/{SHOWCASE}")
    assert bare.get_by_role("button", name="Bagikan lewat…").is_hidden()


def test_json_ld_data_blocks_break_no_csp_rule(phone, host, shared_site):
    """The site's CSP (script-src 'self', no 'unsafe-inline') and JSON-LD: a data block
    is not executed, so no violation; an inline script in the same place is refused."""
    for url in (SHOWCASE, "sekolah/20300001/"):
        html = (shared_site / url / "index.html").read_text(encoding="utf-8")
        assert html.count('<script type="application/ld+json">') == 2, url
        page = phone()
        response = page.goto(f"{host}/{url}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__csp || []") == [] and page.errors == []
    page = phone()  # the control: the same page with an executable inline script
    page.route(f"{host}/{SHOWCASE}", lambda route: route.fulfill(
        response=route.fetch(), body=(shared_site / SHOWCASE / "index.html").read_text(
            encoding="utf-8").replace('type="application/ld+json"', "", 1)))
    page.goto(f"{host}/{SHOWCASE}")
    page.wait_for_function("() => (window.__csp || []).length > 0")
    assert page.evaluate("() => window.__csp") == ["script-src-elem inline"]


def test_the_share_box_is_accessible(browser, host):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` in the project root"
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{host}/{SHOWCASE}")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run('[data-bagikan]', {resultTypes: ['violations']})).violations")
    context.close()
    assert violations == []


def test_pages_with_share_links_and_json_ld_are_valid_html(shared_site):
    found = nu_check(shared_site)  # every page, with its share box and JSON-LD
    assert [m.get("message") for m in found] == []
