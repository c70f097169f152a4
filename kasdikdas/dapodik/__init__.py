"""Import the office's Dapodik / Data Referensi school export (CSV) into the registry,
content/data/schools.yml (`invoke sekolah --impor FILE [--periksa]`).

The file: comma or semicolon separated, UTF-8 with or without BOM, a header row. The
columns read (any order, any case; spaces and hyphens count as `_`; other columns are
ignored): npsn, nama, bentuk_pendidikan, status, alamat, desa_kelurahan, kecamatan,
lintang, bujur. `kecamatan` may be a name ("Kec. Blora", "BLORA"), a Kemendagri code
("33.16.09", "331609") or a Dapodik code ("031610"). Rows of other levels (TK, SMA, …)
are skipped and counted.

Nothing is asked and nothing is half-written: the import refuses, writing nothing, a
file that is not a regular file of at most MAX_EXPORT_BYTES, a cell longer than
MAX_CELL or holding control or hidden characters, a column named twice, bad rows (each
named by line and column) or one that would drop a school with showcases. Fields added
by hand (short_name, links) and the file's form are kept (registry_file.py). A name
differing only in case (Dapodik's `SD NEGERI 1 BLORA`) is no rename; a new school's
all-capitals name is written as the office writes names (`SD Negeri 1 Blora`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..model.entities import Kecamatan, SchoolEntry
from ..model.paths import display_path, read_yaml
from ..model.problems import Problem
from ..model.registry import load_kecamatan
from ..model.showcase import read_source
from ..model.vocab import LEVELS
from ..model.yamlfm import YamlError, parse_yaml
from ..registry_file import edited_text, registry_text, write_atomically
from ..validate import registry_files, showcase_paths
from .export import Row, read_export

# Words an Indonesian school name keeps in capitals (levels, foundations, numerals).
_CAPITALS = frozenset("SD SMP SDN SMPN SDIT SMPIT MI MTS IT TK RA KB SLB SMPLB SDLB UPT UPTD PGRI "
                      "YPPI NU LB II III IV VI VII VIII IX XI XII".split())
# Imported from Dapodik; the rest of an entry (short_name, links, …) is the office's own.
FROM_DAPODIK = ("name", "level", "status", "kecamatan", "village", "address", "latitude", "longitude")


@dataclass
class Changes:
    new: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: int = 0  # rows of other levels

    def report(self) -> str:
        lines = []
        for title, items in (("Baru", self.new), ("Ganti nama", self.renamed),
                             ("Pindah kecamatan", self.moved), ("Tutup (dihapus dari daftar)", self.closed),
                             ("Data lain diperbarui", self.updated)):
            lines.append(f"{title}: {len(items)}")
            lines += [f"  - {item}" for item in items]
        if self.skipped:
            lines.append(f"Dilewati: {self.skipped} baris jenjang selain {', '.join(LEVELS)}")
        return "\n".join(lines)


def office_case(name: str) -> str:
    """`SD NEGERI 1 BLORA` → `SD Negeri 1 Blora`: an all-capitals name as the office
    writes names; any other name is kept as written."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group() if m.group() in _CAPITALS
                  else m.group().capitalize(), name)


def _same_text(a, b) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a.casefold() == b.casefold()


def short_name(name: str) -> str:
    """`SD Negeri 1 Blora` → `SDN 1 Blora`: what the office would type by hand."""
    return re.sub(r"^(SD|SMP)\s+NEGERI\b", lambda m: m.group(1) + "N", name.strip(), flags=re.I)


def _located(row: Row) -> dict[str, float]:
    """The row's coordinates that are filled in (an empty one keeps the registry's)."""
    return {key: value for key, value in (("latitude", row.latitude), ("longitude", row.longitude))
            if value is not None}


def merge(existing: list[dict], rows: dict[str, Row], showcases: dict[str, list[str]],
          kecamatan: dict[str, Kecamatan], registry_shown: str = "content/data/schools.yml"
          ) -> tuple[list[dict], Changes, list[Problem]]:
    """The new registry entries, what changed, and why it may not be written."""
    changes, refusals, result = Changes(), [], []
    names: dict[object, str] = {k.slug: k.name for k in kecamatan.values()}  # any YAML value
    for entry in existing:
        npsn = str(entry.get("npsn"))
        row = rows.get(npsn)
        if row is None:
            if showcases.get(npsn):
                refusals.append(Problem(
                    registry_shown, None, "npsn",
                    f"{npsn} {entry.get('name')} tidak ada di berkas impor, padahal punya "
                    f"{len(showcases[npsn])} kiprah ({', '.join(showcases[npsn][:3])})",
                    "periksa berkas ekspor Dapodik; bila sekolah ini memang tutup, pindahkan "
                    "atau hapus kiprahnya lebih dulu"))
            changes.closed.append(f"{npsn} {entry.get('name')}")
            continue
        updated = dict(entry)
        updated.pop("sample", None)  # now confirmed by Dapodik: no longer invented sample data
        new: dict[str, Any] = {"name": row.name, "level": row.level, "status": row.status,
                               "kecamatan": row.kecamatan, "village": row.village, "address": row.address}
        for key in ("name", "village", "address"):  # a difference of case only is no change
            new[key] = entry[key] if _same_text(entry.get(key), new[key]) else office_case(new[key])
        new.update(_located(row))
        name = new["name"]
        if entry.get("name") != name:
            changes.renamed.append(f"{npsn}: {entry.get('name')} → {name}")
        if entry.get("kecamatan") != row.kecamatan:
            changes.moved.append(f"{npsn} {name}: {names.get(entry.get('kecamatan'), entry.get('kecamatan'))}"
                                 f" → {names[row.kecamatan]}")
        other = [k for k in new if k not in ("name", "kecamatan") and entry.get(k) != new[k]]
        if other:
            changes.updated.append(f"{npsn} {name}: {', '.join(other)}")
        updated.update(new)
        result.append(updated)
    known = {str(e.get("npsn")) for e in existing}
    for npsn in sorted(set(rows) - known):
        row = rows[npsn]
        name = office_case(row.name)
        entry = {"npsn": npsn, "name": name, "short_name": short_name(name), "level": row.level,
                 "status": row.status, "kecamatan": row.kecamatan, "village": office_case(row.village),
                 "address": office_case(row.address)}
        entry.update(_located(row))
        result.append(entry)
        changes.new.append(f"{npsn} {name} (Kec. {names[row.kecamatan]})")
    return result, changes, refusals


@dataclass
class ImportResult:
    changes: Changes
    problems: list[Problem]  # bad rows and refusals: nothing was written
    written: bool


def showcases_by_school(settings: dict) -> dict[str, list[str]]:
    """NPSN → the showcase files naming it (valid or not: a broken file still counts)."""

    content = Path(settings["PATH"])
    found: dict[str, list[str]] = {}
    for relative in showcase_paths(settings):
        source, _ = read_source(content / relative, content_root=content)
        data = source.front_matter.data if source else None
        if isinstance(data, dict) and data.get("school") is not None:
            found.setdefault(str(data["school"]), []).append(Path(relative).name)
    return found


def import_schools(export: Path, settings: dict, check_only: bool = False) -> ImportResult:
    """Read `export`, merge it into the registry the settings name, and write it (unless
    `check_only` or anything is wrong)."""
    kecamatan_path, schools_path = registry_files(settings)
    kecamatan, problems = load_kecamatan(kecamatan_path)
    rows, skipped, bad_rows = read_export(export, kecamatan, display_path(export))
    problems += bad_rows
    if not rows and bad_rows:  # nothing read: comparing with the registry would only add noise
        return ImportResult(Changes(), problems, False)
    if not rows:
        problems.append(Problem(display_path(export), None, "berkas",
                                f"tidak ada satu pun sekolah {' atau '.join(LEVELS)} di berkas ini",
                                "ekspor daftar sekolah Kabupaten Blora dari Dapodik/Data Referensi"))
    registry, read_problems = read_yaml(schools_path, display_path(schools_path))
    if registry is None:  # a registry that does not read is reported, never overwritten
        return ImportResult(Changes(), problems + read_problems, False)
    existing = registry.data or []
    if not isinstance(existing, list) or not all(isinstance(e, dict) for e in existing):
        return ImportResult(Changes(), problems + [Problem(
            display_path(schools_path), 1, "berkas", "daftar sekolah bukan daftar entri `- npsn: …`",
            "jalankan `invoke check` dan perbaiki berkasnya lebih dulu")], False)
    entries, changes, refusals = merge(existing, rows, showcases_by_school(settings), kecamatan,
                                       display_path(schools_path))
    changes.skipped = skipped
    problems += refusals
    for entry in entries:
        try:
            SchoolEntry.model_validate(entry)
        except ValidationError as exc:
            line = rows[entry["npsn"]].line if entry["npsn"] in rows else None
            for error in exc.errors(include_url=False):
                problems.append(Problem(display_path(export), line, ".".join(map(str, error["loc"])),
                                        f"tidak bisa dicatat: {error['msg']}",
                                        "periksa baris ini di berkas ekspor"))
    if problems or check_only:
        return ImportResult(changes, problems, False)
    text = schools_path.read_text(encoding="utf-8-sig")
    new_text = edited_text(text, registry, existing, entries) or registry_text(entries)
    try:  # never write a registry that would not read back
        parse_yaml(new_text)
    except YamlError as exc:
        return ImportResult(changes, [Problem(display_path(export), None, "berkas",
                                              f"hasil impor tidak bisa dibaca ulang ({exc.message})",
                                              "periksa isi berkas ekspor; daftar sekolah tidak diubah")],
                            False)
    write_atomically(schools_path, new_text)
    return ImportResult(changes, [], True)
