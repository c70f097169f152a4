"""The site key (what every page depends on) and the state of every input file (what
a build with nothing to do compares)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..config import STATE_KEY
from ..validate import registry_files
from .keys import MISSING, Fingerprints, Uncacheable, sha

# --- the site key --------------------------------------------------------------------

VOLATILE_SETTINGS = frozenset({"OUTPUT_PATH", STATE_KEY})  # the build state: its own


def _files_digest(folder: Path, pattern: str) -> str:
    parts = []
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            parts.append(f"{path.relative_to(folder)}\0{sha(path.read_bytes().hex())}")
    return sha("\0".join(parts))


def site_key(settings: dict) -> dict[str, str]:
    """The parts of the site key, by what an editor would call them."""
    import jinja2
    import pelican


    package = Path(__file__).resolve().parent.parent
    registry = []
    for path in registry_files(settings):
        registry.append(sha(path.read_bytes().hex()) if path.is_file() else MISSING)
    fingerprints = Fingerprints()
    chosen = {}
    for name in sorted(settings):
        if name in VOLATILE_SETTINGS:
            continue
        try:
            chosen[name] = fingerprints.of(settings[name])
        except Uncacheable:
            chosen[name] = f"{MISSING}:{os.getpid()}"  # never equal twice: full render
    return {
        "templat dan tema": _files_digest(Path(settings["THEME"]), "*"),
        "pengaturan": sha(repr(sorted(chosen.items()))),
        "daftar sekolah dan kecamatan": sha(",".join(registry)),
        "program situs": sha(f"{pelican.__version__},{jinja2.__version__},"
                             + _files_digest(package, "*.py")),
    }


def input_state(settings: dict) -> str:
    """Every file under content/ as the kernel describes it (path, size, mtime, ctime,
    inode; ctime changes on any write and cannot be set back, but also when a hard link
    is made or removed, so it is left out for files with several links), with the site
    key and today's date (validation refuses showcases dated in the future)."""
    content = os.path.abspath(settings["PATH"])
    entries = []
    stack = [content]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    st = entry.stat(follow_symlinks=False)
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    target = ""
                    if entry.is_symlink():
                        try:
                            target = repr(tuple(os.stat(entry.path))) + os.readlink(entry.path)
                        except OSError:
                            target = MISSING
                    # ctime changes with the link count too: a file hard-linked from
                    # elsewhere (a video shared with another checkout) is known by
                    # size, mtime and inode only
                    ctime = st.st_ctime_ns if st.st_nlink == 1 else "linked"
                    entries.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\0"
                                   f"{ctime}\0{st.st_ino}\0{st.st_mode}\0{target}")
        except OSError:
            entries.append(f"{folder}\0{MISSING}")
    entries.sort()
    return sha(repr(sorted(site_key(settings).items())) + dt.date.today().isoformat()
               + "\n".join(entries))
