"""`invoke publish` with the media in an S3 bucket, end to end (issue 16).

The bucket is a real S3 HTTP endpoint on 127.0.0.1 (moto's standalone server, see
s3server.py). The sample site is published to it with media offloaded, the pages are
deployed by rsync and served by real nginx, and chromium plays a video from the
bucket's URL under the site's CSP. Then: a second publish uploads nothing, an
independent client (Debian's s3cmd) reads the objects back, a second checkout with an
empty cache builds with zero encodes, an upload that loses its endpoint halfway leaves
the live pages untouched, and --prune removes only what no site references.

Each publish runs in its own process, as `invoke publish` does.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kasdikdas.postbuild.hosting.rules import security_headers
from kasdikdas.postbuild.hosting.settings import with_media_origin
from bench.search_measure import SITE_HOSTING as HOSTING  # the defaults + the theme's style hash

from support import CONTENT, ROOT
from support.hosts import free_port, nginx as nginx_serving
from support.s3server import S3Server
from bench.browser import CHROMIUM, launch_chromium
from test_site import snapshot

BUCKET = "kasdikdas-media"
CACHE_BUCKET = "kasdikdas-cache"  # the shared encode cache: private, a bucket of its own
PREFIX = "blora"
MEDIA_CACHE = ROOT / ".cache" / "video"  # the project's encode cache (VIDEO_CACHE_PATH)


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    server = S3Server.start(tmp_path_factory.mktemp("s3") / "moto.log")
    yield server
    server.stop()


@dataclass
class Offloaded:
    s3: S3Server
    root: Path
    output: Path
    deployed: Path  # the rsync target: the live pages
    work: Path
    siteurl: str
    port: int  # nginx
    first: subprocess.CompletedProcess = None

    @property
    def media_url(self) -> str:
        return f"{self.s3.endpoint}/{BUCKET}/{PREFIX}"

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, **self.s3.env, "KASDIKDAS_SITEURL": self.siteurl,
                "KASDIKDAS_MEDIA_BUCKET": f"s3://{BUCKET}/{PREFIX}",
                "KASDIKDAS_MEDIA_URL": self.media_url,
                "KASDIKDAS_MEDIA_CACHE": f"s3://{CACHE_BUCKET}/{PREFIX}", **extra}

    def publish(self, *extra: str, env: dict | None = None,
                prelude: str = "") -> subprocess.CompletedProcess:
        args = ["--output", str(self.output), "--rsync", str(self.deployed), "--work",
                str(self.work), "--set", f"CACHE_PATH={self.work / 'pelican-cache'}", *extra]
        code = f"{prelude}\nimport sys\nfrom kasdikdas.publish import main\nsys.exit(main({args!r}))"
        return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env or self.env(),
                              capture_output=True, text=True, timeout=600)

    def objects(self, under: str = "") -> dict[str, dict]:
        return self.s3.objects(BUCKET, f"{PREFIX}/{under}")

    def cached(self) -> dict[str, dict]:
        """The shared encode cache's objects."""
        return self.s3.objects(CACHE_BUCKET, f"{PREFIX}/")


@pytest.fixture(scope="module")
def offloaded(s3, sample_videos):
    root = Path(tempfile.mkdtemp(prefix="kasdikdas-bucket-"))
    root.chmod(0o755)  # nginx's workers read the deployed pages
    port = free_port()
    site = Offloaded(s3, root, root / "output", root / "deployed", root / "work",
                     f"http://127.0.0.1:{port}", port)
    s3.make_public_bucket(BUCKET, [site.siteurl], readable=f"{PREFIX}/media/")
    s3.client().create_bucket(Bucket=CACHE_BUCKET)
    site.first = site.publish()
    assert site.first.returncode == 0, site.first.stderr
    yield site
    shutil.rmtree(root, ignore_errors=True)


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def media_links(html: str) -> list[str]:
    return re.findall(r'(?:src|poster|srcset|href|data-offline-src)="([^"]*/media/[^"]*)"', html)


# --- what the first publish made -----------------------------------------------------------

def test_the_pages_hold_no_media_and_every_media_url_is_an_object_in_the_bucket(offloaded):
    site = offloaded
    assert "objek" in site.first.stdout and "diunggah" in site.first.stdout, site.first.stdout
    # the share cards of school and group pages are drawn pages, not media: on the site
    suffixes = {p.suffix for p in site.output.rglob("*") if p.is_file()
                and not p.relative_to(site.output).as_posix().startswith("kartu/")}
    assert not suffixes & {".mp4", ".webm", ".vtt", ".jpg"}, suffixes
    assert not (site.output / "media").exists()
    showcase_pages = sorted(site.output.glob("kiprah/*/index.html"))
    assert len(showcase_pages) >= 10
    objects = site.objects("media/")
    linked = set()
    for page in pages(site.output):
        for url in media_links(page.read_text("utf-8")):
            assert url.startswith(site.media_url + "/media/"), (page, url)
            linked.add(url.removeprefix(site.media_url + "/"))
    assert linked, "no page links a medium"
    assert {f"{PREFIX}/{key}" for key in linked} <= set(objects)
    # Open Graph, the open data files and the service worker use the media URL too.
    html = showcase_pages[0].read_text("utf-8")
    og = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert og.startswith(site.media_url + "/media/") and f"{PREFIX}/{og[len(site.media_url) + 1:]}" in objects
    data = json.loads((site.output / "data/kiprah.json").read_text("utf-8"))
    urls = [t["url"] for s in data["showcases"] for t in s["tiers"]] + [
        s["poster_url"] for s in data["showcases"]]
    assert urls and all(u.startswith(site.media_url + "/media/") for u in urls), urls[:3]
    assert json.dumps(site.media_url + "/") in (site.output / "sw.js").read_text("utf-8")


def test_the_csp_names_exactly_the_media_prefix_where_media_are_loaded(offloaded):
    headers = (offloaded.output / "_headers").read_text("utf-8")
    csp = dict(d.strip().split(" ", 1) for d in
               re.search(r"Content-Security-Policy: (.+)", headers).group(1).split(";"))
    source = offloaded.media_url + "/"  # the bucket's prefix, not every bucket of the host
    for directive in ("media-src", "img-src", "connect-src"):
        assert source in csp[directive].split(), (directive, csp[directive])
    assert [d for d, sources in csp.items() if offloaded.s3.endpoint in sources] == [
        "img-src", "media-src", "connect-src"]
    assert offloaded.s3.endpoint not in csp["media-src"].split()  # never the bare host
    assert csp["default-src"] == "'self'"


def test_objects_carry_their_type_and_a_year_of_immutable_caching(offloaded):
    client = offloaded.s3.client()
    kinds = {}
    for key in offloaded.objects("media/"):
        head = client.head_object(Bucket=BUCKET, Key=key)
        kinds[Path(key).suffix] = head["ContentType"]
        assert head["CacheControl"] == "public, max-age=31536000, immutable", key
    assert kinds[".mp4"] == "video/mp4" and kinds[".jpg"] == "image/jpeg"
    assert kinds[".webp"] == "image/webp" and kinds[".vtt"].startswith("text/vtt")


# --- the pages in a browser ----------------------------------------------------------------

@pytest.fixture(scope="module")
def nginx(offloaded):
    """nginx serving the deployed (live) pages with the documented snippet, its CSP
    naming the media prefix as publishing does."""
    settings = {**HOSTING, "HOSTING_CSP": with_media_origin(HOSTING["HOSTING_CSP"],
                                                            offloaded.media_url + "/")}
    with nginx_serving(offloaded.root / "nginx", offloaded.port, offloaded.deployed, settings):
        yield settings


def test_a_video_plays_in_chromium_from_the_bucket_with_the_csp_on(offloaded, nginx):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    path = "/" + next(offloaded.deployed.glob("kiprah/*/index.html")).relative_to(
        offloaded.deployed).as_posix().removesuffix("index.html")
    violations, failed, from_bucket = [], [], []
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page()
        page.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
            (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));""")
        page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
                and failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: (r.status >= 400 and failed.append(f"{r.url} {r.status}"))
                or (r.url.startswith(offloaded.media_url) and from_bucket.append((r.url, r.status))))
        response = page.goto(offloaded.siteurl + path, wait_until="load")
        served_csp = response.headers["content-security-policy"]
        source = page.get_attribute("video source", "src")
        assert source.startswith(offloaded.media_url + "/media/")
        page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")
        page.wait_for_function("() => document.querySelector('video').currentTime > 0.3",
                               timeout=60_000)
        played = page.evaluate("() => document.querySelector('video').currentSrc")
        # chromium plays AV1, so the offline save keeps the AV1 file (issue 15)
        offline_src = page.get_attribute(".offline-save", "data-offline-av1-src")
        # The offline save fetches the video from the bucket by script: connect-src + CORS.
        page.wait_for_selector(".offline-save button", state="visible", timeout=30_000)
        page.click(".offline-save button")
        page.wait_for_selector('.offline-save[data-offline-saved="true"]', timeout=60_000)
        saved = page.evaluate("""() => caches.open('kas-video').then(c => c.keys())
                                 .then(keys => keys.map(k => k.url))""")
        violations += page.evaluate("window.__csp || []")
        browser.close()
    assert served_csp == security_headers(nginx)["Content-Security-Policy"]
    # ... which is the CSP `invoke publish` wrote for the other hosts.
    assert f"Content-Security-Policy: {served_csp}\n" in (offloaded.deployed / "_headers").read_text()
    assert played == source and "-av1-" in source  # the first <source>: AV1 + Opus
    assert any(url == source and status in (200, 206) for url, status in from_bucket), from_bucket
    assert offline_src.startswith(offloaded.media_url + "/media/")
    assert saved == [offline_src]  # kept on the device, fetched from the bucket
    assert violations == []
    assert failed == []


# --- publishing again, and an independent client --------------------------------------------

def test_a_second_publish_uploads_nothing(offloaded):
    before = offloaded.objects()
    again = offloaded.publish()
    assert again.returncode == 0, again.stderr
    assert "tidak ada yang perlu diunggah" in again.stdout, again.stdout
    assert "tidak ada yang berubah" in again.stdout  # rsync: the pages are the same too
    assert offloaded.objects() == before  # same keys, same ETags, same times: nothing written


@pytest.fixture(scope="module")
def s3cmd(offloaded, tmp_path_factory):
    if not shutil.which("s3cmd"):
        pytest.skip("s3cmd is not installed (scripts/test installs it)")
    config = tmp_path_factory.mktemp("s3cmd") / "s3cfg"
    host = f"127.0.0.1:{offloaded.s3.port}"
    env = offloaded.s3.env
    config.write_text(f"[default]\naccess_key = {env['AWS_ACCESS_KEY_ID']}\n"
                      f"secret_key = {env['AWS_SECRET_ACCESS_KEY']}\nhost_base = {host}\n"
                      f"host_bucket = {host}\nuse_https = False\nsignature_v2 = False\n"
                      f"bucket_location = us-east-1\n")

    def run(*args: str) -> str:
        done = subprocess.run(["s3cmd", "-c", str(config), *args], capture_output=True,
                              text=True, timeout=120, env={"PATH": os.environ["PATH"],
                                                           "HOME": str(config.parent)})
        assert done.returncode == 0, done.stderr
        return done.stdout
    return run


def test_an_independent_client_lists_and_reads_back_what_was_uploaded(offloaded, s3cmd, tmp_path):
    listed = s3cmd("ls", "--recursive", f"s3://{BUCKET}/{PREFIX}/media/")
    keys = re.findall(rf"s3://{BUCKET}/(\S+)", listed)
    assert sorted(keys) == sorted(offloaded.objects("media/"))
    video = next(k for k in keys if k.endswith(".mp4"))
    info = s3cmd("info", f"s3://{BUCKET}/{video}")
    assert re.search(r"MIME type:\s+video/mp4", info), info
    # s3cmd does not print Cache-Control: what a visitor's browser gets, over plain HTTP.
    url = urlsplit(f"{offloaded.s3.endpoint}/{BUCKET}/{video}")
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.request("GET", url.path, headers={"Origin": offloaded.siteurl, "Range": "bytes=0-99"})
    answer = connection.getresponse()
    answer.read()
    connection.close()
    assert answer.status == 206 and answer.getheader("Content-Type") == "video/mp4"
    assert answer.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert answer.getheader("Access-Control-Allow-Origin") == offloaded.siteurl
    # Only media/ is public: the shared cache and the manifest need the credentials.
    assert not offloaded.objects("_cache/")  # the cache has a private bucket of its own
    for bucket, private in ((CACHE_BUCKET, next(k for k in offloaded.cached() if k.endswith(".mp4"))),
                            (BUCKET, f"{PREFIX}/_situs/manifest.json")):
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        connection.request("GET", f"/{bucket}/{private}")
        assert connection.getresponse().status == 403, private
        connection.close()
    s3cmd("get", f"s3://{BUCKET}/{video}", str(tmp_path / "unduhan.mp4"))
    # The object is the rendition the pages were built from: the same bytes as the cache.
    key = re.search(r"-([0-9a-f]{8})\.mp4$", video).group(1)
    (cached,) = [p for p in MEDIA_CACHE.glob(f"enc/{key}*.mp4")]
    assert hashlib.sha256((tmp_path / "unduhan.mp4").read_bytes()).digest() == \
        hashlib.sha256(cached.read_bytes()).digest()
    manifest = json.loads(s3cmd("get", f"s3://{BUCKET}/{PREFIX}/_situs/manifest.json", "-"))
    assert sorted(manifest["objects"]) == sorted(k.removeprefix(PREFIX + "/") for k in keys)
    cors = s3cmd("info", f"s3://{BUCKET}")
    assert offloaded.siteurl in cors, cors  # the bucket lets the site's pages fetch media


# --- a second checkout: the encode cache comes from the bucket ------------------------------

BUILD = """
import logging, sys
logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
logging.getLogger("kasdikdas.media").setLevel(logging.INFO)
from kasdikdas.build import build_site
build_site(sys.argv[1], sys.argv[2], PATH=sys.argv[3], CACHE_PATH=sys.argv[4],
           VIDEO_CACHE_PATH=sys.argv[5])
"""


def test_a_second_checkout_with_an_empty_cache_builds_with_zero_encodes(offloaded, tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(CONTENT, checkout / "content", copy_function=os.link)
    cache = checkout / ".cache" / "video"
    env = offloaded.env(KASDIKDAS_MEDIA_URL="")  # a development build: media into output/
    done = subprocess.run([sys.executable, "-c", BUILD, str(ROOT / "pelicanconf.py"),
                           str(checkout / "output"), str(checkout / "content"),
                           str(checkout / ".cache" / "pelican"), str(cache)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    log = done.stderr
    showcases = len(list((checkout / "content" / "kiprah").glob("*.md")))
    assert f"video: {showcases} dari {showcases} klip sudah ada di cache" in log, log
    assert "belum ada di cache" not in log and "dikodekan" not in log
    assert re.search(r"\d+ berkas cache diambil dari s3://", log), log
    renditions = sorted((checkout / "output" / "media").rglob("*.mp4"))
    assert renditions
    for published in renditions:  # the same bytes the first machine encoded
        key = re.search(r"-([0-9a-f]{8})\.mp4$", published.name).group(1)
        (original,) = MEDIA_CACHE.glob(f"enc/{key}*.mp4")
        assert published.read_bytes() == original.read_bytes()


# --- failures and pruning -------------------------------------------------------------------

STOP_HALFWAY = """
import os, signal, threading
from kasdikdas.media import store
sent, lock = [0], threading.Lock()
real = store.Store.upload_one
def upload_one(self, item, *args, **kwargs):
    real(self, item, *args, **kwargs)
    with lock:
        sent[0] += item.key.startswith("media/")
        if sent[0] == 5:  # the endpoint goes away after five media objects of the pages
            os.killpg(int(os.environ["KASDIKDAS_TEST_S3_PGID"]), signal.SIGKILL)
store.Store.upload_one = upload_one
"""


def test_an_upload_that_loses_its_endpoint_halfway_leaves_the_live_pages_untouched(
        offloaded, tmp_path):
    live, output = snapshot(offloaded.deployed), snapshot(offloaded.output)
    other = S3Server.start(tmp_path / "moto.log")  # a new, empty bucket: everything to send
    try:
        other.make_public_bucket(BUCKET, [offloaded.siteurl], readable=f"{PREFIX}/media/")
        other.client().create_bucket(Bucket=CACHE_BUCKET)
        env = {**offloaded.env(KASDIKDAS_MEDIA_URL=f"{other.endpoint}/{BUCKET}/{PREFIX}"),
               **other.env, "KASDIKDAS_TEST_S3_PGID": str(other.process.pid)}
        run = offloaded.publish(env=env, prelude=STOP_HALFWAY)
    finally:
        other.stop()
    assert run.returncode == 1, run.stdout
    assert "media tidak terunggah" in run.stderr and "halaman tidak diterbitkan" in run.stderr
    assert re.search(r"mengunggah s3://\S+/media/\S+ gagal", run.stderr), run.stderr
    assert snapshot(offloaded.deployed) == live
    assert snapshot(offloaded.output) == output


def test_prune_removes_only_objects_no_site_references(offloaded):
    client = offloaded.s3.client()
    key = lambda relative: f"{PREFIX}/{relative}"  # noqa: E731
    manifest = json.loads(client.get_object(Bucket=BUCKET, Key=key("_situs/manifest.json"))["Body"].read())
    # The live site (as its manifest says) still uses an older rendition of a showcase
    # that stays, and a showcase that left the site; nobody uses a third object.
    slug = next(k for k in manifest["objects"] if k.endswith(".mp4")).split("/")[1]
    older, withdrawn = f"media/{slug}/{slug}-240p-0123abcd.mp4", "media/lama/lama-240p-89abcdef.mp4"
    orphan = f"media/{slug}/yatim-240p-4567cdef.mp4"
    for relative in (older, withdrawn, orphan, "sumber/asli.mp4"):
        client.put_object(Bucket=BUCKET, Key=key(relative), Body=b"bukan video")
    client.put_object(Bucket=BUCKET, Key=key("_situs/manifest.json"), Body=json.dumps(
        {**manifest, "objects": sorted(manifest["objects"] + [older, withdrawn])}).encode())
    before, cached = set(offloaded.objects()), set(offloaded.cached())

    pruned = offloaded.publish("--prune")
    assert pruned.returncode == 0, pruned.stderr
    assert "Dipangkas" in pruned.stdout and ": 2 objek" in pruned.stdout, pruned.stdout
    # The showcase that left goes at once; a page kept in a browser still plays the older
    # rendition of one still on the site.
    assert set(offloaded.objects()) == before - {key(orphan), key(withdrawn)}
    # The new site is live now; the older rendition is referenced by neither site any more.
    again = offloaded.publish("--prune")
    assert again.returncode == 0, again.stderr
    after = set(offloaded.objects())
    assert after == before - {key(orphan), key(withdrawn), key(older)}
    assert key("sumber/asli.mp4") in after  # outside media/: never pruned
    assert set(offloaded.cached()) == cached  # the live site uses every cached rendition
    for page in pages(offloaded.deployed):
        for url in media_links(page.read_text("utf-8")):
            assert key(url.removeprefix(offloaded.media_url + "/")) in after


def test_a_video_saved_from_the_bucket_plays_offline(offloaded, nginx):
    """The service worker knows the media origin (CONFIG.media): a video the viewer saved
    from the bucket plays from the device with the network gone, and seeks."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    path = "/" + sorted(offloaded.deployed.glob("kiprah/*/index.html"))[-1].relative_to(
        offloaded.deployed).as_posix().removesuffix("index.html")
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context()
        page = context.new_page()
        page.goto(offloaded.siteurl + path, wait_until="load")
        page.wait_for_function("""async () => { await navigator.serviceWorker.ready;
                                  return navigator.serviceWorker.controller !== null; }""",
                               timeout=60_000)
        page.click(".offline-save button")
        page.wait_for_selector('.offline-save[data-offline-saved="true"]', timeout=60_000)
        source = page.get_attribute("video source", "src")
        assert source.startswith(offloaded.media_url + "/")
        # Only the worker's copy may answer: not the browser's HTTP cache (the save's
        # fetch left the video there too, with a year of caching).
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        context.set_offline(True)
        try:
            page.reload(wait_until="load")
            page.evaluate("() => { const v = document.querySelector('video'); v.muted = true;"
                          " v.currentTime = 2; v.play(); }")
            page.wait_for_function("() => document.querySelector('video').currentTime > 2.3",
                                   timeout=60_000)
            error = page.evaluate("() => document.querySelector('video').error")
        finally:
            context.set_offline(False)
        browser.close()
    assert error is None
