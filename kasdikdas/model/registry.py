"""Load the kecamatan list and the school registry into resolved, validated objects."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from pydantic import ValidationError

from .messages import nearest, problems_from_validation
from .entities import Kecamatan, KecamatanEntry, School, SchoolEntry
from .iid import RULES_GLOB, IndexRules, load_index_rules
from .paths import display_path, read_yaml
from .problems import Problem
from .vocab import LEVELS
from .yamlfm import ParsedYaml


@dataclass
class Registry:
    kecamatan: dict[str, Kecamatan] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # The Indeks Inovasi Daerah rules by year (data/iid-<year>.yml beside schools.yml).
    index_rules: dict[int, IndexRules] = field(default_factory=dict)


# Bounds on the registry (a regency has a few thousand schools; Blora has about 700 SD
# and SMP), checked before any entry is validated.
MAX_SCHOOLS = 20_000
MAX_KECAMATAN = 200


def _load_list(path: Path, what: str, max_entries: int) -> tuple[ParsedYaml | None, list[Problem]]:
    shown = display_path(path)
    if not os.path.lexists(path):
        return None, [Problem(shown, None, "berkas", f"{what} tidak ditemukan", "buat berkas ini")]
    parsed, problems = read_yaml(path, shown, max_nodes=max_entries * 20)
    if parsed is None:
        return None, problems
    if not isinstance(parsed.data, list):
        return None, [
            Problem(shown, 1, "berkas", f"{what} harus berupa daftar (setiap entri diawali `- `)", "")
        ]
    if len(parsed.data) > max_entries:
        return None, [Problem(shown, None, "berkas",
                              f"{what} memuat {len(parsed.data):,} entri, batas {max_entries:,}"
                              .replace(",", "."), "periksa berkasnya; jumlah ini tidak wajar")]
    return parsed, []


def load_kecamatan(path: Path) -> tuple[dict[str, Kecamatan], list[Problem]]:
    parsed, problems = _load_list(path, "daftar kecamatan", MAX_KECAMATAN)
    result: dict[str, Kecamatan] = {}
    if parsed is None:
        return result, problems
    shown = display_path(path)
    for index, raw in enumerate(cast(list[object], parsed.data)):  # _load_list checked it
        try:
            entry = KecamatanEntry.model_validate(raw)
        except ValidationError as exc:
            problems += problems_from_validation(exc, shown, parsed, prefix=(index,), whole="berkas")
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
    parsed, problems = _load_list(path, "daftar sekolah", MAX_SCHOOLS)
    result: dict[str, School] = {}
    if parsed is None:
        return result, problems
    shown = display_path(path)
    first_seen: dict[str, int] = {}
    for index, raw in enumerate(cast(list[object], parsed.data)):  # _load_list checked it
        try:
            entry = SchoolEntry.model_validate(raw)
        except ValidationError as exc:
            problems += problems_from_validation(
                exc, shown, parsed, known_fields=tuple(SchoolEntry.model_fields), prefix=(index,),
                scope="school", whole="berkas")
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
            latitude=entry.latitude, longitude=entry.longitude,
        )
    return result, problems


_Stamp = tuple[int, int, int, int, int]  # size, mtime, ctime (ns), inode, mode
# Keyed on each file read and its _stamp.
_CACHE: dict[tuple[tuple[str, _Stamp | None], ...], Registry] = {}


def _stamp(path: Path) -> _Stamp | None:
    """What changes when a file is written (ctime cannot be set back by a program)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode)


def registry_files(kecamatan_path: Path, schools_path: Path) -> list[Path]:
    """Every file `load_registry` reads: a cache of the registry is keyed on all of them."""
    return [Path(kecamatan_path), Path(schools_path),
            *sorted(Path(schools_path).parent.glob(RULES_GLOB))]


def load_registry(kecamatan_path: Path, schools_path: Path) -> Registry:
    """Load both registry files and the index rules beside them (iid-<year>.yml); cached
    per file modification time (one load per build)."""

    key = tuple((str(p), _stamp(p)) for p in registry_files(kecamatan_path, schools_path))
    if key not in _CACHE:
        kecamatan, problems = load_kecamatan(kecamatan_path)
        schools, school_problems = load_schools(schools_path, kecamatan)
        rules, rules_problems = load_index_rules(Path(schools_path).parent)
        _CACHE.clear()
        _CACHE[key] = Registry(kecamatan, schools, problems + school_problems + rules_problems,
                               index_rules=rules)
    return _CACHE[key]
