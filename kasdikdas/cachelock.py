"""One build at a time in Pelican's content cache (CACHE_PATH).

Pelican loads its content cache when the generators start and writes it back in place
once the articles are read; a build that loads a half-written cache fails with
EOFError ("kesalahan program"). Two builds on one cache happen: `invoke build` beside
the live preview, or two tests. So `build.run_pelican` holds an OS lock on a file in
CACHE_PATH from the start of the run until the articles' cache is written
(`release`, called by the plugin before the clips are encoded): a second build waits
seconds, not for a first build's encodes. The lock goes with the process, however it
ends.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

LOCK_FILE = ".kunci-build"
_held: list[IO[bytes]] = []  # the lock this process holds, if any


@contextlib.contextmanager
def held(settings: dict) -> Iterator[None]:
    """Hold CACHE_PATH's lock for a Pelican run (unless `release`d sooner)."""
    cache = settings.get("CACHE_PATH")
    if not cache:
        yield
        return
    Path(cache).mkdir(parents=True, exist_ok=True)
    handle = open(Path(cache) / LOCK_FILE, "a+b")
    _lock(handle)
    _held.append(handle)
    try:
        yield
    finally:
        release()


def release(*_signal_args) -> None:
    """Let the next build in: this one's cache is written (or the run is over)."""
    while _held:
        _held.pop().close()  # closing the file releases its lock


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        while True:  # LK_LOCK gives up after 10 s: try again until the lock is ours
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)
