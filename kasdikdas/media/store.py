"""An S3-compatible bucket through boto3: list, upload (parallel, multipart, with a
progress bar), server-side copy, download, small JSON objects, delete.

Every object the site writes is immutable (content-hashed name), so an upload is
skipped when the key exists; nothing here ever overwrites a medium. Credentials and the
endpoint come from boto3's own chain: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_PROFILE or ~/.aws; never from the
repository.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import mimetypes
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import IMMUTABLE_CACHE
from .location import Bucket

logger = logging.getLogger(__name__)

MIME_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".webp": "image/webp",
              ".avif": "image/avif", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".png": "image/png", ".vtt": "text/vtt; charset=utf-8",
              ".json": "application/json"}
MULTIPART_BYTES = 16 * 1024 * 1024  # larger files go in parts (resumable part by part)
WORKERS = 8  # parallel transfers: network-bound, not CPU-bound


class StoreError(Exception):
    """A bucket operation failed; the message says which object and why (Indonesian)."""


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return MIME_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


@dataclass(frozen=True)
class Upload:
    key: str  # relative to the bucket's prefix
    path: Path | None = None  # a local file to send...
    # ...or an object to copy server-side: a key (relative) of this bucket, or
    # (bucket, full key) of another bucket at the same endpoint (the shared cache's)
    copy_from: str | tuple[str, str] | None = None

    @property
    def size(self) -> int:
        """Bytes to send (0 for a copy, or a file that vanished: its upload will say so)."""
        try:
            return self.path.stat().st_size if self.path is not None else 0
        except OSError:
            return 0


def _client_error():
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError, OSError)


class Store:
    """One bucket and prefix. Thread-safe: boto3 clients may be shared across threads."""

    def __init__(self, bucket: Bucket, client=None, workers: int = WORKERS):
        self.bucket = bucket
        self.workers = workers
        if client is None:
            import boto3
            from botocore.config import Config

            # boto3 reads AWS_ENDPOINT_URL, credentials, region and AWS_PROFILE itself.
            session = boto3.session.Session()
            client = session.client("s3", config=Config(
                retries={"mode": "standard", "max_attempts": 3}, connect_timeout=10,
                read_timeout=60, max_pool_connections=workers * 2,
                s3={"addressing_style": "path"}))
        self.client = client

    def _where(self, key: str = "") -> str:
        return f"s3://{self.bucket.name}/{self.bucket.key(key)}"

    def _fail(self, what: str, key: str, exc: Exception) -> StoreError:
        return StoreError(f"{what} {self._where(key)} gagal: {exc}")

    # --- reading ---------------------------------------------------------------------

    def list(self, under: str = "") -> dict[str, int]:
        """{relative key: size} of every object under `under` (relative to the prefix)."""
        found: dict[str, int] = {}
        prefix = self.bucket.key(under)
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self.bucket.name, Prefix=prefix):
                for item in page.get("Contents", ()):
                    found[self.bucket.relative(item["Key"])] = item["Size"]
        except _client_error() as exc:
            raise self._fail("membaca daftar isi", under, exc) from None
        return found

    def head(self, key: str, absolute: bool = False) -> dict | None:
        """The object's headers (ETag, ContentLength, ...), or None when it is missing."""
        from botocore.exceptions import ClientError

        full = key if absolute else self.bucket.key(key)
        try:
            return self.client.head_object(Bucket=self.bucket.name, Key=full)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise self._fail("membaca", key, exc) from None
        except _client_error() as exc:
            raise self._fail("membaca", key, exc) from None

    def read_json(self, key: str):
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket.name, Key=self.bucket.key(key))["Body"]
            return json.loads(body.read())
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise self._fail("membaca", key, exc) from None
        except (ValueError, *_client_error()) as exc:
            raise self._fail("membaca", key, exc) from None

    def download(self, key: str, target: Path, absolute: bool = False) -> None:
        """Download into `target` (a temporary path the caller renames into place)."""
        full = key if absolute else self.bucket.key(key)
        try:
            self.client.download_file(self.bucket.name, full, str(target),
                                      Config=self.transfer_config())
        except _client_error() as exc:
            raise self._fail("mengunduh", key, exc) from None

    # --- writing ---------------------------------------------------------------------

    def transfer_config(self):
        from boto3.s3.transfer import TransferConfig

        return TransferConfig(multipart_threshold=MULTIPART_BYTES, multipart_chunksize=MULTIPART_BYTES,
                              max_concurrency=4, use_threads=True)

    def extra_args(self, key: str, cache_control: str = IMMUTABLE_CACHE) -> dict:
        return {"ContentType": content_type(key), "CacheControl": cache_control}

    def put_json(self, key: str, data, cache_control: str = "no-cache") -> None:
        body = json.dumps(data, sort_keys=True, indent=1).encode()
        try:
            self.client.put_object(Bucket=self.bucket.name, Key=self.bucket.key(key), Body=body,
                                   ContentType="application/json", CacheControl=cache_control)
        except _client_error() as exc:
            raise self._fail("menulis", key, exc) from None

    def upload_one(self, item: Upload, callback: Callable[[int], None] | None = None,
                   cache_control: str = IMMUTABLE_CACHE) -> None:
        key = self.bucket.key(item.key)
        try:
            if item.copy_from is not None:
                source = (item.copy_from if isinstance(item.copy_from, tuple)
                          else (self.bucket.name, self.bucket.key(item.copy_from)))
                self.client.copy_object(
                    Bucket=self.bucket.name, Key=key, MetadataDirective="REPLACE",
                    CopySource={"Bucket": source[0], "Key": source[1]},
                    **self.extra_args(item.key, cache_control))
            else:
                self.client.upload_file(str(item.path), self.bucket.name, key,
                                        ExtraArgs=self.extra_args(item.key, cache_control),
                                        Config=self.transfer_config(), Callback=callback)
        except _client_error() as exc:
            raise self._fail("mengunggah", item.key, exc) from None

    def upload_all(self, items: Iterable[Upload], desc: str = "Mengunggah media",
                   cache_control: str = IMMUTABLE_CACHE) -> dict[str, int]:
        """Upload every item in parallel, with a progress bar (bytes) on a terminal.
        Raises StoreError after the running transfers stop when any fails; objects
        already sent stay (they are immutable and harmless). Returns counts."""
        items = list(items)
        done = {"objects": 0, "bytes": 0, "copied": 0}
        if not items:
            return done
        total = sum(item.size for item in items)
        bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=total, unit="B", unit_scale=True, desc=desc, file=sys.stderr)
        lock = threading.Lock()

        def progress(count: int) -> None:
            if bar is not None:
                with lock:
                    bar.update(count)

        def send(item: Upload) -> Upload:
            self.upload_one(item, progress, cache_control)
            return item

        def sent(item: Upload) -> None:
            with lock:
                done["objects"] += 1
                done["bytes"] += item.size
                done["copied"] += item.copy_from is not None
            if bar is None:
                logger.debug("media: %s diunggah", item.key)

        try:
            failure = self._in_parallel(send, items, sent)
        finally:
            if bar is not None:
                bar.close()
        if failure is not None:
            raise failure
        return done

    def _in_parallel(self, send, items: Sequence[Upload], sent) -> StoreError | None:
        """`send` every item on `self.workers` threads, `sent` hearing each success; the
        first failure cancels the transfers not yet started and is returned."""
        failure: StoreError | None = None
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(send, item) for item in items]
            for future in concurrent.futures.as_completed(futures):
                if future.cancelled():
                    continue  # not started after another failed
                try:
                    sent(future.result())
                except StoreError as exc:
                    if failure is None:
                        failure = exc
                        for other in futures:
                            other.cancel()
        return failure

    def delete(self, keys: Iterable[str]) -> int:
        """Delete objects (relative keys), a thousand per request. Returns how many."""
        keys = sorted(keys)
        for start in range(0, len(keys), 1000):
            batch = [{"Key": self.bucket.key(k)} for k in keys[start:start + 1000]]
            try:
                answer = self.client.delete_objects(Bucket=self.bucket.name,
                                                    Delete={"Objects": batch, "Quiet": True})
            except _client_error() as exc:
                raise self._fail("menghapus", keys[start], exc) from None
            if answer.get("Errors"):
                error = answer["Errors"][0]
                raise StoreError(f"menghapus {self._where(self.bucket.relative(error['Key']))} "
                                 f"gagal: {error.get('Message', error.get('Code'))}")
        return len(keys)


_stores: dict[Bucket, Store] = {}


def store_for(bucket: Bucket) -> Store:
    """One Store (and client) per bucket and process."""
    if bucket not in _stores:
        _stores[bucket] = Store(bucket)
    return _stores[bucket]


def forget_stores() -> None:
    """Tests: drop cached clients (their endpoint may have changed)."""
    _stores.clear()
