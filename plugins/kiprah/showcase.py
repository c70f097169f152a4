"""Read one showcase file and resolve it against the registry into a `Showcase`.

Pure functions: `invoke check` and the Pelican reader both call them, so an editor
sees exactly the same messages from either.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from .messages import nearest, problems_from_validation
from .model import (
    CATEGORIES,
    KNOWN_FIELDS,
    SLUG_PATTERN,
    FrontMatter,
    Innovation,
    Showcase,
    VideoSource,
)
from .problems import Problem
from .registry import Registry, display_path, read_text, real_dir, relative_posix
from .yamlfm import FrontMatterError, ParsedYaml, YamlError, split_front_matter

import re

MAX_SOURCE_BYTES = 200_000  # a showcase explanation is a few paragraphs


@dataclass
class SourceFile:
    """A showcase file split into front matter and body, not yet validated."""

    path: Path
    shown: str  # the path as written in messages
    front_matter: ParsedYaml
    body: str
    body_line: int


def read_source(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> tuple[SourceFile | None, list[Problem]]:
    shown = display_path(path)
    size = path.stat().st_size
    if size > max_bytes:
        return None, [
            Problem(shown, None, "berkas",
                    f"berkas terlalu besar ({size:,} byte, batas {max_bytes:,})".replace(",", "."),
                    "penjelasan kiprah cukup beberapa paragraf; jangan tempel gambar atau data ke dalam berkas")
        ]
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    try:
        document = split_front_matter(text)
    except (FrontMatterError, YamlError) as exc:
        return None, [Problem(shown, exc.line, "front matter", exc.message,
                              "bandingkan dengan contoh dari `invoke new`")]
    return SourceFile(path, shown, document.front_matter, document.body, document.body_line), []


def _inside(content_root: Path, relative: str) -> Path | None:
    """The real path of `relative` under content_root, or None if it escapes it."""
    root = real_dir(str(content_root))
    candidate = (root / relative).resolve()
    if candidate == root or root not in candidate.parents:
        return None
    return candidate


def check_content_file(value: str, field: str, content_root: Path, line: int, shown: str,
                       what: str) -> tuple[str | None, list[Problem]]:
    """Validate a path written in front matter: relative, inside content/, a non-empty file."""
    posix = value.replace("\\", "/")
    if PurePosixPath(posix).is_absolute() or re.match(r"^[A-Za-z]:", posix):
        return None, [Problem(shown, line, field, f"`{value}` adalah path absolut",
                              f"tulis path {what} relatif terhadap folder content/, mis. videos/nama.mp4")]
    real = _inside(content_root, posix)
    if real is None:
        return None, [Problem(shown, line, field, f"`{value}` menunjuk ke luar folder content/",
                              f"simpan {what} di dalam content/ (mis. content/videos/) dan tulis path-nya dari sana")]
    if not real.is_file():
        return None, [Problem(shown, line, field, f"{what} `{value}` tidak ditemukan",
                              f"salin {what} ke content/{posix} atau perbaiki nama berkasnya")]
    if real.stat().st_size == 0:
        return None, [Problem(shown, line, field, f"{what} `{value}` kosong (0 byte)",
                              f"salin ulang {what} dari sekolah; berkas ini rusak saat dikirim")]
    return posix, []


def _video(value: str, content_root: Path, line: int, shown: str):
    if value.startswith(("http://", "https://")):
        if not value.startswith("https://"):
            return None, [Problem(shown, line, "video", "alamat video harus aman (https://)",
                                  "gunakan alamat yang diawali https://")]
        return VideoSource(url=value), []
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) and not re.match(r"^[A-Za-z]:[\\/]", value):
        return None, [Problem(shown, line, "video", f"`{value}` bukan path berkas atau alamat https",
                              "tulis path di bawah content/ atau alamat https://")]
    path, problems = check_content_file(value, "video", content_root, line, shown, "video")
    return (VideoSource(path=path) if path else None), problems


def default_slug(path: Path) -> str:
    return path.stem.lower()


def build_showcase(source: SourceFile, registry: Registry, content_root: Path,
                   today: dt.date | None = None) -> tuple[Showcase | None, list[Problem]]:
    """Validate the front matter and resolve school, category and files."""
    shown, fm = source.shown, source.front_matter
    if not isinstance(fm.data, dict):
        kind = "kosong" if fm.data is None else f"berupa {type(fm.data).__name__}"
        return None, [Problem(shown, 2, "front matter", f"front matter {kind}, bukan pasangan kunci: nilai",
                              "isi front matter dengan baris `kunci: nilai` seperti contoh dari `invoke new`")]
    try:
        front = FrontMatter.model_validate(fm.data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, shown, fm, known_fields=KNOWN_FIELDS)

    problems: list[Problem] = []
    today = today or dt.date.today()
    school = registry.schools.get(front.school)
    if school is None:
        close = nearest(front.school, registry.schools, n=3)
        hint = (f"mungkin maksud Anda {', '.join(close)}?" if close
                else "tambahkan sekolah ini ke content/data/schools.yml terlebih dahulu")
        problems.append(Problem(shown, fm.line_of(("school",)), "school",
                                f"NPSN {front.school} tidak ada di daftar sekolah", hint))
    if not front.consent:
        problems.append(Problem(shown, fm.line_of(("consent",)), "consent",
                                "izin publikasi belum ada (consent bukan true)",
                                "terbitkan hanya setelah sekolah memegang izin tertulis orang tua, lalu tulis `consent: true`"))
    if front.date > today:
        problems.append(Problem(shown, fm.line_of(("date",)), "date",
                                f"tanggal {front.date.isoformat()} ada di masa depan",
                                "tulis tanggal kegiatan yang sudah berlangsung"))
    video, video_problems = _video(front.video, content_root, fm.line_of(("video",)), shown)
    problems += video_problems
    extra_files = {}
    for key, what in (("poster", "gambar poster"), ("captions", "berkas teks (WebVTT)")):
        value = getattr(front, key)
        if value is not None:
            extra_files[key], file_problems = check_content_file(
                value, key, content_root, fm.line_of((key,)), shown, what)
            problems += file_problems
    slug = front.slug or default_slug(source.path)
    if not re.match(SLUG_PATTERN, slug):
        problems.append(Problem(shown, fm.line_of(("slug",)) if front.slug else None, "slug",
                                f"nama berkas `{source.path.name}` tidak bisa dipakai sebagai alamat halaman",
                                "ganti nama berkas dengan huruf kecil, angka dan tanda hubung, mis. 20300001-gamelan-cilik.md"))
    if not source.body.strip():
        problems.append(Problem(shown, source.body_line, "isi",
                                "penjelasan kiprah kosong",
                                "tulis beberapa kalimat di bawah baris `---` penutup: apa, siapa, dan mengapa"))
    innovation = None
    if front.innovation is not None:
        inn = front.innovation
        if inn.started and inn.started > today:
            problems.append(Problem(shown, fm.line_of(("innovation", "started")), "innovation.started",
                                    f"tanggal mulai {inn.started.isoformat()} ada di masa depan",
                                    "tulis tanggal inovasi mulai dijalankan"))
        if inn.stage == "penerapan" and inn.started is None:
            problems.append(Problem(shown, fm.line_of(("innovation", "stage")), "innovation.started",
                                    "inovasi tahap penerapan wajib punya tanggal mulai",
                                    "tambahkan `started: TAHUN-BULAN-TANGGAL` di bawah innovation"))
        innovation = Innovation(name=inn.name or front.title, stage=inn.stage, initiator=inn.initiator,
                                kind=inn.kind, form=inn.form, started=inn.started)
    if problems:
        return None, problems
    return Showcase(
        slug=slug, title=front.title, date=front.date, school=school,
        category=CATEGORIES[front.category], video=video, summary=front.summary,
        tags=tuple(front.tags), source_path=relative_posix(source.path, content_root),
        poster=extra_files.get("poster"), captions=extra_files.get("captions"),
        social={k: str(v) for k, v in front.social if v is not None}, innovation=innovation,
    ), []


def duplicate_slug_problems(showcases: list[tuple[str, Showcase]]) -> list[Problem]:
    """Two showcases must never share a URL. `showcases` holds (shown path, showcase)."""
    by_slug = defaultdict(list)
    for shown, showcase in showcases:
        by_slug[showcase.slug].append(shown)
    problems = []
    for slug, paths in by_slug.items():
        if len(paths) > 1:
            for shown in paths:
                others = ", ".join(p for p in paths if p != shown)
                problems.append(Problem(shown, None, "slug", f"alamat /kiprah/{slug}/ juga dipakai oleh {others}",
                                        "ganti nama salah satu berkas atau isi `slug:` yang berbeda"))
    return problems


def showcase_files(content_root: Path, folder: str) -> list[Path]:
    root = content_root / folder
    return sorted(p for p in root.rglob("*.md") if p.is_file()) if root.is_dir() else []


def check_content(content_root: Path, registry: Registry, folder: str = "kiprah",
                  today: dt.date | None = None) -> tuple[list[Showcase], list[Problem]]:
    """Validate every showcase and the registry; return the valid showcases and all problems."""
    problems = list(registry.problems)
    found: list[tuple[str, Showcase]] = []
    for path in showcase_files(content_root, folder):
        source, read_problems = read_source(path)
        problems += read_problems
        if source is None:
            continue
        showcase, build_problems = build_showcase(source, registry, content_root, today)
        problems += build_problems
        if showcase is not None:
            found.append((source.shown, showcase))
    problems += duplicate_slug_problems(found)
    return [s for _, s in found], problems
