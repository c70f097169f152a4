"""Reading a Dapodik / Data Referensi school export (CSV): its header, every row of an SD
or SMP school checked (NPSN, name, status, kecamatan, coordinates, cells without hidden
characters), every bad row named by line and column."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..model.entities import MAX_LINE, NPSN_PATTERN, Kecamatan
from ..model.paths import decode_text, read_bytes
from ..model.problems import Problem
from ..model.vocab import LEVELS
from ..model.yamlfm import hidden_problem

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


def _coordinates(cells: dict[str, str], bad) -> dict[str, float | None]:
    """Latitude and longitude of a row (None when empty); `bad` hears each bad one."""
    coords: dict[str, float | None] = {}
    for column, low, high in (("lintang", -90, 90), ("bujur", -180, 180)):
        value = cells.get(column, "")
        try:
            coords[column] = _number(value, low, high) if value else None
        except ValueError:
            bad(column, f"`{value}` bukan {column} yang sah",
                f"tulis derajat desimal antara {low} dan {high}, mis. -6.97 atau kosongkan")
    return coords


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
        coords = _coordinates(cells, bad)
        if len(problems) > before or status is None or slug is None:  # None: reported
            continue
        rows[npsn] = Row(line, npsn, cells["nama"], level, status, slug,
                         cells.get("desa_kelurahan") or "-", cells.get("alamat") or "-",
                         coords["lintang"], coords["bujur"])
    return rows, skipped, problems
