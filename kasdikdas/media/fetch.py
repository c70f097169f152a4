"""Download a linked (`video: https://...`) source once into the cache, from public
https addresses only.

The check runs on CI and laptops inside an office network, so a link must never make it
reach inside: the host is resolved first and every address it has is checked
(`ipaddress`: loopback, private, link-local, shared, reserved and multicast addresses are
refused) before any connection, and the connection goes to the address that was checked
(a second lookup cannot answer differently). A redirect is followed only to https and
through the same check. Connecting and the TLS handshake have a short timeout, and every
network failure reads the same (a closed, a silent and a non-TLS port are not told apart:
the check is no port scanner). An answer that is a web page (an HTML type, or HTML in
its first bytes) is refused, never cached: a share link's page is no video.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import socket
import ssl
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .cache import MediaCache

MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
# The one text of every network failure (refused, silent, not TLS, bad certificate,
# unknown host, cut off): no detail that would tell ports apart.
NETWORK_FAILURE = "server tidak bisa dihubungi atau tidak menjawab dengan benar lewat https"


# An answer that is a web page, not a file (sharelinks.py says it per provider).
WEB_PAGE = "alamatnya membuka halaman web, bukan berkas video"
HTML_TYPES = ("text/html", "application/xhtml+xml")
# WHATWG MIME Sniffing, "text/html": these tags first (after whitespace), then a space or `>`.
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div",
               b"<font", b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p",
               b"<!--")


class FetchError(Exception):
    """`kind`: too_large | failed | refused (an address we never connect to) | web_page.
    `detail` is shown to the editor, `hint` (when set) is what to do instead; `status`
    is the server's HTTP status when that was the failure."""

    def __init__(self, kind: str, detail: str, hint: str = "", status: int | None = None):
        self.kind, self.detail, self.hint, self.status = kind, detail, hint, status
        super().__init__(detail)


def looks_like_html(head: bytes) -> bool:
    """Do these first bytes of an answer start an HTML document?"""
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\t\n\x0c\r ").lower()
    return any(head.startswith(tag) and head[len(tag):len(tag) + 1] in (b" ", b">")
               for tag in HTML_STARTS)


def remote_path(cache: MediaCache, url: str) -> Path:
    return cache.path("remote", hashlib.sha256(url.encode()).hexdigest()[:32] + ".bin")


NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 addresses through a NAT64 gateway


def public(address: str, allow_loopback: bool = False) -> bool:
    """Is this an address of the public internet? An IPv6 address that carries an IPv4
    one (mapped, 6to4, Teredo, NAT64) must carry a public one. (`allow_loopback`: tests only.)"""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    inner: list[ipaddress.IPv4Address | ipaddress.IPv6Address | None] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        inner += [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in NAT64:
            inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.ipv4_mapped is not None:
            inner.remove(ip)  # judged by the IPv4 address it stands for
    carried = [address for address in inner if address is not None]
    if allow_loopback and all(address.is_loopback for address in carried):
        return True
    return all(address.is_global and not address.is_multicast for address in carried)


def checked_addresses(host: str, port: int, allow_loopback: bool = False,
                      hosts: dict | None = None) -> list[tuple]:
    """Every address of `host` (getaddrinfo tuples), each one public, or FetchError.
    `hosts` (tests only, like /etc/hosts): a host name looked up as another `name:port`;
    what it names is checked as any address is."""
    where, where_port = host, port
    if hosts and host in hosts:
        where, _, mapped_port = hosts[host].rpartition(":")
        where_port = int(mapped_port)
    try:
        found = socket.getaddrinfo(where, where_port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError("failed", NETWORK_FAILURE) from None
    if not found:
        raise FetchError("failed", NETWORK_FAILURE)
    for *_, sockaddr in found:
        if not public(str(sockaddr[0]), allow_loopback):  # an IP address (text) for TCP
            raise FetchError("refused", f"`{host}` menunjuk ke alamat jaringan lokal atau pribadi "
                                        f"({sockaddr[0]}), bukan alamat internet publik")
    return found


class _CheckedConnection(http.client.HTTPSConnection):
    """HTTPS to addresses already checked: TCP and the TLS handshake within
    `connect_timeout`, then `timeout` for every wait on the server."""

    def __init__(self, host: str, port: int, addresses: list[tuple], connect_timeout: float,
                 timeout: float):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.addresses, self.connect_timeout = addresses, connect_timeout

    def connect(self) -> None:
        last: OSError | None = None
        for family, kind, proto, _, sockaddr in self.addresses:
            raw = socket.socket(family, kind, proto)
            try:
                raw.settimeout(self.connect_timeout)
                raw.connect(sockaddr)
                self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)
                self.sock.settimeout(self.timeout)
                return
            except OSError as exc:  # ssl.SSLError and socket.timeout are OSErrors
                raw.close()
                last = exc
        raise last or OSError("no address")


def open_checked(url: str, timeout: float, connect_timeout: float, allow_loopback: bool = False,
                 hosts: dict | None = None) -> tuple[http.client.HTTPResponse, _CheckedConnection]:
    """The answer to GET `url` (status 200), following redirects only to public https."""
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise FetchError("refused", f"alamat dialihkan ke `{url[:200]}`; hanya alamat https yang diikuti")
        try:
            port = parts.port or 443
        except ValueError:
            raise FetchError("failed", NETWORK_FAILURE) from None
        addresses = checked_addresses(parts.hostname, port, allow_loopback, hosts)
        connection = _CheckedConnection(parts.hostname, port, addresses, connect_timeout, timeout)
        try:
            connection.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                               headers={"User-Agent": "kas-dikdas-build/1"})
            response = connection.getresponse()
        except (OSError, http.client.HTTPException, ValueError):
            connection.close()
            raise FetchError("failed", NETWORK_FAILURE) from None
        if response.status == 200:
            return response, connection
        location = response.getheader("Location")
        connection.close()
        if response.status not in REDIRECTS:
            raise FetchError("failed", f"server menjawab {response.status} {response.reason}",
                             status=response.status)
        if not location:
            raise FetchError("failed", NETWORK_FAILURE)
        url = urljoin(url, location.strip())
    raise FetchError("failed", f"lebih dari {MAX_REDIRECTS} kali dialihkan")


def download(url: str, cache: MediaCache, timeout: float, max_bytes: int,
             max_seconds: float = 600, connect_timeout: float = 10,
             allow_loopback: bool = False, hosts: dict | None = None) -> Path:
    """The cached copy of `url`, downloading it first if needed (atomic, size-limited).
    `connect_timeout` bounds connecting and the TLS handshake, `timeout` each later wait
    for the server, `max_seconds` the whole download."""
    target = remote_path(cache, url)
    deadline = time.monotonic() + max_seconds
    if target.is_file():
        return target
    response, connection = open_checked(url, timeout, connect_timeout, allow_loopback, hosts)
    try:
        with cache.writing(target) as tmp:
            _receive(response, tmp, max_bytes, deadline, max_seconds)
    except (OSError, http.client.HTTPException):
        raise FetchError("failed", NETWORK_FAILURE) from None
    finally:
        connection.close()
    return target


def _receive(response, tmp: Path, max_bytes: int, deadline: float, max_seconds: float) -> None:
    if response.headers.get_content_type() in HTML_TYPES:
        raise FetchError("web_page", WEB_PAGE)
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError("too_large", f"{int(length):,} byte".replace(",", "."))
    received = 0
    with tmp.open("wb") as handle:
        while block := response.read1(1 << 16):  # whatever has arrived
            received += len(block)
            if received > max_bytes:
                raise FetchError("too_large", f"lebih dari {max_bytes:,} byte".replace(",", "."))
            if time.monotonic() > deadline:
                raise FetchError("failed", f"unduhan lebih lama dari {max_seconds:.0f} detik")
            handle.write(block)
    if received == 0:
        raise FetchError("failed", "berkas kosong (0 byte)")
    if length and length.isdigit() and received != int(length):
        raise FetchError("failed", f"unduhan terputus ({received:,} dari {int(length):,} byte)"
                         .replace(",", "."))
    with tmp.open("rb") as handle:
        if looks_like_html(handle.read(512)):
            raise FetchError("web_page", WEB_PAGE)
