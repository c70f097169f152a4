"""Write the open data files: CSV for spreadsheets, JSON for programs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .records import Column

# A cell starting with one of these is run as a formula by Excel and LibreOffice;
# a leading apostrophe makes them show it as text instead (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    if value is None:
        return ""
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
