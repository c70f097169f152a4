"""The showcase and video commands behind tasks.py: `invoke new --video`, `invoke video` and
`invoke pindah-video`; each prints in Indonesian and returns an exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from .media.intake import IntakeError, check_clip, place_clip
from .media.move import MoveError, move_videos
from .media.store import StoreError
from .model.paths import display_path
from .scaffold import ScaffoldError, new_showcase, showcase_target
from .validate import registry_for, showcase_paths
from .video_line import VideoLineError, set_video


def take_clip(berkas: str, settings: dict) -> str | None:
    """Check a school's clip and put it where the site reads it (the source bucket when
    KASDIKDAS_MEDIA_SOURCES is set, else content/videos/); the `video:` value, or None
    after saying why it was refused."""
    try:
        value, sent = place_clip(Path(berkas), check_clip(Path(berkas), settings), settings)
    except (IntakeError, StoreError) as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        return None
    if sent is None:
        print(f"Video disalin ke content/{value}.")
    else:
        reused = (f" ({sent.resumed_parts} bagian dari unggahan sebelumnya dipakai)"
                  if sent.resumed_parts else "")
        print(f"Video {'diunggah ke' if sent.uploaded else 'sudah ada di'} bucket video asli: "
              f"{value}{reused}")
    return value


def create(settings: dict, npsn: str, title: str, berkas: str = "") -> int:
    """`invoke new [--video BERKAS]`: the school and title are checked before any upload."""
    content = Path(settings["PATH"])
    try:
        registry = registry_for(settings)
        showcase_target(content, registry, npsn, title)
        value = take_clip(berkas, settings) if berkas else None
        if berkas and value is None:
            return 1
        path = new_showcase(content, registry, npsn, title, video=value)
    except ScaffoldError as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        return 1
    print(f"Dibuat: {display_path(path)}\nIsi setiap kolom, lalu jalankan `invoke check`.")
    return 0


def attach(kiprah: str, berkas: str, settings: dict) -> int:
    """`invoke video`: a clip for an existing showcase; only its `video:` line changes."""
    showcase = Path(kiprah)
    if not showcase.is_file():
        print(f"Gagal: {kiprah}: berkas: tidak ditemukan — tulis path berkas kiprah, mis. "
              "content/kiprah/20300001-gamelan.md", file=sys.stderr)
        return 1
    value = take_clip(berkas, settings)
    if value is None:
        return 1
    try:
        changed = set_video(showcase, value)
    except VideoLineError as exc:
        print(f"Gagal: {kiprah}: video: {exc} — tulis `video: {value}` sendiri", file=sys.stderr)
        return 1
    print(f"{kiprah}: video: {value}" + ("" if changed else " (sudah begitu)"))
    return 0


def move(settings: dict) -> int:
    """`invoke pindah-video`: every editor's video under content/videos/ into the bucket."""
    try:
        report = move_videos(settings, showcase_paths(settings))
    except MoveError as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        return 2
    for relative, value in report.moved:
        print(f"dipindahkan: content/{relative} → {value}")
    for relative in report.rewritten:
        print(f"ditulis ulang: content/{relative} (baris video:)")
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not report.moved and not report.problems:
        print("Tidak ada video di content/videos/ yang perlu dipindahkan.")
    if report.problems:
        print(f"{len(report.problems)} video tidak dipindahkan; perbaiki lalu jalankan lagi.",
              file=sys.stderr)
        return 1
    return 0
