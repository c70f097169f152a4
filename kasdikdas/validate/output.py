"""The last look at a finished site before it is published: regular files only, of the
types the build writes, and the static folders' files still of their allowed types."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .static import path_problems

# Every file type the build writes: pages, feeds and sitemaps; theme and /admin/ scripts,
# styles and icons; open data; renditions, posters, captions; static pictures and evidence
# PDFs; the Pagefind index; the .br/.gz twins of any of them (checked by their own type).
BUILD_SUFFIXES = frozenset({
    ".html", ".xml", ".js", ".css", ".json", ".yml", ".svg", ".ico", ".woff2", ".txt",
    ".csv", ".xlsx", ".mp4", ".webm", ".vtt", ".jpg", ".jpeg", ".png", ".webp", ".gif", ".pdf",
    ".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter",
})
BUILD_NAMES = frozenset({"_headers", ".htaccess"})  # host files (postbuild/hosting)
TWINS = (".br", ".gz")  # precompressed copies


def output_problems(output: Path, settings: dict) -> list[str]:
    """Every file of `output` that is not a regular file the build could have written,
    as `path: what is wrong — what to do`."""
    output = Path(output)
    static_folders = {f.strip("/") for f in settings.get("STATIC_PATHS", ())}
    problems = []
    for dirpath, dirs, files in os.walk(output):  # never follows a linked folder
        for name in sorted(dirs + files):
            path = Path(dirpath) / name
            rel = path.relative_to(output).as_posix()
            if name in dirs and not os.path.islink(path):
                continue
            wrong = _file_problem(path, name)
            if wrong:
                problems.append(f"{rel}: {wrong} — bukan hasil bangun; bangun ulang, jangan "
                                "menaruh berkas langsung di folder keluaran")
            elif rel.split("/", 1)[0] in static_folders and name not in BUILD_NAMES:
                folder = rel.split("/", 1)[0]
                problems += [f"{rel}: {p.message} — {p.hint}"
                             for p in path_problems(path, folder, settings)]
        dirs[:] = [d for d in dirs if not os.path.islink(Path(dirpath) / d)]
    return problems


def _file_problem(path: Path, name: str) -> str | None:
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return "tautan (symlink)"
    if not stat.S_ISREG(mode):
        return "bukan berkas biasa"
    if name in BUILD_NAMES:
        return None
    base = name[: -len(name.rsplit(".", 1)[-1]) - 1] if name.endswith(TWINS) else name
    suffix = Path(base).suffix.lower()
    if base in BUILD_NAMES or suffix in BUILD_SUFFIXES:
        return None
    return f"jenis berkas `{suffix or name}` tidak dibuat oleh build"
