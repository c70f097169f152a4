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

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .model.entities import MAX_LINE, NPSN_PATTERN, Kecamatan, SchoolEntry
from .model.paths import decode_text, display_path, read_bytes, read_yaml
from .model.problems import Problem
from .model.registry import load_kecamatan
from .model.showcase import read_source
from .model.vocab import LEVELS
from .model.yamlfm import YamlError, hidden_problem, parse_yaml
from .registry_file import edited_text, registry_text, write_atomically
from .validate import registry_files, showcase_paths

COLUMNS = ("npsn", "nama", "bentuk_pendidikan", "status", "alamat", "desa_kelurahan",
           "kecamatan", "lintang", "bujur")
REQUIRED = ("npsn", "nama", "bentuk_pendidikan", "status", "kecamatan")
ALIASES = {"nama_sekolah": "nama", "nama_satuan_pendidikan": "nama", "jenjang": "bentuk_pendidikan",
           "status_sekolah": "status", "desa": "desa_kelurahan", "kelurahan": "desa_kelurahan",
           "kec": "kecamatan", "latitude": "lintang", "longitude": "bujur"}
STATUS = {"negeri": "negeri", "n": "negeri", "swasta": "swasta", "s": "swasta"}
MAX_EXPORT_BYTES = 20_000_000  # every school of a province is a few MB
MAX_CELL = MAX_LINE  # a name or an address; a longer cell is not Dapodik's
_DECIMAL = re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]{1,15})?$")
# Words an Indonesian school name keeps in capitals (levels, foundations, numerals).
_CAPITALS = frozenset("SD SMP SDN SMPN SDIT SMPIT MI MTS IT TK RA KB SLB SMPLB SDLB UPT UPTD PGRI "
                      "YPPI NU LB II III IV VI VII VIII IX XI XII".split())
# Imported from Dapodik; the rest of an entry (short_name, links, …) is the office's own.
FROM_DAPODIK = ("name", "level", "status", "kecamatan", "village", "address", "latitude", "longitude")


@dataclass(frozen=True)
class Row:
    line: int
    npsn: str
    name: str
    level: str
    status: str
    kecamatan: str  # slug
    village: str
    address: str
    latitude: float | None
    longitude: float | None


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


def _key(header: str) -> str:
    key = re.sub(r"[\s\-]+", "_", header.strip().lower())
    return ALIASES.get(key, key)


def _simple(name: str) -> str:
    name = re.sub(r"^(kec\.?|kecamatan)\s+", "", name.strip().lower())
    return re.sub(r"[^a-z0-9]", "", name)


def kecamatan_lookup(kecamatan: dict[str, Kecamatan]) -> dict[str, str]:
    """Every way a Dapodik export may write one of the 16 kecamatan → its slug."""
    lookup = {}
    for k in kecamatan.values():
        for alias in (k.slug, k.name, k.kemendagri_code, k.kemendagri_code.replace(".", ""),
                      k.dapodik_code, k.dapodik_code.lstrip("0")):
            lookup[_simple(alias)] = k.slug
    return lookup


def _read(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The export's text: a regular UTF-8 file of bounded size, or why not."""
    data, problems = read_bytes(path, shown, MAX_EXPORT_BYTES)
    if data is None:
        return None, problems
    text, problems = decode_text(data, shown)
    if text is None:
        return None, [Problem(p.path, p.line, p.field, p.message,
                              "ekspor ulang dari Dapodik sebagai CSV UTF-8 (di Excel: Simpan Sebagai → "
                              "CSV UTF-8)") for p in problems]
    return text, []


def office_case(name: str) -> str:
    """`SD NEGERI 1 BLORA` → `SD Negeri 1 Blora`: an all-capitals name as the office
    writes names; any other name is kept as written."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group() if m.group() in _CAPITALS
                  else m.group().capitalize(), name)


def _same_text(a, b) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a.casefold() == b.casefold()


def _number(text: str, low: float, high: float) -> float:
    if text.count(",") == 1 and "." not in text:  # -6,97: an Indonesian spreadsheet's decimal comma
        text = text.replace(",", ".")
    if not _DECIMAL.match(text):  # float() would take `1_0`, `inf` or `1e2`
        raise ValueError
    value = float(text)
    if not low <= value <= high:
        raise ValueError
    return value


def read_export(path: Path, kecamatan: dict[str, Kecamatan], shown: str | None = None
                ) -> tuple[dict[str, Row], int, list[Problem]]:
    """The rows of SD and SMP schools (by NPSN), how many rows of other levels were
    skipped, and every bad row."""
    shown = shown or str(path)
    text, problems = _read(Path(path), shown)
    if text is None:
        return {}, 0, problems
    return _read_rows(text, kecamatan, shown)


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"ada sel yang lebih panjang dari {MAX_CELL} karakter"
    if "NUL" in text:
        return "ada karakter NUL"
    return "tanda kutip atau pemisah kolom tidak rapi"


def _header(reader, shown: str) -> tuple[list[str] | None, list[Problem]]:
    header = next(reader, None)
    if not header:
        return None, [Problem(shown, 1, "berkas", "berkas kosong", "ekspor ulang dari Dapodik")]
    keys = [_key(h) for h in header]
    twice = sorted({k for k in keys if k in COLUMNS and keys.count(k) > 1})
    if twice:
        return None, [Problem(shown, 1, "kolom", f"kolom {', '.join(twice)} ada lebih dari satu "
                              "(mis. `nama` dan `nama_sekolah`)",
                              "hapus kolom yang berlebih agar jelas kolom mana yang dibaca")]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        return None, [Problem(shown, 1, "kolom", f"kolom {', '.join(missing)} tidak ada",
                              f"baris pertama harus memuat nama kolom: {', '.join(COLUMNS)}")]
    return keys, []


def _cell_problems(record: list[str], keys: list[str], line: int, shown: str) -> list[Problem]:
    """Cells too long or holding control or hidden characters (ESC, NEL, U+202E …)."""
    problems = []
    for key, cell in zip(keys, record):
        if key not in COLUMNS:
            continue
        if len(cell) > MAX_CELL:
            problems.append(Problem(shown, line, key, f"isi sel terlalu panjang ({len(cell):,} karakter, "
                                    f"batas {MAX_CELL})".replace(",", "."), "periksa baris ini di Dapodik"))
        elif hidden_problem(cell.replace("\n", " ").replace("\r", " ")) or "\n" in cell or "\r" in cell:
            problems.append(Problem(shown, line, key, "sel memuat karakter kendali, tak terlihat "
                                    "atau baris baru", "ketik ulang isi sel ini di Dapodik atau di "
                                    "lembar kerja, lalu ekspor ulang"))
    return problems


def _read_rows(text: str, kecamatan: dict[str, Kecamatan], shown: str
               ) -> tuple[dict[str, Row], int, list[Problem]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        keys, header_problems = _header(reader, shown)
        if keys is None:
            return {}, 0, header_problems
        return _records(reader, keys, kecamatan, shown)
    except csv.Error as exc:  # a cell over the csv module's limit, a NUL, a stray quote
        return {}, 0, [Problem(shown, reader.line_num or 1, "berkas",
                               f"berkas CSV rusak ({_csv_reason(exc)})",
                               "ekspor ulang dari Dapodik; jangan sunting berkasnya dengan tangan")]


def _records(reader, keys: list[str], kecamatan: dict[str, Kecamatan], shown: str
             ) -> tuple[dict[str, Row], int, list[Problem]]:
    problems: list[Problem] = []
    places = kecamatan_lookup(kecamatan)
    rows: dict[str, Row] = {}
    skipped = 0
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        bad_cells = _cell_problems(record, keys, line, shown)
        if bad_cells:
            problems += bad_cells
            continue
        cells = {k: (record[i].strip() if i < len(record) else "") for i, k in enumerate(keys)
                 if k in COLUMNS}
        level = cells["bentuk_pendidikan"].upper()
        if level not in LEVELS:
            skipped += 1
            continue

        def bad(column, what, fix, line=line, problems=problems):
            problems.append(Problem(shown, line, column, what, fix))

        before = len(problems)
        npsn = cells["npsn"].upper()
        if not re.match(NPSN_PATTERN, npsn):
            bad("npsn", f"NPSN `{cells['npsn']}` tidak sah", "NPSN terdiri dari 8 angka/huruf besar; "
                "bila Excel membuang angka 0 di depan, format kolomnya sebagai teks")
        elif npsn in rows:
            bad("npsn", f"NPSN {npsn} juga ada di baris {rows[npsn].line}", "hapus baris ganda")
        if not cells["nama"]:
            bad("nama", "nama sekolah kosong", "isi nama sekolah seperti di Dapodik")
        status = STATUS.get(cells["status"].lower())
        if status is None:
            bad("status", f"status `{cells['status']}` tidak dikenal", "tulis Negeri atau Swasta")
        slug = places.get(_simple(cells["kecamatan"]))
        if slug is None:
            bad("kecamatan", f"kecamatan `{cells['kecamatan']}` bukan salah satu dari 16 kecamatan Blora",
                "tulis nama (mis. Blora), kode Kemendagri (33.16.09) atau kode Dapodik (031610)")
        coords = {}
        for column, low, high in (("lintang", -90, 90), ("bujur", -180, 180)):
            value = cells.get(column, "")
            try:
                coords[column] = _number(value, low, high) if value else None
            except ValueError:
                bad(column, f"`{value}` bukan {column} yang sah",
                    f"tulis derajat desimal antara {low} dan {high}, mis. -6.97 atau kosongkan")
        if len(problems) > before or status is None or slug is None:  # None: reported
            continue
        rows[npsn] = Row(line, npsn, cells["nama"], level, status, slug,
                         cells.get("desa_kelurahan") or "-", cells.get("alamat") or "-",
                         coords["lintang"], coords["bujur"])
    return rows, skipped, problems


def short_name(name: str) -> str:
    """`SD Negeri 1 Blora` → `SDN 1 Blora`: what the office would type by hand."""
    return re.sub(r"^(SD|SMP)\s+NEGERI\b", lambda m: m.group(1) + "N", name.strip(), flags=re.I)


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
        for key, value in (("latitude", row.latitude), ("longitude", row.longitude)):
            if value is not None:
                new[key] = value
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
        for key, value in (("latitude", row.latitude), ("longitude", row.longitude)):
            if value is not None:
                entry[key] = value
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
