"""`video: https://...`: downloaded once into the cache, with a timeout and a size limit.
Served by a local HTTPS server on 127.0.0.1 with a throwaway certificate."""

from __future__ import annotations

import collections
import http.server
import shutil
import subprocess
import threading

import pytest

from kasdikdas.media.cache import MediaCache
from kasdikdas.validate import check_videos
from kasdikdas.media.fetch import FetchError, download

from support.hosts import https_server
from support.videoclips import make, tone, two_colour
from support.showcases import linked

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a throwaway certificate")
    d = tmp_path_factory.mktemp("https")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    clip = make(d / "klip.mp4", two_colour(320, 180, 3), tone(3), vcodec="libx264",
                preset="ultrafast", acodec="aac").read_bytes()
    hits = collections.Counter()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits[self.path] += 1
            if self.path == "/klip.mp4":
                body = clip
            elif self.path == "/besar.mp4":
                body = b"\0" * 300_000
            elif self.path == "/tetes.mp4":  # a trickle: a byte every 0.2 s
                self.send_response(200)
                self.send_header("Content-Length", str(len(clip)))
                self.end_headers()
                for index in range(200):
                    self.wfile.write(clip[index:index + 1])
                    self.wfile.flush()
                    threading.Event().wait(0.2)
                return
            elif self.path == "/lambat.mp4":
                threading.Event().wait(3)
                body = clip
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            if self.path != "/besar.mp4":  # a server that does not say how big
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = https_server(Handler, d)
    yield f"https://127.0.0.1:{httpd.server_address[1]}", hits, d / "cert.pem"
    httpd.shutdown()


@pytest.fixture
def trusted(server, monkeypatch):
    base, hits, cert = server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return base, hits


def test_linked_video_is_downloaded_once_and_published(site, tmp_path, trusted):
    base, hits = trusted
    for md in (site.content / "kiprah").glob("*.md"):
        md.unlink()
    site.write("kiprah/20300001-tertaut.md", linked(f"{base}/klip.mp4"))
    settings = {"VIDEO_MIN_SECONDS": 1, "VIDEO_CACHE_PATH": str(tmp_path / "cache"),
                "VIDEO_DOWNLOAD_ALLOW_LOOPBACK": True}  # the test server is on 127.0.0.1
    out = site.build(**settings)
    out = site.build(**settings)
    assert hits["/klip.mp4"] == 1
    html = (out / "kiprah/20300001-tertaut/index.html").read_text()
    renditions = sorted((out / "media/20300001-tertaut").glob("*.mp4"))
    assert ["-av1-" in r.name for r in renditions] == [True, False]  # AV1 and H.264
    assert all(r.name in html for r in renditions)
    assert base not in html  # the page never links the source host


def test_download_limits(tmp_path, trusted):
    base, _ = trusted
    cache = MediaCache(tmp_path / "cache")
    with pytest.raises(FetchError) as info:
        download(f"{base}/besar.mp4", cache, timeout=10, max_bytes=100_000, allow_loopback=True)
    assert info.value.kind == "too_large"
    with pytest.raises(FetchError) as info:
        download(f"{base}/klip.mp4", cache, timeout=10, max_bytes=1_000, allow_loopback=True)  # Content-Length says so
    assert info.value.kind == "too_large"
    with pytest.raises(FetchError) as info:
        download(f"{base}/hilang.mp4", cache, timeout=10, max_bytes=10_000_000, allow_loopback=True)
    assert "404" in info.value.detail
    with pytest.raises(FetchError) as info:
        download(f"{base}/lambat.mp4", cache, timeout=0.5, max_bytes=10_000_000, allow_loopback=True)
    assert info.value.kind == "failed"
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]  # nothing half-kept


def test_untrusted_certificate_is_refused(tmp_path, server):
    base, _, _ = server
    with pytest.raises(FetchError):
        download(f"{base}/klip.mp4", MediaCache(tmp_path / "c"), timeout=10, max_bytes=10_000_000,
                 allow_loopback=True)


def test_check_names_the_showcase_when_a_link_fails(site, tmp_path, trusted):
    base, _ = trusted
    from kasdikdas.validate import check_content

    import tasks

    site.write("kiprah/20300001-tertaut.md", linked(f"{base}/hilang.mp4"))
    showcases, _ = check_content(site.content, tasks._registry(site.content))
    ours = [s for s in showcases if s.video.is_remote]
    problems = check_videos(ours, site.content, {"VIDEO_CACHE_PATH": str(tmp_path / "c"),
                                                 "VIDEO_DOWNLOAD_ALLOW_LOOPBACK": True})
    assert len(problems) == 1
    problem = problems[0]
    assert problem.path.endswith("20300001-tertaut.md") and problem.field == "video" and problem.line == 6
    assert "tidak bisa diunduh" in problem.message and "404" in problem.message


def test_a_trickling_download_is_cut_off(tmp_path, trusted):
    base, _ = trusted
    with pytest.raises(FetchError) as info:  # the server answers, just far too slowly
        download(f"{base}/tetes.mp4", MediaCache(tmp_path / "c"), timeout=5, max_bytes=10_000_000,
                 max_seconds=1, allow_loopback=True)
    assert "lebih lama" in info.value.detail
