"""Read one showcase file and resolve it against the registry into a `Showcase`.

Pure functions: `invoke check` and the Pelican reader both call them, so an editor
sees exactly the same messages from either.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .messages import kind_of, problems_from_validation
from .entities import (
    KNOWN_FIELDS,
    FrontMatter,
    Showcase,
    VideoSource,
)
from .placeholders import has_placeholder_body
from .problems import Problem
from .innovation import resolve_innovation
from .paths import (check_content_file, decode_text, display_path, inside, read_bytes, read_text,
                    relative_posix)
from .registry import Registry
from .showcase_rules import RULES, Draft
from .vocab import CATEGORIES
from .yamlfm import CONTROL_CHARS, ParsedYaml, YamlError, split_front_matter

MAX_SOURCE_BYTES = 200_000  # a showcase explanation is a few paragraphs


@dataclass
class SourceFile:
    """A showcase file split into front matter and body, not yet validated."""

    path: Path
    shown: str  # the path as written in messages
    front_matter: ParsedYaml
    body: str
    body_line: int


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def read_source(path: Path, max_bytes: int = MAX_SOURCE_BYTES,
                content_root: Path | None = None) -> tuple[SourceFile | None, list[Problem]]:
    """Read and split one showcase file; every failure becomes a Problem."""
    shown = display_path(path)
    if content_root is not None and inside(content_root, os.path.relpath(path, content_root)) is None:
        return None, [Problem(shown, None, "berkas", "berkas ini tautan (symlink) ke luar folder content/",
                              "salin isi berkasnya ke content/kiprah/ sebagai berkas biasa")]
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(shown, None, "berkas", f"berkas tidak bisa dibuka ({exc.strerror})",
                              "periksa apakah berkas ada dan bisa dibaca; tautan yang rusak harus dihapus")]
    if size > max_bytes:
        return None, [
            Problem(shown, None, "berkas",
                    f"berkas terlalu besar ({_thousands(size)} byte, batas {_thousands(max_bytes)})",
                    "penjelasan kiprah cukup beberapa paragraf; jangan tempel gambar atau data ke dalam berkas")
        ]
    text, problems = read_text(path, shown, max_bytes)
    if text is None:
        return None, problems
    try:
        document = split_front_matter(text)
    except YamlError as exc:
        return None, [Problem(shown, exc.line, exc.field, exc.message, exc.hint)]
    return SourceFile(path, shown, document.front_matter, document.body, document.body_line), []


def _video(value: str, content_root: Path, line: int,
           shown: str) -> tuple[VideoSource | None, list[Problem]]:
    if value.startswith(("http://", "https://")):
        if not value.startswith("https://"):
            return None, [Problem(shown, line, "video", "alamat video harus aman (https://)",
                                  "gunakan alamat yang diawali https://")]
        return VideoSource(url=value), []
    if value.startswith("s3:"):  # an original in the media bucket (kasdikdas/media/sources.py)
        if not re.fullmatch(r"s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[^\s]*[^\s/]|s3:(?!/)[^\s]*[^\s/]", value):
            return None, [Problem(shown, line, "video", f"`{value}` bukan alamat berkas di bucket",
                                  "tulis s3://nama-bucket/sumber/nama-berkas.mp4, atau s3:nama-berkas.mp4 "
                                  "untuk berkas di bucket video asli (KASDIKDAS_MEDIA_SOURCES)")]
        return VideoSource(url=value), []
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) and not re.match(r"^[A-Za-z]:[\\/]", value):
        return None, [Problem(shown, line, "video", f"`{value}` bukan path berkas atau alamat https",
                              "tulis path di bawah content/ atau alamat https://")]
    path, problems = check_content_file(value, "video", content_root, line, shown, "video")
    return (VideoSource(path=path) if path else None), problems


MAX_POSTER_PIXELS = 40_000_000  # 40 megapixels: any phone photo; decoding more costs GBs
MAX_CAPTIONS_BYTES = 1_000_000  # a minute of subtitles is a few KB


def picture_problems(path: Path, value: str, line: int, shown: str) -> list[Problem]:
    """A poster must be a picture Pillow can read (the share image and the video poster),
    of at most MAX_POSTER_PIXELS: its size is read from the header before decoding."""
    from PIL import Image

    try:
        with warnings.catch_warnings():  # the size is judged below, in the editor's words
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            width, height = image.size
            if width * height > MAX_POSTER_PIXELS:
                return [Problem(shown, line, "poster",
                                f"gambar poster `{value}` terlalu besar ({width}×{height} piksel, "
                                f"batas {MAX_POSTER_PIXELS // 1_000_000} megapiksel)",
                                "perkecil gambarnya, mis. lebar 1920 piksel, lalu salin lagi")]
            image.load()  # a full decode, as the poster step will do
    except Image.DecompressionBombError:  # over twice Pillow's own bound: refused by open()
        return [Problem(shown, line, "poster", f"gambar poster `{value}` terlalu besar "
                        f"(batas {MAX_POSTER_PIXELS // 1_000_000} megapiksel)",
                        "perkecil gambarnya, mis. lebar 1920 piksel, lalu salin lagi")]
    except Exception:  # Pillow raises many kinds for broken files
        return [Problem(shown, line, "poster", f"gambar poster `{value}` rusak atau bukan gambar",
                        "simpan ulang gambarnya sebagai JPEG, PNG atau WebP lalu salin lagi")]
    return []


def captions_problems(path: Path, value: str, line: int, shown: str) -> list[Problem]:
    """Captions are a WebVTT text file (`.vtt`, UTF-8, first line `WEBVTT`) of bounded
    size: anything else would be published as the video's subtitles."""
    def refuse(what: str, fix: str) -> list[Problem]:
        return [Problem(shown, line, "captions", f"berkas teks video `{value}` {what}", fix)]

    if not value.lower().endswith(".vtt"):
        return refuse("bukan berkas .vtt", "simpan teks video sebagai WebVTT (.vtt)")
    data, problems = read_bytes(path, shown, MAX_CAPTIONS_BYTES)
    if data is None:
        return refuse(f"terlalu besar atau tidak bisa dibaca ({problems[0].message})",
                      "teks video untuk satu klip hanya beberapa KB; periksa berkasnya")
    text, problems = decode_text(data, shown)
    if text is None or not re.match(r"WEBVTT(?:[ \t].*)?$", text.split("\n", 1)[0].rstrip("\r")) \
            or CONTROL_CHARS.search(text.replace("\r", "")):
        return refuse("bukan teks WebVTT", "baris pertama berkas harus `WEBVTT`; simpan sebagai teks UTF-8")
    return []


def build_showcase(source: SourceFile, registry: Registry, content_root: Path,
                   today: dt.date | None = None) -> tuple[Showcase | None, list[Problem]]:
    """Validate the front matter, judge it by every rule (showcase_rules.RULES) and
    resolve school, category and files; every problem of the file at once."""
    front, problems = _front_matter(source)
    if front is None:
        return None, problems
    draft = Draft(source.path, source.shown, source.front_matter, front, registry,
                  today or dt.date.today())
    problems = [problem for rule in RULES for problem in rule(draft)]
    video, video_problems = _video(front.video, content_root, draft.line("video"), draft.shown)
    files, file_problems = _extra_files(draft, content_root)
    problems += video_problems + file_problems + body_problems(source)
    innovation = None
    if front.innovation is not None:
        # A wrong video has its own problem; the evidence it gives is judged as written.
        innovation, innovation_problems = resolve_innovation(
            front, draft.fm, draft.shown, registry, content_root,
            video or VideoSource(path=front.video), draft.today)
        problems += innovation_problems
    if problems:
        return None, problems
    source_path = relative_posix(source.path, content_root)
    # No problem: the video was found; the file was read from under content/.
    assert video is not None and source_path is not None
    return Showcase(
        slug=draft.slug, title=front.title, date=front.date, school=registry.schools[front.school],
        category=CATEGORIES[front.category], video=video, summary=front.summary,
        tags=tuple(front.tags), source_path=source_path,
        poster=files.get("poster"), captions=files.get("captions"),
        social={k: str(v) for k, v in front.social if v is not None}, innovation=innovation,
        shown=draft.shown, lines=dict(draft.fm.lines),
    ), []


def _front_matter(source: SourceFile) -> tuple[FrontMatter | None, list[Problem]]:
    """The front matter as typed fields, or the problems of its form and types."""
    fm = source.front_matter
    if not isinstance(fm.data, dict):
        kind = "kosong" if fm.data is None else f"berupa {kind_of(fm.data)}"
        return None, [Problem(source.shown, 2, "front matter", f"front matter {kind}, bukan pasangan kunci: nilai",
                              "isi front matter dengan baris `kunci: nilai` seperti contoh dari `invoke new`")]
    try:
        return FrontMatter.model_validate(fm.data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, source.shown, fm, known_fields=KNOWN_FIELDS)


def _extra_files(draft: Draft, content_root: Path) -> tuple[dict[str, str], list[Problem]]:
    """The poster and captions a showcase names: inside content/, and what they claim."""
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for key, what, check in (("poster", "gambar poster", picture_problems),
                             ("captions", "berkas teks (WebVTT)", captions_problems)):
        value = getattr(draft.front, key)
        if value is None:
            continue
        path, file_problems = check_content_file(value, key, content_root, draft.line(key),
                                                 draft.shown, what)
        if path is not None:  # a path only when it has no problem
            found[key] = path
            file_problems = check(content_root / path, value, draft.line(key), draft.shown)
        problems += file_problems
    return found, problems


# Fifty list or quote markers opening one line: Markdown would recurse that deep
# (a few hundred crash it); no explanation needs more than three.
_DEEP_NESTING = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]*){50,}", re.MULTILINE)


def body_problems(source: SourceFile) -> list[Problem]:
    """The Markdown explanation must say something and hold no invisible control characters."""
    if not source.body.strip():
        return [Problem(source.shown, source.body_line, "isi", "penjelasan kiprah kosong",
                        "tulis beberapa kalimat di bawah baris `---` penutup: apa, siapa, dan mengapa")]
    placeholder = has_placeholder_body(source.body)
    if placeholder is not None:
        return [Problem(source.shown, source.body_line + placeholder, "isi",
                        "penjelasan masih teks contoh dari `invoke new`",
                        "ganti dengan penjelasan kiprah ini: apa kegiatannya, siapa yang terlibat, "
                        "dan mengapa penting bagi murid")]
    deep = _DEEP_NESTING.search(source.body)
    if deep:
        line = source.body_line + source.body.count("\n", 0, deep.start())
        return [Problem(source.shown, line, "isi",
                        "penjelasan bertingkat terlalu dalam (daftar atau kutipan di dalam daftar)",
                        "tulis penjelasan sebagai paragraf biasa atau daftar satu tingkat")]
    found = CONTROL_CHARS.search(source.body)
    if found:
        line = source.body_line + source.body.count("\n", 0, found.start())
        return [Problem(source.shown, line, "isi",
                        f"penjelasan memuat karakter kendali yang tak terlihat (U+{ord(found.group()):04X})",
                        "hapus lalu ketik ulang baris ini (jangan tempel dari dokumen lain)")]
    return []


def duplicate_slug_problems(showcases: list[tuple[str, Showcase]]) -> list[Problem]:
    """Two showcases must never share a URL. `showcases` holds (shown path, showcase)."""
    by_slug: defaultdict[str, list[str]] = defaultdict(list)
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


def unexpected_problem(path: Path, exc: Exception) -> Problem:
    """A last resort: an error in the checker itself, reported against the file."""
    return Problem(display_path(path), None, "berkas",
                   f"berkas ini tidak bisa diperiksa ({type(exc).__name__}: {exc})",
                   "ini kesalahan program, bukan kesalahan Anda; laporkan ke pengembang situs")
