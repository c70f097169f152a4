"""`invoke enkode --bagian i/N`: N machines split the encodes by content hash, each into
the shared encode cache (a private bucket), and a build afterwards encodes nothing. The machines are N
processes started at once, each with its own empty local cache; the bucket is moto's
S3 server on 127.0.0.1 (s3server.py)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys

import pytest
from support import CONTENT, ROOT
from support.s3server import S3Server

from kasdikdas.files import link_or_copy
from kasdikdas.media.shard import ShareError, parse_share, share_of

CACHE_BUCKET, PREFIX = "kasdikdas-cache", "blora"  # the shared encode cache (private)
# Four short 240p sample clips (landscape and portrait): the site of this test.
KEEP = ("20300021-senam-pagi", "20300063-pramuka-peduli", "20300081-dongeng-pagi",
        "20300041-drumband-sonokulon")
SHARES = 3

BUILD = """
import logging, sys
logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
logging.getLogger("kasdikdas.media").setLevel(logging.INFO)
from kasdikdas.build import build_site
build_site(sys.argv[1], sys.argv[2], PATH=sys.argv[3], CACHE_PATH=sys.argv[4],
           VIDEO_CACHE_PATH=sys.argv[5])
"""


def test_a_share_is_read_as_index_over_count_counted_from_one():
    assert parse_share("3/8") == (3, 8)
    assert parse_share(" 1 / 1 ") == (1, 1)
    for bad in ("0/8", "9/8", "3", "3/0", "a/b", "-1/2"):
        with pytest.raises(ShareError, match="BAGIAN/JUMLAH"):
            parse_share(bad)


def test_every_hash_falls_in_exactly_one_share_whatever_the_count():
    hashes = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(400)]
    for count in (1, 2, 8, 50):
        shares = [share_of(h, count) for h in hashes]
        assert set(shares) <= set(range(1, count + 1))
        assert shares == [share_of(h, count) for h in hashes]  # the same on every machine
    per_share = [sum(1 for h in hashes if share_of(h, 8) == i) for i in range(1, 9)]
    assert min(per_share) >= 30  # 400 clips over 8 shares: none starved (50 on average)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory, sample_videos):
    """A site of four showcases, its N shares encoded by N processes at once."""
    root = tmp_path_factory.mktemp("shard")
    content = root / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("*.mp4"))
    for page in (content / "kiprah").glob("*.md"):
        if page.stem not in KEEP:
            page.unlink()
    for name in KEEP:
        link_or_copy(sample_videos / f"{name}.mp4", content / "videos" / f"{name}.mp4")
    server = S3Server.start(root / "moto.log")
    server.client().create_bucket(Bucket=CACHE_BUCKET)
    env = {**os.environ, **server.env, "KASDIKDAS_MEDIA_CACHE": f"s3://{CACHE_BUCKET}/{PREFIX}"}
    runs = [subprocess.Popen([sys.executable, "-m", "invoke", "enkode", "--bagian",
                              f"{i}/{SHARES}", "--content", str(content),
                              "--cache", str(root / f"mesin-{i}")],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for i in range(1, SHARES + 1)]
    done = [(*run.communicate(timeout=900), run.returncode) for run in runs]
    yield root, content, server, env, done
    server.stop()


def test_n_machines_at_once_encode_every_clip_exactly_once(sharded):
    _, content, server, _, done = sharded
    for stdout, stderr, code in done:
        assert code == 0, stdout + stderr
    hashes = {hashlib.sha256((content / "videos" / f"{n}.mp4").read_bytes()).hexdigest()
              for n in KEEP}
    encoded = [sha for stdout, _, _ in done for sha in re.findall(r"^dikodekan ([0-9a-f]{64})$",
                                                                  stdout, re.MULTILINE)]
    assert sorted(encoded) == sorted(hashes)  # each clip once, by one machine
    for index, (stdout, _, _) in enumerate(done, 1):  # each by the machine its hash names
        assert all(share_of(sha, SHARES) == index
                   for sha in re.findall(r"^dikodekan ([0-9a-f]{64})$", stdout, re.MULTILINE))
    renditions = [key for key in server.objects(CACHE_BUCKET, PREFIX) if re.search(r"/enc/\w+\.mp4$", key)]
    assert len(renditions) >= 2 * len(KEEP)  # the hemat tier in AV1 and H.264, at least


def test_a_share_run_again_encodes_nothing(sharded):
    root, content, _, env, done = sharded
    busiest = max(range(SHARES), key=lambda i: done[i][0].count("\ndikodekan ")) + 1
    again = subprocess.run([sys.executable, "-m", "invoke", "enkode", "--bagian", f"{busiest}/{SHARES}",
                            "--content", str(content), "--cache", str(root / "mesin-baru")],
                           cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "dikodekan di mesin ini" in again.stdout and "\ndikodekan " not in again.stdout
    assert " 0 dikodekan" in again.stdout


def test_the_build_after_the_shares_encodes_nothing(sharded):
    root, content, _, env, _ = sharded
    build = subprocess.run([sys.executable, "-c", BUILD, str(ROOT / "pelicanconf.py"),
                            str(root / "output"), str(content), str(root / "pelican-cache"),
                            str(root / "build-cache")],
                           cwd=ROOT, env={**env, "KASDIKDAS_MEDIA_URL": ""},
                           capture_output=True, text=True, check=False, timeout=600)
    assert build.returncode == 0, build.stderr
    assert f"video: {len(KEEP)} dari {len(KEEP)} klip sudah ada di cache" in build.stderr, build.stderr
    assert "belum ada di cache" not in build.stderr and "dikodekan" not in build.stderr
    assert len(list((root / "output" / "media").rglob("*.mp4"))) >= 2 * len(KEEP)


def test_without_a_shared_cache_a_share_is_refused_with_what_to_set(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KASDIKDAS_MEDIA_CACHE"}
    run = subprocess.run([sys.executable, "-m", "invoke", "enkode", "--bagian", "1/2",
                          "--content", str(CONTENT), "--cache", str(tmp_path)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert run.returncode == 2
    assert "KASDIKDAS_MEDIA_CACHE" in run.stderr
