"""Helpers for the hostile-input tests: a scratch content folder built from the corpus."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from kasdikdas import files

from . import CONTENT, ROOT

CORPUS = ROOT / "tests" / "corpus"
SAMPLE_VIDEO = "videos/20300001-gamelan-cilik.mp4"


def link_or_copy(source: Path, target: Path) -> None:
    """kasdikdas.files.link_or_copy into a folder made as needed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    files.link_or_copy(source, target)


def scratch_content(target: Path, videos=(SAMPLE_VIDEO,), showcases=True) -> Path:
    """content/data plus the given sample videos (hard links); optionally the sample showcases."""
    shutil.copytree(CONTENT / "data", target / "data")
    (target / "kiprah").mkdir(parents=True)
    for video in videos:
        link_or_copy(CONTENT / video, target / video)
    if showcases:
        if (CONTENT / "bukti").is_dir():  # the innovations' evidence documents
            shutil.copytree(CONTENT / "bukti", target / "bukti")
        for path in (CONTENT / "kiprah").glob("*.md"):
            shutil.copy2(path, target / "kiprah" / path.name)
        for video in (CONTENT / "videos").glob("*.mp4"):
            if not (target / "videos" / video.name).exists():
                link_or_copy(video, target / "videos" / video.name)
    return target


def tree_digest(root: Path) -> dict[str, str]:
    """Every file, symlink and folder under root with a hash of its content."""
    digest = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                digest[rel] = "->" + os.readlink(path)
            elif path.is_dir():
                digest[rel] = "dir"
            else:
                digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest
