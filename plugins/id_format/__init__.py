"""id_format: Indonesian presentation filters for templates (dates, numbers, sizes).

`{{ article.date|tanggal }}` → "11 Oktober 2024"; `{{ 1234|angka }}` → "1.234";
`{{ 0.455|persen }}` → "45,5%"; `{{ 912345|ukuran }}` → "0,9 MB"; `{{ 47|durasi }}` → "0:47".
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from pelican import signals

LOCALE = "id_ID"


def tanggal(value, form: str = "d MMMM y") -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, form, locale=LOCALE)


def angka(value, digits: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=LOCALE)


def persen(fraction, digits: int = 1) -> str:
    pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
    return format_percent(fraction, pattern, locale=LOCALE)


def ukuran(num_bytes: int) -> str:
    """Sizes as viewers think of data packages: MB with one decimal, KB below 0.1 MB."""
    if num_bytes < 100_000:
        return f"{angka(max(1, round(num_bytes / 1000)))} KB"
    return f"{angka(num_bytes / 1_000_000, 1)} MB"


def durasi(seconds: float) -> str:
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


FILTERS = {"tanggal": tanggal, "angka": angka, "persen": persen, "ukuran": ukuran, "durasi": durasi}


def add_filters(pelican):
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(FILTERS)


def register():
    signals.initialized.connect(add_filters)
