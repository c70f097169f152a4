"""Download a linked (`video: https://...`) source once into the cache."""

from __future__ import annotations

import hashlib
import http.client
import time
import urllib.error
import urllib.request
from pathlib import Path

from .cache import MediaCache


class FetchError(Exception):
    """`kind`: too_large | failed. `detail` is shown to the editor."""

    def __init__(self, kind: str, detail: str):
        self.kind, self.detail = kind, detail
        super().__init__(detail)


def remote_path(cache: MediaCache, url: str) -> Path:
    return cache.path("remote", hashlib.sha256(url.encode()).hexdigest()[:32] + ".bin")


def download(url: str, cache: MediaCache, timeout: float, max_bytes: int,
             max_seconds: float = 600) -> Path:
    """The cached copy of `url`, downloading it first if needed (atomic, size-limited).
    `timeout` bounds each wait for the server; `max_seconds` the whole download."""
    target = remote_path(cache, url)
    deadline = time.monotonic() + max_seconds
    if target.is_file():
        return target
    request = urllib.request.Request(url, headers={"User-Agent": "kas-dikdas-build/1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, cache.writing(target) as tmp:
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
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError("failed", f"server menjawab {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError("failed", str(reason)) from None
    return target
