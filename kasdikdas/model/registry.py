"""Load the kecamatan list and the school registry into resolved, validated objects."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .messages import nearest, problems_from_validation
from .entities import LEVELS, Kecamatan, KecamatanEntry, School, SchoolEntry
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


@dataclass
class Registry:
    kecamatan: dict[str, Kecamatan] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def schools_in(self, kecamatan_slug: str) -> list[School]:
        return [s for s in self.schools.values() if s.kecamatan.slug == kecamatan_slug]


def _load_list(path: Path, what: str) -> tuple[ParsedYaml | None, list[Problem]]:
    shown = display_path(path)
    if not path.is_file():
        return None, [Problem(shown, None, "berkas", f"{what} tidak ditemukan", "buat berkas ini")]
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    try:
        parsed = parse_yaml(text)
    except YamlError as exc:
        return None, [Problem(shown, exc.line, "berkas", exc.message, exc.hint)]
    if not isinstance(parsed.data, list):
        return None, [
            Problem(shown, 1, "berkas", f"{what} harus berupa daftar (setiap entri diawali `- `)", "")
        ]
    return parsed, []


def load_kecamatan(path: Path) -> tuple[dict[str, Kecamatan], list[Problem]]:
    parsed, problems = _load_list(path, "daftar kecamatan")
    result: dict[str, Kecamatan] = {}
    if parsed is None:
        return result, problems
    shown = display_path(path)
    for index, raw in enumerate(parsed.data):
        try:
            entry = KecamatanEntry.model_validate(raw)
        except ValidationError as exc:
            problems += problems_from_validation(exc, shown, parsed, prefix=(index,))
            continue
        if entry.slug in result:
            problems.append(
                Problem(shown, parsed.line_of((index, "slug")), f"{index}.slug",
                        f"kecamatan `{entry.slug}` tercatat dua kali", "hapus salah satunya")
            )
            continue
        result[entry.slug] = Kecamatan(**entry.model_dump())
    return result, problems


def load_schools(path: Path, kecamatan: dict[str, Kecamatan]) -> tuple[dict[str, School], list[Problem]]:
    parsed, problems = _load_list(path, "daftar sekolah")
    result: dict[str, School] = {}
    if parsed is None:
        return result, problems
    shown = display_path(path)
    first_seen: dict[str, int] = {}
    for index, raw in enumerate(parsed.data):
        try:
            entry = SchoolEntry.model_validate(raw)
        except ValidationError as exc:
            problems += problems_from_validation(
                exc, shown, parsed, known_fields=tuple(SchoolEntry.model_fields), prefix=(index,)
            )
            continue
        line = parsed.line_of((index, "npsn"))
        if entry.npsn in first_seen:
            problems.append(
                Problem(shown, line, "npsn",
                        f"NPSN {entry.npsn} sudah dipakai di baris {first_seen[entry.npsn]}",
                        "setiap sekolah tercatat sekali; periksa NPSN di Dapodik")
            )
            continue
        first_seen[entry.npsn] = line
        if entry.kecamatan not in kecamatan:
            close = nearest(entry.kecamatan, kecamatan)
            hint = f"mungkin maksud Anda `{close[0]}`?" if close else "lihat content/data/kecamatan.yml"
            problems.append(
                Problem(shown, parsed.line_of((index, "kecamatan")), "kecamatan",
                        f"kecamatan `{entry.kecamatan}` tidak dikenal", hint)
            )
            continue
        links = {k: str(v) for k, v in entry.links if v is not None}
        result[entry.npsn] = School(
            npsn=entry.npsn, name=entry.name, short_name=entry.short_name,
            level=LEVELS[entry.level], status=entry.status,
            kecamatan=kecamatan[entry.kecamatan], village=entry.village,
            address=entry.address, links=links, sample=entry.sample,
        )
    return result, problems


_CACHE: dict[tuple, Registry] = {}


def load_registry(kecamatan_path: Path, schools_path: Path) -> Registry:
    """Load both registry files; cached per file modification time (one load per build)."""
    key = tuple(
        (str(p), os.stat(p).st_mtime_ns if p.exists() else None)
        for p in (kecamatan_path, schools_path)
    )
    if key not in _CACHE:
        kecamatan, problems = load_kecamatan(kecamatan_path)
        schools, school_problems = load_schools(schools_path, kecamatan)
        _CACHE.clear()
        _CACHE[key] = Registry(kecamatan, schools, problems + school_problems)
    return _CACHE[key]
