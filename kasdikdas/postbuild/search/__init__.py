"""Search index: Pagefind over the written showcase pages (index.py), then a rewrite
of its bundle so a first query loads less (compact.py). The /cari/ page itself is in
pages/search.py. Settings: SEARCH_* in settings.py.
"""

from __future__ import annotations

from pathlib import Path

from .index import build_index, declare_packed_files
from .settings import SearchSettings


def configure(settings: dict) -> None:
    if SearchSettings.read(settings).SEARCH_PAGEFIND:
        declare_packed_files(settings)


def write_index(pelican) -> None:
    if SearchSettings.read(pelican.settings).SEARCH_PAGEFIND:
        build_index(Path(pelican.output_path), pelican.settings)
