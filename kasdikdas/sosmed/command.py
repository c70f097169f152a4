"""`invoke sosmed` (tasks.py): make the kit, or record a posted URL (`--catat`)."""

from __future__ import annotations

import sys
from pathlib import Path

from .queue import QUEUE, mark_posted
from .record import record_posted


def record(content: Path, folder: Path, slug: str, platform: str, url: str) -> int:
    try:
        path = record_posted(content, slug, platform, url)
    except ValueError as problem:
        print(f"sosmed: {problem}", file=sys.stderr)
        return 1
    print(f"{path}: social: {platform} dicatat. Bangun ulang situs agar halaman kiprah "
          f"menampilkan \"Juga di …\".")
    if mark_posted(folder, slug, platform):
        print(f"{folder / QUEUE}: {platform} dihapus dari antrian {slug}.")
    return 0


def main(settings: dict, folder: Path, catat: str = "", platform: str = "", url: str = "",
         progress: bool = True) -> int:
    from ..model.problems import format_report
    from ..validate import validate_site
    from . import make_kits

    content = Path(settings["PATH"])
    if catat or platform or url:
        if not (catat and platform and url):
            print("sosmed: --catat perlu --platform dan --url, mis. --catat "
                  "20300001-gamelan-cilik --platform instagram --url https://…", file=sys.stderr)
            return 2
        return record(content, folder, catat, platform, url)
    site, problems = validate_site(settings)
    if problems:
        print(format_report(problems), file=sys.stderr)
        return 1
    kits = make_kits(site, settings, folder, progress)
    print(f"{len(kits)} kit di {folder}; antrian: {folder / QUEUE}")
    return 0
