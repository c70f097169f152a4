"""Write the open data files: CSV for spreadsheets, JSON for programs."""

from __future__ import annotations

import csv
import io
import re
import json
from pathlib import Path

from .records import Column

# A cell starting with one of these is run as a formula by Excel and LibreOffice;
# a leading apostrophe makes them show it as text instead (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # a number is never a formula: `-7.1` stays a number
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(columns: list[Column], rows: list[dict]) -> str:
    """RFC 4180 CSV (comma, CRLF, quotes doubled), header row of column keys."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([spreadsheet_cell(row.get(c.key)) for c in columns])
    return buffer.getvalue()


def write_csv(path: Path, columns: list[Column], rows: list[dict]) -> Path:
    """UTF-8 with a byte order mark: without it Excel reads Indonesian text as ANSI."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(csv_text(columns, rows))
    return path


def write_json(path: Path, document: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, columns: list[Column], rows: list[dict], sheet: str) -> Path:
    """The same table as an Excel workbook (openpyxl): a sheet of rows with the column
    keys as header, and a sheet `kolom` describing them. Text stays text: a cell that
    starts with `=` is stored as a string, never as a formula, and is not altered."""
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    table = book.active
    table.title = sheet
    header: list[object] = [c.key for c in columns]
    for r, values in enumerate([header, *([row.get(c.key) for c in columns] for row in rows)], 1):
        for c, value in enumerate(values, 1):
            cell = table.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl reads a leading `=` as a formula otherwise
    described = book.create_sheet("kolom")
    described.append(["kolom", "arti"])
    for column in columns:
        described.append([column.key, column.description])
    fixed = dt.datetime(2000, 1, 1)  # the same bytes for the same data (no build time)
    book.properties.created = book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_without_zip_times(buffer.getvalue()))
    return path


# openpyxl stamps the save time into the core properties whatever they were set to.
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _without_zip_times(data: bytes) -> bytes:
    """The workbook's zip with every member dated 1980-01-01 and the document's
    `modified` property fixed: otherwise each build's file differs by its timestamps
    alone (and hosts, rsync and caches see a new file)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            member = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                member = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", member)
            target.writestr(fixed, member)
    return out.getvalue()
