"""Share links fetched for real (issue 24 part 3): one local TLS server on 127.0.0.1 in the
providers' shapes (a Drive viewer page at /file/d/ID/view, the file at
drive.usercontent.google.com/download only with confirm=t, a Dropbox link that is a page
with dl=0 and the file with dl=1, a SharePoint link that downloads with download=1, a
sign-in page for what is not shared with everyone). The provider host names reach it
through the test-only VIDEO_DOWNLOAD_TEST_HOSTS (off by default) and
VIDEO_DOWNLOAD_ALLOW_LOOPBACK; its certificate names those hosts (SSL_CERT_FILE)."""

from __future__ import annotations

import http.server
import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from kasdikdas.media.cache import MediaCache
from kasdikdas.media.fetch import FetchError, download
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content, check_videos

from support.hostile import scratch_content
from support.hosts import https_server
from support.showcases import linked
from support.videoclips import make, tone, two_colour

pytestmark = pytest.mark.slow  # it encodes a clip and serves it

SHARED, PRIVATE, GONE = "1PublicKlipKelas5abcdefghij", "1PrivateKlipGuruabcdefghij", "1HapusKlipabcdefghijklmn"
RLKEY = "k3y0abc"
HOSTS = ("drive.google.com", "drive.usercontent.google.com", "accounts.google.com",
         "www.dropbox.com", "uc5f.dl.dropboxusercontent.com", "sdn1blora.sharepoint.com",
         "login.microsoftonline.com")
PAGE = b"<!DOCTYPE html><html><head><title>Halaman</title></head><body>Masuk</body></html>"


def route(host: str, path: str, query: dict) -> tuple[str, str]:
    """What the provider at `host` answers: ("file", ""), ("page", content type),
    ("move", location) or ("missing", "")."""
    if host == "drive.google.com" and path.startswith("/file/d/"):
        return "page", "text/html; charset=utf-8"  # the viewer, never a file
    if host == "drive.usercontent.google.com" and path == "/download":
        if query.get("id") == PRIVATE:
            return "move", "https://accounts.google.com/ServiceLogin?continue=https://drive.google.com"
        if query.get("id") != SHARED or query.get("export") != "download":
            return "missing", ""
        # Without confirm=t: the "cannot scan for viruses" page (sent as a download type).
        return ("file", "") if query.get("confirm") == "t" else ("page", "application/octet-stream")
    if host == "www.dropbox.com" and path == "/scl/fi/x9y8z7/klip.mp4":
        if query.get("rlkey") != RLKEY:
            return "missing", ""
        if query.get("dl") == "1":
            return "move", "https://uc5f.dl.dropboxusercontent.com/cd/0/get/AbC/file"
        return "page", "text/html; charset=utf-8"
    if host == "www.dropbox.com" and path == "/s/d4l4m/klip.mp4" and query.get("dl") == "1":
        return "move", "https://10.1.2.3/klip.mp4"  # a redirect inside an office network
    if host == "uc5f.dl.dropboxusercontent.com" and path == "/cd/0/get/AbC/file":
        return "file", ""
    if host == "sdn1blora.sharepoint.com" and path == "/:v:/s/guru/EPublik":
        return ("file", "") if query.get("download") == "1" else ("page", "text/html")
    if host == "sdn1blora.sharepoint.com" and path == "/:v:/s/guru/EOrganisasi":
        return "move", "https://login.microsoftonline.com/common/oauth2/authorize?client_id=x"
    if host in ("accounts.google.com", "login.microsoftonline.com"):
        return "page", "text/html; charset=utf-8"
    if host == "127.0.0.1" and path == "/halaman.html":
        return "page", "text/html"
    if host == "127.0.0.1" and path == "/halaman-samar":
        return "page", "application/octet-stream"  # a web page under a download type
    return "missing", ""


@pytest.fixture(scope="module")
def providers(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a throwaway certificate")
    d = tmp_path_factory.mktemp("penyedia")
    names = ",".join([f"DNS:{host}" for host in HOSTS] + ["IP:127.0.0.1"])
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"), "-subj",
                    "/CN=penyedia.test", "-addext", f"subjectAltName={names}"],
                   check=True, capture_output=True)
    clip = make(d / "klip.mp4", two_colour(64, 36, 2, rate=10), tone(2), vcodec="libx264",
                preset="ultrafast", acodec="aac").read_bytes()
    seen: list[tuple[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            host = self.headers.get("Host", "").rsplit(":", 1)[0]
            parts = urlsplit(self.path)
            seen.append((host, self.path))
            kind, value = route(host, parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})
            status, body, headers = 200, b"", {}
            if kind == "file":
                body, headers = clip, {"Content-Type": "video/mp4",
                                       "Content-Disposition": 'attachment; filename="klip.mp4"'}
            elif kind == "page":
                body, headers = PAGE, {"Content-Type": value}
            elif kind == "move":
                status, headers = 302, {"Location": value}
            else:
                status, body, headers = 404, PAGE, {"Content-Type": "text/html"}
            self.send_response(status)
            for name, header in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, header)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = https_server(Handler, d)
    port = httpd.server_address[1]
    yield {"port": port, "seen": seen, "cert": d / "cert.pem", "clip": clip,
           "hosts": {host: f"127.0.0.1:{port}" for host in HOSTS}}
    httpd.shutdown()


@pytest.fixture
def served(providers, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(providers["cert"]))
    providers["seen"].clear()
    return providers


def check(tmp_path, served, urls: list[str], **settings):
    """`invoke check`'s video problems for one showcase per URL (in order of the URLs)."""
    content = scratch_content(tmp_path / "content", videos=(), showcases=False)
    for n, url in enumerate(urls):
        (content / "kiprah" / f"20300001-tautan-{n}.md").write_text(linked(url, n), encoding="utf-8")
    registry = load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")
    showcases, problems = check_content(content, registry)
    assert problems == []
    found = check_videos(showcases, content, {
        "VIDEO_CACHE_PATH": str(tmp_path / "c"), "VIDEO_MIN_SECONDS": 1,
        "VIDEO_DOWNLOAD_ALLOW_LOOPBACK": True, "VIDEO_DOWNLOAD_TEST_HOSTS": served["hosts"],
        **settings})
    return sorted(found, key=lambda p: p.path)


def cached(tmp_path) -> list:
    return [p for p in (tmp_path / "c" / "remote").glob("*") if p.is_file()]


def test_drive_share_links_are_fetched_by_their_download_form(tmp_path, served):
    links = [f"https://drive.google.com/file/d/{SHARED}/view?usp=sharing",
             f"https://drive.google.com/open?id={SHARED}",
             f"https://docs.google.com/file/d/{SHARED}/edit"]
    assert check(tmp_path, served, links) == []
    # The viewer page was never asked for; the three links are one download, done once.
    assert served["seen"] == [("drive.usercontent.google.com",
                               f"/download?id={SHARED}&export=download&confirm=t")]
    assert [p.read_bytes() for p in cached(tmp_path)] == [served["clip"]]


def test_the_drive_page_without_confirm_is_a_web_page_and_never_cached(tmp_path, served):
    cache = MediaCache(tmp_path / "c")
    with pytest.raises(FetchError) as info:  # the virus-scan page, sent as a download type
        download(f"https://drive.usercontent.google.com/download?id={SHARED}&export=download",
                 cache, timeout=5, max_bytes=10_000_000, allow_loopback=True, hosts=served["hosts"])
    assert info.value.kind == "web_page"
    assert cached(tmp_path) == []


def test_a_drive_file_not_shared_with_everyone_says_how_to_share_it(tmp_path, served):
    problems = check(tmp_path, served, [f"https://drive.google.com/file/d/{PRIVATE}/view?usp=sharing",
                                        f"https://drive.google.com/file/d/{GONE}/view"])
    assert [p.line for p in problems] == [6, 6] and {p.field for p in problems} == {"video"}
    private, gone = problems
    assert "tidak diunduh: Google Drive menjawab dengan halaman web, bukan berkas video;" in private.message
    assert '"Siapa saja yang memiliki link"' in private.message
    assert "Bagikan → Akses umum" in private.hint
    assert "404" in gone.message and "Bagikan → Akses umum" in gone.hint
    assert ("accounts.google.com", "/ServiceLogin?continue=https://drive.google.com") in served["seen"]
    assert cached(tmp_path) == []  # the sign-in page was not kept as a video


def test_a_dropbox_link_is_a_page_with_dl_0_and_the_file_with_dl_1(tmp_path, served):
    link = f"https://www.dropbox.com/scl/fi/x9y8z7/klip.mp4?rlkey={RLKEY}&dl=0"
    with pytest.raises(FetchError) as info:  # the link as written: Dropbox's page
        download(link, MediaCache(tmp_path / "mentah"), timeout=5, max_bytes=10_000_000,
                 allow_loopback=True, hosts=served["hosts"])
    assert info.value.kind == "web_page"
    served["seen"].clear()
    assert check(tmp_path, served, [link]) == []
    assert served["seen"] == [("www.dropbox.com", f"/scl/fi/x9y8z7/klip.mp4?rlkey={RLKEY}&dl=1"),
                              ("uc5f.dl.dropboxusercontent.com", "/cd/0/get/AbC/file")]
    problems = check(tmp_path / "tanpa-kunci", served, ["https://www.dropbox.com/scl/fi/x9y8z7/klip.mp4?dl=0"])
    assert len(problems) == 1 and "404" in problems[0].message and "Dropbox" in problems[0].hint


def test_a_sharepoint_link_downloads_with_download_1_or_says_it_is_for_the_organisation(tmp_path, served):
    problems = check(tmp_path, served, ["https://sdn1blora.sharepoint.com/:v:/s/guru/EPublik?e=Ab12",
                                        "https://sdn1blora.sharepoint.com/:v:/s/guru/EOrganisasi?e=Cd34"])
    assert len(problems) == 1 and problems[0].path.endswith("-1.md")
    assert "halaman web (biasanya halaman masuk)" in problems[0].message
    assert '"Siapa saja yang memiliki tautan"' in problems[0].hint
    assert ("sdn1blora.sharepoint.com", "/:v:/s/guru/EPublik?e=Ab12&download=1") in served["seen"]


def test_any_link_to_a_web_page_says_so(tmp_path, served):
    base = f"https://127.0.0.1:{served['port']}"
    problems = check(tmp_path, served, [f"{base}/halaman.html", f"{base}/halaman-samar"])
    assert len(problems) == 2
    for problem in problems:  # by its type, and by its first bytes under a download type
        assert "tidak diunduh: alamatnya membuka halaman web, bukan berkas video" in problem.message
        assert "langsung mengunduh berkas video" in problem.hint
        assert "bukan berkas video biasa" not in problem.message  # not ffmpeg's verdict
    assert cached(tmp_path) == []


def test_refused_shapes_never_reach_the_network(tmp_path, served):
    problems = check(tmp_path, served, ["https://drive.google.com/drive/folders/1FolderKelas5abcdefg",
                                        "https://1drv.ms/v/s!AkQ2abcDEF123?e=XyZ",
                                        "https://www.dropbox.com/scl/fo/a1b2c3/AAB?rlkey=k&dl=0"])
    assert served["seen"] == []
    assert ["menunjuk ke folder" in problems[0].message, "tautan OneDrive" in problems[1].message,
            "menunjuk ke folder" in problems[2].message] == [True, True, True]
    assert all(p.hint and "tidak diunduh" in p.message for p in problems)


def test_the_download_rules_hold_for_the_rewritten_address(tmp_path, served):
    drive = f"https://drive.google.com/file/d/{SHARED}/view"
    too_large, = check(tmp_path / "besar", served, [drive], VIDEO_MAX_SOURCE_BYTES=1_000)
    assert "terlalu besar" in too_large.message
    inside, = check(tmp_path / "dalam", served, ["https://www.dropbox.com/s/d4l4m/klip.mp4?dl=0"])
    assert "alamat jaringan lokal atau pribadi" in inside.message
    # The host mapping names an address; that address is checked like any other.
    loopback, = check(tmp_path / "lokal", served, [drive], VIDEO_DOWNLOAD_ALLOW_LOOPBACK=False)
    assert "alamat jaringan lokal atau pribadi (127.0.0.1)" in loopback.message
