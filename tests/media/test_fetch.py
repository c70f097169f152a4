"""`video: https://...` never reaches inside (issue 23 part 3, issue 29 item 5): loopback,
private and link-local addresses are refused before connecting, a redirect is followed
only to public https, connecting has a short timeout, and every network failure reads the
same (a closed, a non-TLS and a silent port are not told apart).

Servers on 127.0.0.1 only: an HTTPS server with a throwaway certificate, a plain HTTP
server and a listener that never answers. The happy path reaches them only through the
test-only setting VIDEO_DOWNLOAD_ALLOW_LOOPBACK, which is off by default.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest

from kasdikdas.state import with_defaults
from kasdikdas.media.cache import MediaCache
from kasdikdas.media.fetch import FetchError, download
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content, check_videos

from support.hostile import scratch_content
from support.hosts import free_port
from support.videoclips import make, tone, two_colour
from support.showcases import linked



def serve(handler, tls: ssl.SSLContext | None = None):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.handle_error = lambda *args: None  # clients that give up on purpose
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class Listener:
    """A TCP port on 127.0.0.1 that accepts and counts connections and never says a word."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted, self.held = 0, []
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self.held.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a throwaway certificate")
    d = tmp_path_factory.mktemp("tautan")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    clip = make(d / "klip.mp4", two_colour(64, 36, 2, rate=10), tone(2), vcodec="libx264",
                preset="ultrafast", acodec="aac").read_bytes()
    plain_port = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            moves = {"/ke-http": f"http://127.0.0.1:{plain_port[0]}/klip.mp4",
                     "/ke-pribadi": "https://10.1.2.3/klip.mp4",
                     "/ke-metadata": "https://169.254.169.254/latest/meta-data/",
                     "/ke-berkas": "file:///etc/passwd",
                     "/ke-klip": "/klip.mp4"}
            if self.path in moves:
                self.send_response(302)
                self.send_header("Location", moves[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path != "/klip.mp4":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(len(clip)))
            self.end_headers()
            self.wfile.write(clip)

        def log_message(self, *args):
            pass

    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(d / "cert.pem", d / "key.pem")
    secure, plain, silent = serve(Handler, tls), serve(Handler), Listener()
    plain_port.append(plain.server_address[1])
    yield {"https": f"https://127.0.0.1:{secure.server_address[1]}",
           "plain": plain.server_address[1], "silent": silent, "cert": d / "cert.pem"}
    secure.shutdown()
    plain.shutdown()
    silent.close()


@pytest.fixture
def trusted(servers, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(servers["cert"]))
    return servers


def check(tmp_path, urls: list[str], **settings):
    """`invoke check`'s video problems for one showcase per URL, in order."""
    content = scratch_content(tmp_path / "content", videos=(), showcases=False)
    for n, url in enumerate(urls):
        (content / "kiprah" / f"20300001-tautan-{n}.md").write_text(
            linked(url, n), encoding="utf-8")
    registry = load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")
    showcases, problems = check_content(content, registry)
    assert problems == []
    found = check_videos(showcases, content, {"VIDEO_CACHE_PATH": str(tmp_path / "c"), **settings})
    return sorted(found, key=lambda p: p.path)


def test_loopback_private_and_link_local_are_refused_before_connecting(tmp_path, trusted):
    silent = trusted["silent"]
    before = silent.accepted
    urls = [f"https://127.0.0.1:{silent.port}/klip.mp4", f"https://localhost:{silent.port}/klip.mp4",
            f"https://[::ffff:127.0.0.1]:{silent.port}/klip.mp4", "https://10.1.2.3/klip.mp4",
            "https://192.168.1.1/klip.mp4", "https://169.254.169.254/latest/meta-data/",
            "https://100.64.0.1/klip.mp4", "https://0.0.0.0/klip.mp4", "https://[fe80::1]/klip.mp4"]
    started = time.monotonic()
    problems = check(tmp_path, urls, VIDEO_DOWNLOAD_TIMEOUT=3, VIDEO_DOWNLOAD_CONNECT_TIMEOUT=3)
    assert time.monotonic() - started < 3  # nothing waited on a network
    assert silent.accepted == before  # the port was never even connected to
    assert len(problems) == len(urls)
    for problem in problems:
        assert problem.field == "video" and problem.line == 6
        assert "tidak diunduh" in problem.message and "alamat jaringan lokal atau pribadi" in problem.message
        assert "https publik" in problem.hint


def test_the_loopback_allowance_is_off_by_default():
    assert with_defaults({})["VIDEO_DOWNLOAD_ALLOW_LOOPBACK"] is False


def test_closed_silent_and_non_tls_ports_read_the_same_and_wait_little(tmp_path, trusted):
    closed = free_port()
    urls = [f"https://127.0.0.1:{closed}/klip.mp4",  # nothing listens
            f"https://127.0.0.1:{trusted['plain']}/klip.mp4",  # HTTP without TLS
            f"https://127.0.0.1:{trusted['silent'].port}/klip.mp4"]  # accepts, never speaks
    started = time.monotonic()
    problems = check(tmp_path, urls, VIDEO_DOWNLOAD_ALLOW_LOOPBACK=True, VIDEO_DOWNLOAD_TIMEOUT=8,
                     VIDEO_DOWNLOAD_CONNECT_TIMEOUT=1)
    waited = time.monotonic() - started
    assert len(problems) == 3
    details = {p.message.split(": ", 1)[1] for p in problems}
    assert len(details) == 1, details  # one text: no port-telling detail
    assert {p.hint for p in problems} == {problems[0].hint}
    assert waited < 6, waited  # the silent port costs the connect timeout, not the read timeout


def test_redirects_only_to_public_https(tmp_path, trusted):
    base, cache = trusted["https"], MediaCache(tmp_path / "c")
    expected = {"/ke-http": "hanya alamat https", "/ke-berkas": "hanya alamat https",
                "/ke-pribadi": "alamat jaringan lokal atau pribadi",
                "/ke-metadata": "alamat jaringan lokal atau pribadi"}
    for path, words in expected.items():
        with pytest.raises(FetchError) as info:
            download(base + path, cache, timeout=2, max_bytes=10_000_000, connect_timeout=2,
                     allow_loopback=True)
        assert info.value.kind == "refused" and words in info.value.detail, (path, info.value.detail)
    assert not [p for p in (tmp_path / "c").rglob("*") if p.is_file()]
    # A redirect within public https (here: the test server, allowed) is followed.
    got = download(base + "/ke-klip", cache, timeout=5, max_bytes=10_000_000, allow_loopback=True)
    assert got.read_bytes()[4:8] == b"ftyp"


def test_the_happy_path_goes_through_the_check(tmp_path, trusted):
    assert check(tmp_path, [f"{trusted['https']}/klip.mp4"], VIDEO_MIN_SECONDS=1,
                 VIDEO_DOWNLOAD_ALLOW_LOOPBACK=True) == []


@pytest.mark.parametrize("address, allowed", [
    ("93.184.215.14", True), ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
    ("127.0.0.1", False), ("127.1.2.3", False), ("::1", False), ("0.0.0.0", False),
    ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.1.1", False), ("100.64.0.1", False),
    ("169.254.169.254", False), ("fe80::1", False), ("fc00::1", False), ("224.0.0.251", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False),
    ("64:ff9b::a00:1", False)])
def test_which_addresses_count_as_public(address, allowed):
    from kasdikdas.media.fetch import public

    assert public(address) is allowed
    loopback = address in ("127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1")
    assert public(address, allow_loopback=True) is (allowed or loopback)  # loopback only
