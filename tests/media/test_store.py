"""kasdikdas/media/store.py and the publisher's bookkeeping against a real S3 endpoint
on 127.0.0.1 (moto's server, s3server.py): multipart uploads of large files, skipping
what exists, a failure that names the object, the manifest and a refused first prune."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from kasdikdas.media.location import Bucket
from kasdikdas.media.store import MULTIPART_BYTES, Store, StoreError, Upload
from kasdikdas.publish_media import MANIFEST, MediaPublisher

from support.s3server import S3Server

BUCKET = "kasdikdas-uji-store"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    server = S3Server.start(tmp_path_factory.mktemp("s3") / "moto.log")
    server.client().create_bucket(Bucket=BUCKET)
    yield server
    server.stop()


@pytest.fixture
def store(s3, request):
    return Store(Bucket(BUCKET, f"uji/{request.node.name}"), client=s3.client(), workers=4)


def test_a_large_file_goes_in_parts_with_its_headers(store, s3, tmp_path):
    big = tmp_path / "besar-0123abcd.mp4"
    big.write_bytes(os.urandom(MULTIPART_BYTES + MULTIPART_BYTES // 2))
    small = tmp_path / "kecil-0123abcd.webp"
    small.write_bytes(b"RIFF" + os.urandom(1000))
    done = store.upload_all([Upload("media/a/besar-0123abcd.mp4", path=big),
                             Upload("media/a/kecil-0123abcd.webp", path=small)])
    assert done == {"objects": 2, "bytes": big.stat().st_size + small.stat().st_size, "copied": 0}
    client = s3.client()
    head = client.head_object(Bucket=BUCKET, Key=store.bucket.key("media/a/besar-0123abcd.mp4"))
    assert head["ETag"].strip('"').endswith("-2")  # S3's mark of a two-part upload
    assert head["ContentType"] == "video/mp4"
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    body = client.get_object(Bucket=BUCKET, Key=store.bucket.key("media/a/besar-0123abcd.mp4"))["Body"]
    assert hashlib.sha256(body.read()).digest() == hashlib.sha256(big.read_bytes()).digest()
    assert store.list("media/") == {"media/a/besar-0123abcd.mp4": big.stat().st_size,
                                    "media/a/kecil-0123abcd.webp": small.stat().st_size}


def test_a_server_side_copy_gets_the_type_of_its_new_name(store, s3, tmp_path):
    source = tmp_path / "x.bin"
    source.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(100))
    store.upload_all([Upload("_cache/enc/0123456789abcdef01234567.mp4", path=source)])
    done = store.upload_all([Upload("media/b/b-240p-01234567.mp4",
                                    copy_from="_cache/enc/0123456789abcdef01234567.mp4")])
    assert done["copied"] == 1 and done["bytes"] == 0  # nothing crossed the network
    head = store.head("media/b/b-240p-01234567.mp4")
    assert head["ContentType"] == "video/mp4" and head["ContentLength"] == source.stat().st_size


def test_a_failed_upload_names_the_object_and_stops(store, tmp_path):
    present = tmp_path / "ada.jpg"
    present.write_bytes(b"\xff\xd8" + os.urandom(100))
    with pytest.raises(StoreError, match=r"mengunggah s3://\S+/media/c/hilang\.jpg gagal"):
        store.upload_all([Upload("media/c/ada.jpg", path=present),
                          Upload("media/c/hilang.jpg", path=tmp_path / "tidak-ada.jpg")])


def test_the_first_publish_records_the_manifest_and_refuses_to_prune(store, tmp_path):
    publisher = MediaPublisher({"KASDIKDAS_MEDIA_BUCKET": store.bucket.url}, store=store)
    publisher.objects = {"media/d/d-240p-01234567.mp4": tmp_path / "d.mp4"}
    with pytest.raises(StoreError, match="--prune baru bisa dipakai"):
        publisher.finish(prune=True)
    assert json.loads(json.dumps(store.read_json(MANIFEST))) == {
        "version": 2, "objects": ["media/d/d-240p-01234567.mp4"], "cache": {}}
    # Unchanged: not written again (a second publish writes nothing to the bucket).
    again = MediaPublisher({"KASDIKDAS_MEDIA_BUCKET": store.bucket.url}, store=store)
    again.objects, again.live = dict(publisher.objects), set(publisher.objects)
    assert again.finish().manifest_written is False
