"""`invoke publish` with the media in a bucket: upload them before the pages, then record
what the live site references, and prune only on request.

Order (kasdikdas/publish.py):

1. the site is built into a staging folder (pages only: no media inside);
2. `MediaPublisher.check` runs as the last post-build check, on the staging folder,
   before anything replaces output/ or reaches a host: it uploads every rendition,
   poster and captions file the bucket lacks. Any failure is a check problem, so the
   pages are neither swapped in nor deployed: a page never points at a missing video;
3. the pages are deployed (rsync, GitHub Pages);
4. `finish` writes `_situs/manifest.json` (the media keys the new live site
   references, each with its shared-cache name) and, with --prune, makes the bucket
   hold only what a live page may show: under `media/` it deletes every object the new
   site does not reference, except those of showcases still on the site that the
   replaced site referenced (a page kept in a browser still plays); a showcase that
   left the site (withdrawn: consent withdrawn, say) loses all its objects at once. Its
   renditions and posters leave the shared encode cache too (`SharedCache.prune`), and
   a shared cache left inside the media prefix by older versions (`_cache/`) is
   deleted. Anything else in the bucket stays.

With a shared encode cache (KASDIKDAS_MEDIA_CACHE, a private bucket at the same
endpoint), uploads first go there (`enc/<key>.mp4`, ...) and are copied server-side to
their page address (`media/<slug>/...`): each file crosses the network once, and other
machines reuse it instead of encoding. Every key carries a content hash, so "the bucket
has it" means "the bucket has these bytes": a second publish of the same site uploads
nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from kasdikdas.media.inspect import cache_for
from kasdikdas.media.location import LEGACY_CACHE_DIR, SITE_DIR, Bucket, bucket_of
from kasdikdas.media.shared_cache import TOTALS, cache_names, shared_cache_for
from kasdikdas.media.settings import VideoSettings
from kasdikdas.media.store import Store, StoreError, Upload, store_for
from kasdikdas.postbuild.hosting.settings import HostingSettings
from kasdikdas.state import state_of

logger = logging.getLogger(__name__)

MANIFEST = f"{SITE_DIR}/manifest.json"
MANIFEST_VERSION = 2  # 2: "cache" maps each object to its shared-cache name


@dataclass
class Report:
    """What one publish did to the bucket (printed, and read by the tests)."""

    referenced: int = 0  # media objects the new site references
    cache_uploaded: int = 0  # files sent into the shared cache
    uploaded: int = 0  # objects sent under media/ (captions, files outside the cache)
    copied: int = 0  # objects copied server-side from the shared cache
    fetched: int = 0  # shared cache files the build downloaded instead of encoding
    bytes: int = 0  # bytes that crossed the network
    pruned: list[str] = field(default_factory=list)
    pruned_cache: list[str] = field(default_factory=list)  # from the shared encode cache
    pruned_legacy: int = 0  # objects of an old shared cache inside the media prefix
    manifest_written: bool = False

    @property
    def sent(self) -> int:
        return self.cache_uploaded + self.uploaded + self.copied

    def summary(self, where: str) -> str:
        fetched = f"; {self.fetched} berkas cache diambil dari bucket" if self.fetched else ""
        if not self.sent:
            return (f"Media di {where}: {self.referenced} objek, tidak ada yang perlu diunggah"
                    f"{fetched}")
        from kasdikdas.idformat import ukuran

        return (f"Media di {where}: {self.referenced} objek; {self.cache_uploaded + self.uploaded} "
                f"berkas diunggah ({ukuran(self.bytes)}: {self.cache_uploaded} ke cache bersama, "
                f"{self.uploaded} langsung), {self.copied} disalin di dalam bucket{fetched}")

    def prune_summary(self, where: str) -> str:
        legacy = (f"; {self.pruned_legacy} objek cache lama ({LEGACY_CACHE_DIR}/) dihapus dari "
                  "bucket publik" if self.pruned_legacy else "")
        return (f"Dipangkas dari {where}: {len(self.pruned)} objek media yang tidak dipakai situs "
                f"baru (kiprah yang ditarik langsung, lainnya setelah satu penerbitan); "
                f"{len(self.pruned_cache)} berkas dari cache bersama{legacy}")


def media_objects(media: dict) -> dict[str, Path]:
    """{site-relative url (= key under the prefix): local file} of every published medium."""
    return {url: Path(cached) for item in media.values() for url, cached in item.files}


class MediaPublisher:
    def __init__(self, settings: dict, store: Store | None = None):
        bucket = bucket_of(settings)
        if bucket is None:
            raise ValueError("KASDIKDAS_MEDIA_BUCKET is not set")
        self.store = store or store_for(bucket)
        self.media_dir = VideoSettings.read(settings).VIDEO_OUTPUT_DIR.strip("/")
        self.report = Report()
        self.shared = shared_cache_for(settings)  # None: no shared encode cache
        self.objects: dict[str, Path] = {}
        self.cache_of: dict[str, str] = {}  # object key -> its shared-cache name
        self.live: set[str] | None = None  # the previous manifest's keys; None: none yet
        self.live_cache: dict[str, str] = {}  # the previous manifest's cache names
        self._totals = dict(TOTALS)  # the build's own cache uploads count as this publish's

    @property
    def where(self) -> str:
        return self.store.bucket.url

    # --- step 2: a post-build check -----------------------------------------------

    def check(self, staging: Path, settings: dict) -> list[str]:
        """Upload the media of the build in `staging`. The last of publish's checks:
        build_site runs it only when the pages passed theirs, so nothing is uploaded for a
        site that will not be published."""
        try:
            state = state_of(settings)
            self.upload(state.media if state else {}, settings)
        except StoreError as exc:
            return [f"media tidak terunggah ke {self.where}, halaman tidak diterbitkan: {exc}"]
        return []

    def upload(self, media: dict, settings: dict) -> Report:
        cache = cache_for(settings)
        self.objects = media_objects(media)
        report = self.report
        report.referenced = len(self.objects)
        previous = self.store.read_json(MANIFEST)
        self.live = set(previous["objects"]) if previous else None
        self.live_cache = dict(previous.get("cache", {})) if previous else {}
        cache_control = HostingSettings.read(settings).HOSTING_CACHE_LONG
        shared = self.shared
        names = {url: next(iter(cache_names(cache, [path])), None)
                 for url, path in self.objects.items()}
        self.cache_of = {url: name for url, name in names.items() if name}
        if shared is not None:
            shared.push(cache, self.cache_of.values())
        report.cache_uploaded = TOTALS["pushed"] - self._totals["pushed"]  # the build's and these
        report.bytes = TOTALS["pushed_bytes"] - self._totals["pushed_bytes"]
        report.fetched = TOTALS["fetched"] - self._totals["fetched"]
        existing = self.store.list(self.media_dir + "/")
        items = []
        for url, path in sorted(self.objects.items()):
            if url in existing:
                continue
            name = names[url]
            if shared is not None and name and shared.has(name):
                items.append(Upload(url, copy_from=shared.source(name)))
            else:
                items.append(Upload(url, path=path))
        done = self.store.upload_all(items, cache_control=cache_control)
        report.copied += done["copied"]
        report.uploaded += done["objects"] - done["copied"]
        report.bytes += done["bytes"]
        logger.info("media: %s", report.summary(self.where))
        return report

    # --- step 4: after the pages are live ----------------------------------------

    def finish(self, prune: bool = False) -> Report:
        """Record what the live site references; with `prune`, delete what no live page
        may show (see the module's docstring)."""
        manifest = {"version": MANIFEST_VERSION, "objects": sorted(self.objects),
                    "cache": dict(sorted(self.cache_of.items()))}
        previous = sorted(self.live) if self.live is not None else None
        if previous != manifest["objects"] or self.live_cache != manifest["cache"]:
            self.store.put_json(MANIFEST, manifest)
            self.report.manifest_written = True
        if prune:
            if self.live is None:
                raise StoreError(f"belum ada {MANIFEST} di {self.where} (daftar media situs yang "
                                 "terbit); --prune baru bisa dipakai pada penerbitan berikutnya")
            keep = self.kept()
            garbage = sorted(set(self.store.list(self.media_dir + "/")) - keep)
            self.store.delete(garbage)
            self.report.pruned = garbage
            if self.shared is not None:
                self.report.pruned_cache = self.shared.prune(self.cache_used(keep))
            self.report.pruned_legacy = self.prune_legacy_cache()
        return self.report

    def showcase_of(self, key: str) -> str:
        """`media/<slug>/<file>` -> <slug>: the showcase an object belongs to."""
        return key[len(self.media_dir) + 1:].split("/", 1)[0]

    def kept(self) -> set[str]:
        """The new site's objects, and the replaced site's for showcases still on the site."""
        present = {self.showcase_of(key) for key in self.objects}
        return set(self.objects) | {key for key in self.live or () if self.showcase_of(key) in present}

    def cache_used(self, kept: set[str]) -> set[str]:
        """The shared-cache names of the kept objects, with each poster's record."""
        names = {name for key in kept
                 if (name := self.cache_of.get(key) or self.live_cache.get(key))}
        return names | {name.rsplit(".", 1)[0] + ".json" for name in names if name.startswith("poster/")}

    def prune_legacy_cache(self) -> int:
        """Delete a shared cache that older versions kept inside the media prefix
        (`<prefix>/_cache/`, public where the bucket is public whole), unless it is
        where KASDIKDAS_MEDIA_CACHE points now."""
        legacy = Bucket(self.store.bucket.name, self.store.bucket.key(LEGACY_CACHE_DIR))
        if self.shared is not None and self.shared.store.bucket == legacy:
            return 0
        return self.store.delete(self.store.list(LEGACY_CACHE_DIR + "/"))
