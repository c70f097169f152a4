"""`antrian.csv`: what is still to post where, oldest showcase first, with the kit's
files (paths relative to the kit folder)."""

from __future__ import annotations

import csv
from pathlib import Path

QUEUE = "antrian.csv"
COLUMNS = ("kiprah", "tanggal", "judul", "belum_diunggah", "video", "sampul", "keterangan")


def write_queue(folder: Path, rows: list[dict]) -> Path:
    rows = sorted(rows, key=lambda r: (r["tanggal"], r["kiprah"]))
    path = folder / QUEUE
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, COLUMNS)
        writer.writeheader()
        writer.writerows(r for r in rows if r["belum_diunggah"])
    return path


def read_queue(folder: Path) -> list[dict]:
    path = folder / QUEUE
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def mark_posted(folder: Path, slug: str, platform: str) -> bool:
    """Take `platform` off the showcase's row (the row goes when none is left);
    False when the folder has no queue."""
    rows = read_queue(folder)
    if not rows:
        return False
    for row in rows:
        if row["kiprah"] == slug:
            row["belum_diunggah"] = " ".join(
                p for p in row["belum_diunggah"].split() if p != platform)
    write_queue(folder, rows)
    return True
