"""The bucket holds only what the live site may show (issue 23, part 5): a showcase is
withdrawn (consent withdrawn), `invoke publish --prune` runs once, and none of its
objects (renditions, posters, captions, and their copies in the shared encode cache)
can be fetched by anyone, or even exist.

A real S3 endpoint on 127.0.0.1 (moto, support/s3server.py) with two buckets, as
docs/hosting.md sets them up: the media bucket, readable by anyone (by bucket policy:
either its `media/` folder, as MinIO and S3 allow, or the whole bucket, as R2, B2 and
GCS do), and a private bucket for the shared encode cache. Anonymous reads are plain
urllib; the listing after the prune is Debian's s3cmd. Two showcases of the sample
(encoded once, in the project's cache), each publish in its own process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kasdikdas.files import link_or_copy

from support import CONTENT, ROOT
from support.s3server import S3Server

MEDIA, CACHE, PREFIX = "kasdikdas-media", "kasdikdas-cache", "blora"
KEPT, WITHDRAWN = "20300011-pentas-barongan", "20300001-gamelan-cilik"


@pytest.fixture
def s3(tmp_path):
    server = S3Server.start(tmp_path / "moto.log")
    yield server
    server.stop()


def small_site(root: Path) -> Path:
    """content/ with two sample showcases (videos and captions hard-linked)."""
    content = root / "content"
    shutil.copytree(CONTENT / "data", content / "data")
    (content / "kiprah").mkdir(parents=True)
    (content / "videos").mkdir()
    for slug in (KEPT, WITHDRAWN):
        shutil.copy2(CONTENT / "kiprah" / f"{slug}.md", content / "kiprah" / f"{slug}.md")
        for original in (CONTENT / "videos").glob(f"{slug}.*"):
            link_or_copy(original, content / "videos" / original.name)
    return content


def publish(s3: S3Server, root: Path, content: Path, *extra: str) -> subprocess.CompletedProcess:
    args = ["--output", str(root / "output"), "--rsync", str(root / "deployed"), "--work",
            str(root / "work"), "--set", f"CACHE_PATH={root / 'pelican-cache'}",
            "--set", f"PATH={content}", *extra]
    env = {**os.environ, **s3.env, "KASDIKDAS_SITEURL": "http://127.0.0.1:9",
           "KASDIKDAS_MEDIA_BUCKET": f"s3://{MEDIA}/{PREFIX}",
           "KASDIKDAS_MEDIA_URL": f"{s3.endpoint}/{MEDIA}/{PREFIX}",
           "KASDIKDAS_MEDIA_CACHE": f"s3://{CACHE}/{PREFIX}"}
    code = f"import sys\nfrom kasdikdas.publish import main\nsys.exit(main({args!r}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def everything(s3: S3Server) -> set[tuple[str, str]]:
    """(bucket, key) of every object at the endpoint."""
    return {(bucket["Name"], key) for bucket in s3.client().list_buckets()["Buckets"]
            for key in s3.objects(bucket["Name"])}


def of_showcase(objects: set[tuple[str, str]], slug: str) -> set[tuple[str, str]]:
    """A showcase's objects wherever they are: under media/<slug>/, and every object whose
    name starts with the content key its published files carry (`...-<8 hex>.<ext>`):
    the encode cache's renditions and posters, wherever a version of the code keeps them."""
    published = {item for item in objects if f"/media/{slug}/" in item[1]}
    keys = {m.group(1) for _, key in published if (m := re.search(r"-([0-9a-f]{8})\.\w+$", key))}
    derived = {item for item in objects if Path(item[1]).name[:8] in keys}
    return published | derived


def fetchable(s3: S3Server, bucket: str, key: str) -> bool:
    """Can anyone (no credentials) GET it?"""
    try:
        with urllib.request.urlopen(f"{s3.endpoint}/{bucket}/{key}", timeout=30) as answer:
            return answer.status == 200
    except urllib.error.HTTPError:
        return False


def s3cmd_listing(s3: S3Server, home: Path, bucket: str) -> set[str]:
    if not shutil.which("s3cmd"):
        pytest.skip("s3cmd is not installed (scripts/test installs it)")
    config = home / "s3cfg"
    host = f"127.0.0.1:{s3.port}"
    config.write_text(f"[default]\naccess_key = {s3.env['AWS_ACCESS_KEY_ID']}\n"
                      f"secret_key = {s3.env['AWS_SECRET_ACCESS_KEY']}\nhost_base = {host}\n"
                      f"host_bucket = {host}\nuse_https = False\nsignature_v2 = False\n"
                      "bucket_location = us-east-1\n")
    done = subprocess.run(["s3cmd", "-c", str(config), "ls", "--recursive", f"s3://{bucket}/"],
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": os.environ["PATH"], "HOME": str(home)})
    assert done.returncode == 0, done.stderr
    return set(re.findall(rf"s3://{bucket}/(\S+)", done.stdout))


@pytest.mark.parametrize("public", ["media-folder", "whole-bucket"])
def test_a_withdrawn_showcase_leaves_nothing_anyone_can_fetch(s3, tmp_path, sample_videos, public):
    readable = f"{PREFIX}/media/" if public == "media-folder" else ""  # R2, B2, GCS: the whole bucket
    s3.make_public_bucket(MEDIA, ["http://127.0.0.1:9"], readable=readable)
    s3.client().create_bucket(Bucket=CACHE)  # private: no policy
    content = small_site(tmp_path)
    publish(s3, tmp_path, content)  # now the bucket knows the live site: --prune may run
    before = everything(s3)
    withdrawn = of_showcase(before, WITHDRAWN)
    kept = of_showcase(before, KEPT)
    media = {key for bucket, key in withdrawn if bucket == MEDIA and "/media/" in key}
    assert {Path(k).suffix for k in media} >= {".mp4", ".jpg", ".webp", ".vtt"}, withdrawn
    assert all(fetchable(s3, MEDIA, key) for key in media)  # published: anyone may watch
    assert withdrawn - {(MEDIA, key) for key in media}  # its renditions are in the encode cache too
    # An older version kept the shared cache inside the media prefix: public on R2/B2/GCS.
    s3.client().put_object(Bucket=MEDIA, Key=f"{PREFIX}/_cache/enc/{'ab' * 12}.mp4", Body=b"lama")

    (content / "kiprah" / f"{WITHDRAWN}.md").unlink()  # consent withdrawn
    pruned = publish(s3, tmp_path, content, "--prune")

    after = everything(s3)
    leaked = sorted(f"{bucket}/{key}" for bucket, key in withdrawn if fetchable(s3, bucket, key))
    assert leaked == []
    assert withdrawn & after == set(), sorted(withdrawn & after)  # gone, not just hidden
    assert not [key for bucket, key in after if bucket == MEDIA and "/_cache/" in key]
    assert kept <= after  # the showcase still on the site keeps every object
    assert all(fetchable(s3, MEDIA, key) for bucket, key in kept if "/media/" in key)
    assert "Dipangkas" in pruned.stdout and "cache bersama" in pruned.stdout, pruned.stdout
    # An independent client sees the same buckets.
    home = tmp_path / "s3cmd"
    home.mkdir()
    listed = {(MEDIA, key) for key in s3cmd_listing(s3, home, MEDIA)} | {
        (CACHE, key) for key in s3cmd_listing(s3, home, CACHE)}
    assert listed == after
    assert not [key for _, key in listed if WITHDRAWN in key]


def test_the_shared_cache_is_never_in_the_public_part_of_the_media_bucket(monkeypatch):
    from kasdikdas.media.location import LocationError, cache_location
    from kasdikdas.media.shared_cache import shared_cache_for

    for name in ("KASDIKDAS_MEDIA_BUCKET", "KASDIKDAS_MEDIA_CACHE"):
        monkeypatch.delenv(name, raising=False)
    media = {"KASDIKDAS_MEDIA_BUCKET": f"s3://{MEDIA}/{PREFIX}"}
    # The media bucket alone shares no cache: it holds only what pages show.
    assert cache_location(media) is None and shared_cache_for(media) is None
    for public in (f"s3://{MEDIA}/{PREFIX}", f"s3://{MEDIA}/{PREFIX}/media",
                   f"s3://{MEDIA}/{PREFIX}/media/cache"):
        with pytest.raises(LocationError, match="bagian publik bucket media"):
            cache_location({**media, "KASDIKDAS_MEDIA_CACHE": public})
    for private in (f"s3://{CACHE}/{PREFIX}", f"s3://{MEDIA}/cache-{PREFIX}",
                    f"s3://{MEDIA}/{PREFIX}/mediacache"):
        assert cache_location({**media, "KASDIKDAS_MEDIA_CACHE": private}) is not None
