"""Send one source video into the private source bucket under its content-hash name,
with progress, resumably: an object already there is not sent again, and a multipart
upload cut off earlier is continued from the parts the bucket already holds."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kasdikdas.idformat import ukuran

from .location import Bucket
from .progress import LOG_EVERY as LINE_SECONDS  # a line this often in a log, as encodes do
from .store import MULTIPART_BYTES, StoreError, content_type, store_for


def content_name(sha256: str, path: Path) -> str:
    """The object's name: the clip's sha256 and its original extension, lower case."""
    return f"{sha256}{path.suffix.lower()}"


class UploadProgress:
    """Bytes sent: a tqdm bar on a terminal, else a line every LINE_SECONDS (logs, CI)."""

    def __init__(self, total: int, label: str, stream=None, every: float = LINE_SECONDS):
        self.total, self.label, self.every = total, label, every
        self.stream = stream or sys.stderr
        self.done, self.bar, self.last = 0, None, float("-inf")
        if self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="B", unit_scale=True, desc=label, file=self.stream)
        else:
            self._line()

    def _line(self) -> None:
        percent = 100 if not self.total else self.done * 100 // self.total
        done = ukuran(self.done) if self.done else "0 KB"
        print(f"{self.label}: {percent}% ({done} dari {ukuran(self.total)})",
              file=self.stream, flush=True)
        self.last = time.monotonic()

    def update(self, count: int) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
        elif time.monotonic() - self.last >= self.every:
            self._line()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        else:
            self._line()


@dataclass(frozen=True)
class Sent:
    key: str  # relative to the bucket's prefix: the content-hash name
    uploaded: bool  # False: the object was already there
    resumed_parts: int = 0  # parts an earlier, interrupted upload had already sent


def _pending_upload(client, bucket: str, key: str) -> str | None:
    """The id of an unfinished multipart upload of exactly this key, if any."""
    answer = client.list_multipart_uploads(Bucket=bucket, Prefix=key)
    found = [u for u in answer.get("Uploads", ()) if u["Key"] == key]
    found.sort(key=lambda u: u["Initiated"])
    return found[-1]["UploadId"] if found else None


def _parts_done(client, bucket: str, key: str, upload_id: str) -> dict[int, dict]:
    done: dict[int, dict] = {}
    paginator = client.get_paginator("list_parts")
    for page in paginator.paginate(Bucket=bucket, Key=key, UploadId=upload_id):
        for part in page.get("Parts", ()):
            done[part["PartNumber"]] = {"ETag": part["ETag"], "Size": part["Size"]}
    return done


def _multipart(client, bucket: str, key: str, path: Path, part_bytes: int,
               progress: UploadProgress) -> int:
    """Upload in parts, continuing a pending upload of the same key; returns how many
    parts were already there."""
    upload_id = _pending_upload(client, bucket, key)
    done = _parts_done(client, bucket, key, upload_id) if upload_id else {}
    if upload_id is None:
        upload_id = client.create_multipart_upload(
            Bucket=bucket, Key=key, ContentType=content_type(key))["UploadId"]
    size = path.stat().st_size
    count = -(-size // part_bytes)
    reused = 0
    parts = []
    with path.open("rb") as handle:
        for number in range(1, count + 1):
            length = min(part_bytes, size - (number - 1) * part_bytes)
            old = done.get(number)
            if old is not None and old["Size"] == length:  # same part size: same bytes
                parts.append({"PartNumber": number, "ETag": old["ETag"]})
                reused += 1
                progress.update(length)
                continue
            handle.seek((number - 1) * part_bytes)
            answer = client.upload_part(Bucket=bucket, Key=key, UploadId=upload_id,
                                        PartNumber=number, Body=handle.read(length))
            parts.append({"PartNumber": number, "ETag": answer["ETag"]})
            progress.update(length)
    client.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id,
                                     MultipartUpload={"Parts": parts})
    return reused


def upload_source(path: Path, sha256: str, bucket: Bucket, part_bytes: int = MULTIPART_BYTES,
                  stream=None) -> Sent:
    """Put `path` into the source bucket as `<sha256><ext>` unless it is there already.
    Raises StoreError, naming the object, when the bucket refuses."""
    from botocore.exceptions import BotoCoreError, ClientError

    name = content_name(sha256, path)
    store = store_for(bucket)
    key = bucket.key(name)
    shown = f"s3://{bucket.name}/{key}"
    size = path.stat().st_size
    if _stored_size(store, name) == size:  # the same bytes, by their name: not sent
        return Sent(name, False)
    progress = UploadProgress(size, f"Mengunggah {path.name}", stream)
    try:
        if size <= part_bytes:
            with path.open("rb") as handle:
                store.client.put_object(Bucket=bucket.name, Key=key, Body=handle.read(),
                                        ContentType=content_type(name))
            progress.update(size)
            reused = 0
        else:
            reused = _multipart(store.client, bucket.name, key, path, part_bytes, progress)
    except (BotoCoreError, ClientError, OSError) as exc:
        raise StoreError(f"mengunggah {path.name} ke {shown} gagal: {exc}; jalankan lagi: "
                         "bagian yang sudah terkirim tidak dikirim ulang") from None
    finally:
        progress.close()
    if _stored_size(store, name) != size:
        raise StoreError(f"{shown} tidak lengkap sesudah diunggah; jalankan lagi")
    return Sent(name, True, reused)


def _stored_size(store, name: str) -> int | None:
    """The size of the object already under this name; None when there is none. (An
    object of another size under a clip's content-hash name is broken: sent again.)"""
    head = store.head(name)
    if head is None:
        return None
    return head.get("ContentLength")
