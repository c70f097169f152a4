"""Import the office's Dapodik / Data Referensi school export (CSV) into the registry,
content/data/schools.yml (`invoke sekolah --impor FILE [--periksa]`).

The file: comma or semicolon separated, UTF-8 with or without BOM, a header row. The
columns read (any order, any case; spaces and hyphens count as `_`; other columns are
ignored): npsn, nama, bentuk_pendidikan, status, alamat, desa_kelurahan, kecamatan,
lintang, bujur. `kecamatan` may be a name ("Kec. Blora", "BLORA"), a Kemendagri code
("33.16.09", "331609") or a Dapodik code ("031610"). Rows of other levels (TK, SMA, …)
are skipped and counted.

Nothing is asked and nothing is half-written: the import refuses, writing nothing, a
file with bad rows (each named by line and column) or one that would drop a school
with showcases. Fields the office added by hand (short_name, links, …) are kept.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from .model.entities import NPSN_PATTERN, Kecamatan, SchoolEntry
from .model.paths import display_path, read_yaml
from .model.problems import Problem
from .model.registry import load_kecamatan
from .model.showcase import read_source
from .model.vocab import LEVELS
from .validate import showcase_paths

COLUMNS = ("npsn", "nama", "bentuk_pendidikan", "status", "alamat", "desa_kelurahan",
           "kecamatan", "lintang", "bujur")
REQUIRED = ("npsn", "nama", "bentuk_pendidikan", "status", "kecamatan")
ALIASES = {"nama_sekolah": "nama", "nama_satuan_pendidikan": "nama", "jenjang": "bentuk_pendidikan",
           "status_sekolah": "status", "desa": "desa_kelurahan", "kelurahan": "desa_kelurahan",
           "kec": "kecamatan", "latitude": "lintang", "longitude": "bujur"}
STATUS = {"negeri": "negeri", "n": "negeri", "swasta": "swasta", "s": "swasta"}
# Imported from Dapodik; the rest of an entry (short_name, links, …) is the office's own.
FROM_DAPODIK = ("name", "level", "status", "kecamatan", "village", "address", "latitude", "longitude")

HEADER = """\
# Daftar sekolah (registri): satu entri per sekolah, satu-satunya sumber nama, jenjang dan
# kecamatan sekolah. Halaman kiprah hanya menulis NPSN.
# Diperbarui dari ekspor Dapodik/Data Referensi dengan `invoke sekolah --impor BERKAS`;
# kolom yang ditambahkan dinas (short_name, links) tetap dipertahankan.

"""


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


def _decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [Problem(shown, line, "berkas", "bukan teks UTF-8",
                              "ekspor ulang dari Dapodik sebagai CSV UTF-8 (di Excel: Simpan Sebagai → "
                              "CSV UTF-8)")]


def _number(text: str, low: float, high: float) -> float:
    if text.count(",") == 1 and "." not in text:  # -6,97: an Indonesian spreadsheet's decimal comma
        text = text.replace(",", ".")
    value = float(text)
    if not low <= value <= high:
        raise ValueError
    return value


def read_export(path: Path, kecamatan: dict[str, Kecamatan], shown: str | None = None
                ) -> tuple[dict[str, Row], int, list[Problem]]:
    """The rows of SD and SMP schools (by NPSN), how many rows of other levels were
    skipped, and every bad row."""
    shown = shown or str(path)
    text, problems = _decode(Path(path).read_bytes(), shown)
    if text is None:
        return {}, 0, problems
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        return {}, 0, [Problem(shown, 1, "berkas", "berkas kosong", "ekspor ulang dari Dapodik")]
    keys = [_key(h) for h in header]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        return {}, 0, [Problem(shown, 1, "kolom", f"kolom {', '.join(missing)} tidak ada",
                               f"baris pertama harus memuat nama kolom: {', '.join(COLUMNS)}")]
    places = kecamatan_lookup(kecamatan)
    rows: dict[str, Row] = {}
    skipped = 0
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        cells = {k: (record[i].strip() if i < len(record) else "") for i, k in enumerate(keys)
                 if k in COLUMNS}
        level = cells["bentuk_pendidikan"].upper()
        if level not in LEVELS:
            skipped += 1
            continue

        def bad(column, what, fix):
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
        if len(problems) > before:
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
    names = {k.slug: k.name for k in kecamatan.values()}
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
        updated.pop("sample", None)  # now real data from Dapodik
        new = {"name": row.name, "level": row.level, "status": row.status, "kecamatan": row.kecamatan,
               "village": row.village, "address": row.address}
        for key, value in (("latitude", row.latitude), ("longitude", row.longitude)):
            if value is not None:
                new[key] = value
        if entry.get("name") != row.name:
            changes.renamed.append(f"{npsn}: {entry.get('name')} → {row.name}")
        if entry.get("kecamatan") != row.kecamatan:
            changes.moved.append(f"{npsn} {row.name}: {names.get(entry.get('kecamatan'), entry.get('kecamatan'))}"
                                 f" → {names[row.kecamatan]}")
        other = [k for k in new if k not in ("name", "kecamatan") and entry.get(k) != new[k]]
        if other:
            changes.updated.append(f"{npsn} {row.name}: {', '.join(other)}")
        updated.update(new)
        result.append(updated)
    known = {str(e.get("npsn")) for e in existing}
    for npsn in sorted(set(rows) - known):
        row = rows[npsn]
        entry = {"npsn": npsn, "name": row.name, "short_name": short_name(row.name), "level": row.level,
                 "status": row.status, "kecamatan": row.kecamatan, "village": row.village,
                 "address": row.address}
        for key, value in (("latitude", row.latitude), ("longitude", row.longitude)):
            if value is not None:
                entry[key] = value
        result.append(entry)
        changes.new.append(f"{npsn} {row.name} (Kec. {names[row.kecamatan]})")
    return result, changes, refusals


def registry_text(entries: list[dict]) -> str:
    return HEADER + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target, then rename over it: a reader never sees half a file."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".schools-", suffix=".yml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    content = Path(settings["PATH"])
    schools_path = content / settings["KIPRAH_SCHOOLS_FILE"]
    kecamatan, problems = load_kecamatan(content / settings["KIPRAH_KECAMATAN_FILE"])
    rows, skipped, bad_rows = read_export(export, kecamatan, display_path(export))
    problems += bad_rows
    if not rows and not bad_rows:
        problems.append(Problem(display_path(export), None, "berkas",
                                f"tidak ada satu pun sekolah {' atau '.join(LEVELS)} di berkas ini",
                                "ekspor daftar sekolah Kabupaten Blora dari Dapodik/Data Referensi"))
    registry, read_problems = read_yaml(schools_path, display_path(schools_path))
    if registry is None:  # a registry that does not read is reported, never overwritten
        return ImportResult(Changes(), problems + read_problems, False)
    existing = registry.data or []
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
    write_atomically(schools_path, registry_text(entries))
    return ImportResult(changes, [], True)
