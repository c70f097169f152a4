"""Files under content/ as editors name them: shown paths, reading text, and checking a
path written in front matter (relative, inside content/, a non-empty file)."""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
from pathlib import Path

from .problems import Problem
from .yamlfm import ParsedYaml, YamlError, parse_yaml


@functools.lru_cache(maxsize=256)
def real_dir(path: str) -> Path:
    """A folder's resolved path, resolved once: a build asks thousands of times."""
    return Path(path).resolve()


def relative_posix(path: Path, folder: Path) -> str | None:
    """`path` relative to `folder` (POSIX), or None; symlinks resolved only when the
    plain absolute paths disagree (resolving costs a system call per path component)."""
    absolute, base = os.path.abspath(path), os.path.abspath(folder)
    if absolute.startswith(base.rstrip(os.sep) + os.sep):  # the common case, no Path objects
        return absolute[len(base.rstrip(os.sep)) + 1:].replace(os.sep, "/")
    absolute = Path(absolute)
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


def read_yaml(path: Path, shown: str) -> tuple[ParsedYaml | None, list[Problem]]:
    """A YAML data file (the registry, the index rules) parsed with its line numbers, or
    the problems that stopped reading it."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    try:
        return parse_yaml(text), []
    except YamlError as exc:
        return None, [Problem(shown, exc.line, "berkas", exc.message, exc.hint)]


def inside(content_root: Path, relative: str) -> Path | None:
    """The real path of `relative` under content_root, or None if it escapes it."""
    root = real_dir(str(content_root))
    try:
        candidate = _real_path(root, relative)
    except (OSError, RuntimeError):  # a symlink loop or a name the system refuses
        return None
    # `root in candidate.parents`, without building every parent (both are resolved)
    if not str(candidate).startswith(str(root).rstrip(os.sep) + os.sep):
        return None
    return candidate


def _real_path(root: Path, relative: str) -> Path:
    """`(root / relative).resolve()`, with the folder part resolved once per folder (a
    check asks for 5,000 videos in one folder): only a file that is itself a symlink,
    or a path with `..`, is resolved component by component."""
    parts = relative.replace("\\", "/").split("/")
    if ".." in parts or "" in parts[:-1] or not parts[-1] or parts[-1] in (".", ".."):
        return (root / relative).resolve()
    parent = os.path.join(str(root), *parts[:-1])
    candidate = os.path.join(str(real_dir(parent)), parts[-1])
    if os.path.islink(candidate):
        return Path(candidate).resolve()
    return Path(candidate)


def check_content_file(value: str, field: str, content_root: Path, line: int, shown: str,
                       what: str) -> tuple[str | None, list[Problem]]:
    """Validate a path written in front matter: relative, inside content/, a non-empty file."""
    posix = value.replace("\\", "/")
    if posix.startswith("/") or re.match(r"^[A-Za-z]:", posix):  # PurePosixPath.is_absolute
        return None, [Problem(shown, line, field, f"`{value}` adalah path absolut",
                              f"tulis path {what} relatif terhadap folder content/, mis. videos/nama.mp4")]
    real = inside(content_root, posix)
    if real is None:
        return None, [Problem(shown, line, field, f"`{value}` menunjuk ke luar folder content/",
                              f"simpan {what} di dalam content/ (mis. content/videos/) dan tulis path-nya dari sana")]
    try:
        st = os.stat(real)
        is_file = stat.S_ISREG(st.st_mode)
        size = st.st_size if is_file else None
    except OSError as exc:  # what Path.is_file() takes for "no such file"
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return None, [Problem(shown, line, field, f"{what} `{value}` tidak bisa dibuka ({exc.strerror})",
                                  "periksa nama berkasnya")]
        is_file, size = False, None
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
