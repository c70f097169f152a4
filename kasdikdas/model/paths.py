"""Files under content/ as editors name them: shown paths, reading text, and checking a
path written in front matter (relative, inside content/, a non-empty file)."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path, PurePosixPath

from .problems import Problem


@functools.lru_cache(maxsize=256)
def real_dir(path: str) -> Path:
    """A folder's resolved path, resolved once: a build asks thousands of times."""
    return Path(path).resolve()


def relative_posix(path: Path, folder: Path) -> str | None:
    """`path` relative to `folder` (POSIX), or None; symlinks resolved only when the
    plain absolute paths disagree (resolving costs a system call per path component)."""
    absolute = Path(os.path.abspath(path))
    for candidate, base in ((absolute, Path(os.path.abspath(folder))),
                            (real_dir(str(absolute.parent)) / absolute.name, real_dir(str(folder)))):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return None


def display_path(path) -> str:
    """A path as editors see it: relative to the current folder when inside it."""
    path = Path(path)
    relative = relative_posix(path, Path(os.getcwd()))
    return str(path) if relative is None else relative


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file; a BOM is tolerated, other encodings are reported."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None, [Problem(shown, None, "berkas", "tersimpan sebagai UTF-16, bukan UTF-8",
                                  "simpan ulang berkas sebagai UTF-8 (di Notepad: Save As → Encoding: UTF-8)")]
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                shown,
                line,
                "berkas",
                f"bukan teks UTF-8 (byte 0x{data[exc.start]:02x} di posisi {exc.start})",
                "simpan ulang berkas sebagai UTF-8 (di Notepad: Save As → Encoding: UTF-8)",
            )
        ]


def inside(content_root: Path, relative: str) -> Path | None:
    """The real path of `relative` under content_root, or None if it escapes it."""
    root = real_dir(str(content_root))
    try:
        candidate = (root / relative).resolve()
    except (OSError, RuntimeError):  # a symlink loop or a name the system refuses
        return None
    if candidate == root or root not in candidate.parents:
        return None
    return candidate


def check_content_file(value: str, field: str, content_root: Path, line: int, shown: str,
                       what: str) -> tuple[str | None, list[Problem]]:
    """Validate a path written in front matter: relative, inside content/, a non-empty file."""
    posix = value.replace("\\", "/")
    if PurePosixPath(posix).is_absolute() or re.match(r"^[A-Za-z]:", posix):
        return None, [Problem(shown, line, field, f"`{value}` adalah path absolut",
                              f"tulis path {what} relatif terhadap folder content/, mis. videos/nama.mp4")]
    real = inside(content_root, posix)
    if real is None:
        return None, [Problem(shown, line, field, f"`{value}` menunjuk ke luar folder content/",
                              f"simpan {what} di dalam content/ (mis. content/videos/) dan tulis path-nya dari sana")]
    try:
        is_file = real.is_file()
        size = real.stat().st_size if is_file else None
    except OSError as exc:
        return None, [Problem(shown, line, field, f"{what} `{value}` tidak bisa dibuka ({exc.strerror})",
                              "periksa nama berkasnya")]
    if not is_file:
        return None, [Problem(shown, line, field, f"{what} `{value}` tidak ditemukan",
                              _not_found_hint(posix, field, what))]
    if size == 0:
        return None, [Problem(shown, line, field, f"{what} `{value}` kosong (0 byte)",
                              f"salin ulang {what} dari sekolah; berkas ini rusak saat dikirim")]
    return posix, []


def _not_found_hint(posix: str, field: str, what: str) -> str:
    """How to fix a path that names no file: a path written from the project folder
    (`content/videos/…`) is written again from inside content/."""
    inner = posix
    while inner.startswith(("content/", "./")):
        inner = inner.split("/", 1)[1]
    if inner != posix:
        return (f"path ditulis dari dalam folder content/: tulis `{field}: {inner}` "
                f"(tanpa `content/` di depan) dan simpan {what} di content/{inner}")
    return f"salin {what} ke content/{posix} atau perbaiki nama berkasnya"
