"""Files under content/ as editors name them: shown paths, reading text, and checking a
path written in front matter (relative, inside content/, a non-empty file)."""

from __future__ import annotations

import difflib
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
    whole = Path(absolute)
    for candidate, root in ((whole, Path(os.path.abspath(folder))),
                            (real_dir(str(whole.parent)) / whole.name, real_dir(str(folder)))):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as editors see it: relative to the current folder when inside it."""
    path = Path(path)
    relative = relative_posix(path, Path(os.getcwd()))
    return str(path) if relative is None else relative


MAX_DATA_BYTES = 5_000_000  # a data file: 700 schools are 200 KB; a regency's thousands fit


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def read_bytes(path: Path, shown: str, max_bytes: int, follow_symlinks: bool = True
               ) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of at most `max_bytes`, or why not: a folder, a
    device (`/dev/zero` never ends), a pipe or a symlink (unless `follow_symlinks`) is
    refused before reading, and never more than `max_bytes` + 1 bytes are read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        if os.path.islink(path):
            return None, [Problem(shown, None, "berkas", "berkas ini tautan (symlink), bukan berkas biasa",
                                  "ganti tautan ini dengan salinan berkasnya sendiri")]
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, [Problem(shown, None, "berkas", "berkas tidak ditemukan",
                                  "periksa nama dan folder berkasnya")]
        return None, [Problem(shown, None, "berkas", f"berkas tidak bisa dibuka ({exc.strerror})",
                              "periksa apakah ini berkas biasa yang bisa dibaca")]
    st = os.fstat(handle)
    if not stat.S_ISREG(st.st_mode):
        os.close(handle)
        kind = "folder" if stat.S_ISDIR(st.st_mode) else "perangkat atau pipa"
        return None, [Problem(shown, None, "berkas", f"bukan berkas biasa ({kind})",
                              "tunjuk berkas teks biasa")]
    with os.fdopen(handle, "rb") as f:
        data = f.read(max_bytes + 1) if st.st_size <= max_bytes else b""
    if st.st_size > max_bytes or len(data) > max_bytes:
        size = max(st.st_size, len(data))
        return None, [Problem(shown, None, "berkas",
                              f"berkas terlalu besar ({_thousands(size)} byte, batas {_thousands(max_bytes)})",
                              "periksa berkasnya: data ini jauh lebih besar daripada yang wajar")]
    return data, []


def _utf16_without_bom(data: bytes) -> bool:
    """Text saved as UTF-16 without a BOM: every other byte of its ASCII part is 0."""
    head = data[:400]
    if len(head) < 4 or b"\x00" not in head:
        return False
    for zeros in (head[1::2], head[0::2]):
        if zeros.count(0) >= 0.8 * len(zeros):
            return True
    return False


UTF8_HINT = "simpan ulang berkas sebagai UTF-8 (di Notepad: Save As → Encoding: UTF-8)"


def decode_text(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text; a BOM is tolerated, other encodings (UTF-16 with or without a BOM
    among them) are reported."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(shown, None, "berkas", "tersimpan sebagai UTF-16, bukan UTF-8", UTF8_HINT)]
    if _utf16_without_bom(data):
        return None, [Problem(shown, None, "berkas", "tersimpan sebagai UTF-16 (tanpa BOM), bukan UTF-8",
                              UTF8_HINT)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(shown, line, "berkas",
                    f"bukan teks UTF-8 (byte 0x{data[exc.start]:02x} di posisi {exc.start})", UTF8_HINT)
        ]


def read_text(path: Path, shown: str, max_bytes: int = MAX_DATA_BYTES,
              follow_symlinks: bool = True) -> tuple[str | None, list[Problem]]:
    """Read a bounded, regular UTF-8 file (see read_bytes and decode_text)."""
    data, problems = read_bytes(path, shown, max_bytes, follow_symlinks)
    if data is None:
        return None, problems
    return decode_text(data, shown)


def read_yaml(path: Path, shown: str, max_bytes: int = MAX_DATA_BYTES,
              max_nodes: int = 400_000) -> tuple[ParsedYaml | None, list[Problem]]:
    """A YAML data file (the registry, the index rules) parsed with its line numbers, or
    the problems that stopped reading it: a regular file (never a symlink) of at most
    `max_bytes`, with at most `max_nodes` values."""
    text, problems = read_text(path, shown, max_bytes, follow_symlinks=False)
    if text is None:
        return None, problems
    try:
        return parse_yaml(text, max_nodes=max_nodes), []
    except YamlError as exc:
        return None, [Problem(shown, exc.line, "berkas" if exc.field == "front matter" else exc.field,
                              exc.message, exc.hint)]


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
                              _meant(content_root, posix) or _not_found_hint(posix, field, what))]
    if size == 0:
        return None, [Problem(shown, line, field, f"{what} `{value}` kosong (0 byte)",
                              f"salin ulang {what} dari sekolah; berkas ini rusak saat dikirim")]
    return posix, []


# Beyond this many files in a folder a missing name gets no spelling suggestion (a
# close-match search over every name is slow); a case-only difference is still found.
MAX_CLOSE_MATCH_NAMES = 2000


def _meant(content_root: Path, posix: str) -> str | None:
    """'maksud Anda …?' for a path whose file exists under another spelling: the same
    name in other letter case (a phone or Windows hides the difference; the build's
    Linux does not), else a close name with the same extension in that folder."""
    folder, _, name = posix.rpartition("/")
    try:
        names = [n for n in os.listdir(content_root / folder) if os.path.isfile(content_root / folder / n)]
    except OSError:
        return None
    same_case = [n for n in names if n.lower() == name.lower()]
    close = same_case or (difflib.get_close_matches(
        name, [n for n in names if Path(n).suffix.lower() == Path(name).suffix.lower()], n=1, cutoff=0.8)
        if len(names) <= MAX_CLOSE_MATCH_NAMES else [])
    if not close:
        return None
    written = f"{folder}/{close[0]}" if folder else close[0]
    why = " (huruf besar dan kecil harus sama persis)" if same_case else ""
    return f"mungkin maksud Anda `{written}`?{why} Tulis nama berkasnya persis seperti itu"


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


# Files a folder of showcases or pages may hold that are not content: notes, the
# placeholder git needs, what operating systems and editors leave while one types.
_NOT_CONTENT = re.compile(r"^(?:README.*|\.gitkeep|\.gitignore|\.DS_Store|Thumbs\.db|desktop\.ini"
                          r"|\.#.*|#.*#|.*~|\..*\.sw[a-p])$", re.IGNORECASE)
_MARKDOWN_LIKE = re.compile(r"\.(?:md|markdown|mdown|mkdn?|mdwn|mdtext)$", re.IGNORECASE)


def _starts_with_front_matter(path: Path) -> bool:
    """A file of another name that opens like a showcase (`---`): one saved as `.txt`."""
    try:
        with open(path, "rb") as f:
            return f.read(3) == b"---"
    except OSError:
        return False


def _markdown_name(name: str) -> str:
    """The name a Markdown file should have: `.md`, lower case, no leading dot."""
    stem = re.sub(r"\.txt$", "", _MARKDOWN_LIKE.sub("", name), flags=re.IGNORECASE).lstrip(".")
    return f"{stem}.md" if stem else "20300001-judul-kiprah.md"


def unread_files(content_root: Path, folder: str, read: set[str]) -> list[Problem]:
    """Every showcase or page under content/<folder> that the build will not read (not in
    `read`, paths relative to content/): a file named like Markdown (`kiprah.MD`,
    `kiprah.markdown`, `.kiprah.md`) or opening with front matter (`kiprah.txt`) would
    otherwise vanish from the site without a word. Other files (an editor's note) are
    left alone."""
    base = Path(content_root) / folder
    problems = []
    for directory, folders, names in os.walk(base):
        folders.sort()
        for name in sorted(names):
            path = Path(directory) / name
            relative = relative_posix(path, Path(content_root))
            if relative in read or _NOT_CONTENT.match(name):
                continue
            if not (_MARKDOWN_LIKE.search(name) or _starts_with_front_matter(path)):
                continue
            hint = (f"ganti nama menjadi `{_markdown_name(name)}` (berkas Markdown berakhiran `.md`, "
                    "huruf kecil, tidak diawali titik)")
            problems.append(Problem(display_path(path), None, "berkas",
                                    "berkas ini tidak dibaca oleh build (tidak ikut diperiksa dan "
                                    "tidak terbit)", hint))
    return problems
