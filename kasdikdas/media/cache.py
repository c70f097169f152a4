"""The media cache: outside output/, keyed by content hash and settings, written atomically.

Layout under VIDEO_CACHE_PATH (default `.cache/video/`, which `invoke clean` keeps):

    hash/<stat key>.txt       sha256 of a source, remembered by path+size+mtime
    probe/<sha256>.json       the probe of a source
    remote/<sha256(url)>.bin  a linked (https) source, downloaded once
    enc/<key>.mp4             one rendition; key = source hash + every encoding setting
                              (codec, cap, VMAF target) + the ffmpeg build
    enc/<key>.json            its quality search (steps, chosen CRF) and size
    work/.tmp-*/              a job's mezzanines and search steps, gone when it ends
    poster/<key>.{jpg,webp,json}

Every file appears by `os.replace` of a finished temporary file in the same folder, so
an interrupted build (Ctrl-C, a crash) never leaves a half-written entry under a real
name; stray temporaries are swept at the start of the next run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from pathlib import Path

PIPELINE_VERSION = 4  # bump when the commands change in a way settings do not show
TMP_PREFIX = ".tmp-"


def digest(data) -> str:
    """A stable key for any JSON-able value."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# sha256 by (path, size, mtime_ns, inode) for this process: the on-disk memo above,
# read once per file instead of once per showcase that names it.
_HASHES: dict[tuple, str] = {}


class MediaCache:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._folders: dict[str, Path] = {}  # made once: a build asks 50,000 times at 5,000

    def path(self, kind: str, name: str) -> Path:
        folder = self._folders.get(kind)
        if folder is None:
            folder = self._folders[kind] = self.root / kind
            folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    @contextlib.contextmanager
    def writing(self, final: Path):
        """Yield a temporary path next to `final`; rename it into place on success."""
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex[:12]}-{final.name}")
        try:
            yield tmp
            os.replace(tmp, final)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def write_json(self, final: Path, data) -> None:
        with self.writing(final) as tmp:
            tmp.write_text(json.dumps(data, sort_keys=True, indent=1), encoding="utf-8")

    @staticmethod
    def read_json(path: Path):
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def sweep(self, older_than: float = 3600) -> int:
        """Remove temporaries left by a killed run (older than an hour: not a live one)."""
        removed = 0
        if not self.root.is_dir():
            return 0
        limit = time.time() - older_than
        for tmp in self.root.rglob(f"{TMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < limit:
                    if tmp.is_dir():
                        shutil.rmtree(tmp)
                    else:
                        tmp.unlink()
                    removed += 1
        return removed

    def file_hash(self, path: Path) -> str:
        """sha256 of a file's content, remembered while its size and mtime stay the same."""
        st = path.stat()
        seen = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
        if seen in _HASHES:  # many showcases may share a clip: hash memo read once
            return _HASHES[seen]
        memo = self.path("hash", digest([str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino])[:32] + ".txt")
        with contextlib.suppress(FileNotFoundError):
            value = _HASHES[seen] = memo.read_text().strip()
            return value
        sha = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
        value = sha.hexdigest()
        with self.writing(memo) as tmp:
            tmp.write_text(value)
        _HASHES[seen] = value
        return value
