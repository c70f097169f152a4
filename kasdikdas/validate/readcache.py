"""`invoke check`'s memory of showcase files it has already read and split.

Reading a showcase means decoding it and parsing its YAML front matter (with line
numbers); at 5,000 showcases that is most of `invoke check`. A file whose bytes have
not changed splits the same way, so its `ReadFile` is kept in one pickle under
CACHE_PATH, keyed by what the kernel says about the file:

    (size, mtime_ns, ctime_ns, inode) of the file, and the real path of its folder

`ctime_ns` changes on every write and cannot be set back by a program, so an edited
file is always read again, even one whose mtime was restored. Symlinks are never taken
from the memory (the "symlink out of content/" check must see them every time). Only
reading is remembered: every file is still resolved against the current registry,
today's date and the files it names, so a registry edit or a removed video is always
seen. The build does not use this memory; Pelican's content cache plays that part.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import marshal
import stat
from dataclasses import dataclass
from pathlib import Path

from ..model.paths import real_dir
from .settings import ValidateSettings
from ..model.problems import Problem
from ..model.registry import registry_files
from ..model.showcase import SourceFile
from ..model.yamlfm import ParsedYaml


@dataclass(frozen=True)
class ReadFile:
    """One showcase file as read: its split text, or the problems that stopped reading."""

    relative: str  # relative to content/, POSIX
    source: SourceFile | None
    problems: tuple[Problem, ...] = ()

FORMAT = 3  # bump when ReadFile, SourceFile or ParsedYaml change shape


def _memory_file(settings: dict, content: Path) -> Path | None:
    cache = settings.get("CACHE_PATH")
    if not cache:
        return None
    # One memory per content folder, working folder (messages show paths relative to
    # it) and size limit (a limit change must re-check every file).
    scope = repr((FORMAT, str(content), os.getcwd(), ValidateSettings.read(settings).KIPRAH_MAX_SOURCE_BYTES))
    name = hashlib.sha256(scope.encode()).hexdigest()[:16]
    return Path(cache) / f"kasdikdas-read-{name}.marshal"


def file_key(path) -> tuple | None:
    """What must be equal for a remembered read to stand, or None (never remember)."""
    path = os.fspath(path)
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):  # symlinks, broken links, folders: always read
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino,
            str(real_dir(os.path.dirname(path))))


# Kept as plain values in `marshal` (several times faster to load than pickled
# dataclasses): (relative, source, problems) with source = (path, shown, front matter
# data, its lines, body, body line, its YAML 1.1 words) or None, and problems as tuples.


def _plain(item) -> tuple:
    source = item.source
    plain_source = None if source is None else (
        str(source.path), source.shown, source.front_matter.data,
        source.front_matter.lines, source.body, source.body_line, source.front_matter.words)
    return (item.relative, plain_source,
            tuple((p.path, p.line, p.field, p.message, p.hint) for p in item.problems))


def _item(plain: tuple):
    relative, source, problems = plain
    if source is not None:
        path, shown, data, lines, body, body_line, words = source
        source = SourceFile(Path(path), shown, ParsedYaml(data, lines, words), body, body_line)
    return ReadFile(relative, source, tuple(Problem(*p) for p in problems))


def _load(memory: Path) -> dict:
    try:
        data = marshal.loads(memory.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _dumps(data: dict) -> bytes:
    try:
        return marshal.dumps(data)
    except ValueError:  # a YAML value marshal cannot hold: leave that file out
        kept = {}
        for relative, entry in data.items():
            with contextlib.suppress(ValueError):
                marshal.dumps(entry)
                kept[relative] = entry
        return marshal.dumps(kept)


def _save(memory: Path, data: dict) -> None:
    with contextlib.suppress(OSError):
        memory.parent.mkdir(parents=True, exist_ok=True)
        tmp = memory.with_name(f".tmp-{os.getpid()}-{memory.name}")
        tmp.write_bytes(_dumps(data))
        os.replace(tmp, memory)


def read_all(content: Path, relatives: list[str], settings: dict, read_file) -> list:
    """`read_file(content, relative, settings)` for every file, from memory when the
    file is unchanged; the memory is rewritten only when something was read."""
    memory = _memory_file(settings, content)
    remembered = _load(memory) if memory else {}
    kept: dict = {}
    files, fresh = [], False
    folder = os.fspath(content)
    for relative in relatives:
        key = file_key(os.path.join(folder, relative))
        hit = remembered.get(relative)
        if key is not None and hit is not None and hit[0] == key:
            item, plain = _item(hit[1]), hit[1]
        else:
            item = read_file(content, relative, settings)
            plain, fresh = _plain(item), True
        if key is not None:
            kept[relative] = (key, plain)
        files.append(item)
    if memory and (fresh or kept.keys() != remembered.keys()):
        _save(memory, kept)
    return files


def remembered_registry(settings: dict, paths: tuple[Path, Path], load):
    """`load(*paths)` (the registry), from memory while every file it reads is unchanged
    (`registry_files`: both lists and every iid-<year>.yml beside them, each with the
    same key as a showcase file, and their names: a new or removed file counts).
    Parsing 700 schools' YAML and validating them is a tenth of a warm `invoke check`;
    the registry's problems are remembered with it."""
    import pickle

    memory = _memory_file(settings, Path(settings["PATH"]))
    read = registry_files(*paths)
    keys = tuple((str(path), file_key(path)) for path in read)
    if memory is None or any(key is None for _, key in keys):
        return load(*paths)
    memory = memory.with_name(memory.stem + "-registry.pickle")
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                             ImportError, ValueError, TypeError):
        with memory.open("rb") as handle:
            remembered_keys, registry = pickle.load(handle)
        if remembered_keys == keys:
            return registry
    registry = load(*paths)
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        memory.parent.mkdir(parents=True, exist_ok=True)
        tmp = memory.with_name(f".tmp-{os.getpid()}-{memory.name}")
        tmp.write_bytes(pickle.dumps((keys, registry), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, memory)
    return registry
