"""Schools' original videos kept in the bucket instead of git (`video: s3://bucket/key`,
or `video: s3:name` for a key under KASDIKDAS_MEDIA_SOURCES, a private bucket: the
originals may carry GPS and must never sit where the public media are).

Each is downloaded once into the cache (`remote/s3-<hash of bucket, key, ETag>.bin`):
the ETag changes when the object does, so a replaced original is fetched again and an
unchanged one never. Errors become a FetchError the editor reads, naming the object.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from .cache import MediaCache
from .fetch import FetchError
from .location import Bucket, sources_location
from .settings import VideoSettings
from .store import StoreError, store_for


def object_of(url: str, settings: dict) -> tuple[Bucket, str]:
    """`s3://bucket/key` or `s3:name` -> (bucket without prefix, full key)."""
    if url.startswith("s3://"):
        parts = urlsplit(url)
        return Bucket(parts.netloc, ""), parts.path.lstrip("/")
    where = sources_location(settings)
    if where is None:
        raise FetchError("failed", "KASDIKDAS_MEDIA_SOURCES (bucket video asli) belum diatur, "
                                   "jadi `s3:` tidak menunjuk ke bucket mana pun")
    return Bucket(where.name, ""), where.key(url[len("s3:"):].lstrip("/"))


def download_object(url: str, cache: MediaCache, settings: dict) -> Path:
    """The cached copy of a bucket object, downloading it first if its ETag is new."""
    bucket, key = object_of(url, settings)
    shown = f"s3://{bucket.name}/{key}"
    store = store_for(bucket)
    try:
        head = store.head(key)
    except StoreError as exc:
        raise FetchError("failed", f"bucket tidak bisa dibaca ({exc})") from None
    if head is None:
        raise FetchError("failed", f"tidak ada berkas {shown} di bucket")
    size = head.get("ContentLength", 0)
    if size > VideoSettings.read(settings).VIDEO_MAX_SOURCE_BYTES:
        raise FetchError("too_large", f"{size:,} byte".replace(",", "."))
    if size == 0:
        raise FetchError("failed", "berkas kosong (0 byte)")
    etag = head.get("ETag", "").strip('"')
    name = hashlib.sha256(f"{bucket.name}\0{key}\0{etag}".encode()).hexdigest()[:32]
    target = cache.path("remote", f"s3-{name}.bin")
    if target.is_file():
        return target
    try:
        with cache.writing(target) as tmp:
            store.download(key, tmp)
    except StoreError as exc:
        raise FetchError("failed", f"unduhan gagal ({exc})") from None
    return target
