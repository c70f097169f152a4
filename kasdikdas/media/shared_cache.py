"""The encode cache shared through a private bucket (KASDIKDAS_MEDIA_CACHE, never the
public media bucket): it mirrors the local cache's layout (enc/<key>.mp4,
poster/<key>.{jpg,webp,json}, probe/<sha256>-pN.json) under its prefix.

Every name there is a content key (source hash + every setting), so an object never
changes and any machine may add one. Before planning, a build downloads what its
local cache lacks and the bucket has (a fresh CI runner encodes nothing the bucket
holds); after encoding, it uploads what it made. The shared cache only saves work: a
bucket that cannot be reached is reported and the build goes on with local work.
`invoke publish --prune` empties it of every rendition and poster the live site does
not use (a withdrawn video's included): `prune`.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Iterable
from pathlib import Path

from .cache import MediaCache
from .location import cache_location
from .settings import VideoSettings
from .store import Store, StoreError, Upload, store_for

logger = logging.getLogger(__name__)


# What this process moved through the shared cache, for reports (publish_media.Report).
TOTALS = {"pushed": 0, "pushed_bytes": 0, "fetched": 0}


class SharedCache:
    def __init__(self, store: Store):
        self.store = store
        self._listing: dict[str, int] | None = None
        self.fetched: list[str] = []  # names downloaded by this process (tests, logs)
        self.pushed: list[str] = []

    def listing(self) -> dict[str, int]:
        if self._listing is None:
            self._listing = self.store.list("")
        return self._listing

    @staticmethod
    def remote(name: str) -> str:
        """The key of a cache name, relative to the cache's prefix (the same name)."""
        return name

    def source(self, name: str) -> tuple[str, str]:
        """(bucket, full key) of a cache name: what a server-side copy reads."""
        return self.store.bucket.name, self.store.bucket.key(name)

    def has(self, name: str) -> bool:
        return self.remote(name) in self.listing()

    def fill(self, cache: MediaCache, names: Iterable[str]) -> int:
        """Download the names the local cache lacks and the bucket has. A JSON record
        comes last: for a poster its presence says the images are complete."""
        wanted = sorted({n for n in names if not (cache.root / n).is_file() and self.has(n)},
                        key=lambda n: (n.endswith(".json"), n))
        if not wanted:
            return 0
        files = [n for n in wanted if not n.endswith(".json")]
        records = [n for n in wanted if n.endswith(".json")]
        for group in (files, records):
            with concurrent.futures.ThreadPoolExecutor(max_workers=self.store.workers) as pool:
                for future in [pool.submit(self._fetch, cache, name) for name in group]:
                    future.result()
        TOTALS["fetched"] += len(wanted)
        logger.info("video: %d berkas cache diambil dari %s", len(wanted), self.store.bucket.url)
        return len(wanted)

    def _fetch(self, cache: MediaCache, name: str) -> None:
        kind, _, filename = name.partition("/")
        final = cache.path(kind, filename)
        with cache.writing(final) as tmp:
            self.store.download(self.remote(name), tmp)
        self.fetched.append(name)

    def push(self, cache: MediaCache, names: Iterable[str],
             cache_control: str | None = None) -> dict[str, int]:
        """Upload the local cache entries the bucket lacks (what this machine made).
        Returns the counts of `Store.upload_all`."""
        items = [Upload(self.remote(n), path=cache.root / n) for n in sorted(set(names))
                 if (cache.root / n).is_file() and not self.has(n)]
        if not items:
            return {"objects": 0, "bytes": 0, "copied": 0}
        done = self.store.upload_all(items, desc="Mengunggah cache video",
                                     **({"cache_control": cache_control} if cache_control else {}))
        for item in items:
            self.listing()[item.key] = item.size
            self.pushed.append(item.key)
        TOTALS["pushed"] += done["objects"]
        TOTALS["pushed_bytes"] += done["bytes"]
        logger.info("video: %d berkas cache diunggah ke %s", len(items), self.store.bucket.url)
        return done


    def prune(self, used: Iterable[str]) -> list[str]:
        """Delete every rendition and poster (enc/, poster/) not in `used`: the cache
        keeps what the live site shows, so a withdrawn video leaves it with its pages.
        Probe records (a clip's duration and size, no picture) stay."""
        keep = set(used)
        garbage = sorted(name for name in self.listing()
                         if name.startswith(CONTENT_DIRS) and name not in keep)
        self.store.delete(garbage)
        for name in garbage:
            self.listing().pop(name, None)
        return garbage


CONTENT_DIRS = ("enc/", "poster/")  # what holds pictures of a clip


def shared_cache_for(settings: dict) -> SharedCache | None:
    """The shared cache when KASDIKDAS_MEDIA_CACHE is set (and VIDEO_SHARED_CACHE is not
    False), else None. One listing per build."""
    if not VideoSettings.read(settings).VIDEO_SHARED_CACHE:
        return None
    bucket = cache_location(settings)
    if bucket is None:
        return None
    return SharedCache(store_for(bucket))


def try_fill(shared: SharedCache | None, cache: MediaCache, names: Iterable[str]) -> int:
    if shared is None:
        return 0
    try:
        return shared.fill(cache, names)
    except StoreError as exc:
        logger.warning("video: cache bersama tidak bisa dibaca, mengodekan sendiri: %s", exc)
        return 0


def try_push(shared: SharedCache | None, cache: MediaCache, names: Iterable[str]) -> int:
    if shared is None:
        return 0
    try:
        return shared.push(cache, names)["objects"]
    except StoreError as exc:
        logger.warning("video: cache bersama tidak bisa ditulis: %s", exc)
        return 0


def cache_names(cache: MediaCache, paths: Iterable[str | Path]) -> list[str]:
    """Local cache paths -> names relative to the cache root (enc/<key>.mp4)."""
    root = cache.root.resolve()
    names = []
    for path in paths:
        path = Path(path).resolve()
        if root in path.parents:
            names.append(path.relative_to(root).as_posix())
    return names
