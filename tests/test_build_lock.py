"""Pelican's content cache one build at a time (cachelock.py, build.run_pelican):
Pelican writes its cache in place, and a build that loads a half-written one fails
with EOFError ("kesalahan program"), seen when two tests' builds shared
`.cache/pelican`. The lock is let go once the articles' cache is written, before
the clips are encoded."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from kasdikdas import build, cachelock

pytestmark = pytest.mark.fast

HOLD = """
import sys, time
from pathlib import Path
from kasdikdas.cachelock import held
with held({"CACHE_PATH": sys.argv[1]}):
    print("dipegang", flush=True)
    while not Path(sys.argv[2]).exists():
        time.sleep(0.05)
"""

TRY = """
import fcntl, sys
from pathlib import Path
with open(Path(sys.argv[1]) / ".kunci-build", "a+b") as handle:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(3)
"""


def test_a_second_build_waits_for_the_one_holding_the_cache(tmp_path):
    cache, release = tmp_path / "cache", tmp_path / "lepas"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(cache), str(release)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "dipegang"
        got = threading.Event()

        def second():
            with cachelock.held({"CACHE_PATH": str(cache)}):
                got.set()

        waiter = threading.Thread(target=second, daemon=True)
        waiter.start()
        assert not got.wait(1.0)  # still held by the other process
        release.touch()
        assert got.wait(10)  # released: the second one goes on
    finally:
        release.touch()
        holder.wait(timeout=10)


@pytest.mark.skipif(sys.platform == "win32", reason="the probe uses fcntl")
def test_pelican_holds_the_lock_until_the_articles_cache_is_written(tmp_path, monkeypatch):
    import pelican

    seen = []

    class Recording:
        def __init__(self, settings):
            self.settings = settings

        def run(self):  # another process cannot take the lock until it is released
            cache = self.settings["CACHE_PATH"]
            seen.append(subprocess.run([sys.executable, "-c", TRY, cache]).returncode)
            cachelock.release()  # what the plugin does once the articles' cache is written
            seen.append(subprocess.run([sys.executable, "-c", TRY, cache]).returncode)

    monkeypatch.setattr(pelican, "Pelican", Recording)
    build.run_pelican({"CACHE_PATH": str(tmp_path / "cache")})
    assert seen == [3, 0]
    # and it is free again afterwards
    after = subprocess.run([sys.executable, "-c", TRY, str(tmp_path / "cache")])
    assert after.returncode == 0


@pytest.mark.skipif(sys.platform == "win32", reason="the probe uses fcntl")
def test_an_encode_worker_started_during_a_build_does_not_keep_its_lock(tmp_path):
    """The live preview starts a clip's encode while an editor's save rebuilds: a worker
    forked then would hold the build's lock (its file, inherited) until the encode
    ended, and every build after it would wait for the clip. Workers start clean."""
    import concurrent.futures
    import os

    from kasdikdas.media.pipeline import _worker_start_method

    cache = tmp_path / "cache"
    with cachelock.held({"CACHE_PATH": str(cache)}):
        pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=_worker_start_method())
        worker = pool.submit(os.getpid).result()  # the worker is running
    try:
        assert worker != os.getpid()
        assert subprocess.run([sys.executable, "-c", TRY, str(cache)]).returncode == 0
    finally:
        pool.shutdown()
