"""Putting finished files into the output without writing their bytes again.

The build output is always a fresh folder (kasdikdas/build.py), and the caches hold files
that are never changed in place (they are written aside and renamed in), so a hard link
is as good as a copy and costs no data. Other file systems get a copy.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """`target` becomes `source`'s content: a hard link where possible, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_tree(source: Path, target: Path) -> None:
    """A folder tree of hard links (or copies) of `source` at `target`, which must not exist."""
    shutil.copytree(source, target, copy_function=link_or_copy)
