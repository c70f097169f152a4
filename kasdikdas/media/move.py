"""`invoke pindah-video`: every source video under content/videos/ (not the generated
samples) goes into the private source bucket; the `video:` line of each showcase that
used it is rewritten (nothing else), and the file is removed. A second run finds nothing
to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kasdikdas.samples import SAMPLES
from kasdikdas.model.yamlfm import YamlError, split_front_matter
from kasdikdas.video_line import VideoLineError, set_video

from .formats import VIDEO_SUFFIXES
from .intake import IntakeError, check_clip
from .location import sources_location
from .store import StoreError
from .upload import upload_source

NO_BUCKET = ("KASDIKDAS_MEDIA_SOURCES belum diatur: video tidak dipindahkan — isi "
             "KASDIKDAS_MEDIA_SOURCES=s3://bucket-pribadi/awalan (bucket video asli) dan kunci "
             "aksesnya (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), lihat "
             "docs/panduan-editor.md")


class MoveError(Exception):
    pass


@dataclass
class MoveReport:
    moved: list[tuple[str, str]] = field(default_factory=list)  # (videos/x.mp4, s3:name)
    rewritten: list[str] = field(default_factory=list)  # showcases, relative to content/
    problems: list[str] = field(default_factory=list)  # files left where they are, and why


def source_videos(content: Path) -> list[Path]:
    """The video files under content/videos/ an editor put there: not the samples."""
    folder = content / "videos"
    samples = {sample.name for sample in SAMPLES}
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()
                  and p.suffix.lower() in VIDEO_SUFFIXES
                  and not (p.parent == folder and p.name in samples))


def _key(path: Path) -> str:
    return str(path.resolve())


def _front_matter(path: Path) -> dict | None:
    """The front matter, {} without one, None when it cannot be read (broken YAML)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        data = split_front_matter(text).front_matter.data
    except YamlError:
        return None
    return data if isinstance(data, dict) else {}


def _strings(value):
    """Every text inside a front-matter value (lists and blocks walked)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _named(content: Path, value: str) -> str | None:
    """The resolved file a front-matter path names, None for a URL or bucket object."""
    if value.startswith(("s3:", "https://", "http://")) or not value.strip():
        return None
    try:
        return _key(content / value.replace("\\", "/"))
    except (OSError, ValueError):
        return None


UNREADABLE = "(tidak bisa dibaca)"


def _kept(relative: str, others: list[str]) -> str:
    """Why a file stays: a showcase names it elsewhere than `video:`, or cannot be read."""
    if any(name.endswith(UNREADABLE) for name in others):
        fix = "perbaiki kiprah itu dulu (`invoke check` menunjukkan masalahnya), lalu jalankan lagi"
    else:
        fix = "tulis sebutan itu sebagai video kiprah (kosongkan `document`), lalu jalankan lagi"
    return (f"content/{relative}: berkas: juga disebut di luar baris `video:` "
            f"({'; '.join(others)}); tidak dipindahkan — {fix}")


def _unreadable(path: Path, relative: str, content: Path, others: dict) -> None:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return
    for video in source_videos(content):
        if video.name in text:
            others.setdefault(_key(video), []).append(f"{relative} {UNREADABLE}")


def references(content: Path, showcases: list[str]) -> tuple[dict, dict]:
    """({file: showcases whose `video:` names it}, {file: showcases naming it in another
    field, e.g. as innovation evidence}), files resolved under content/."""
    users: dict[str, list[Path]] = {}
    others: dict[str, list[str]] = {}
    for relative in showcases:
        path = content / relative
        data = _front_matter(path)
        if data is None:  # unreadable: whatever it names stays until it is fixed
            _unreadable(path, relative, content, others)
            continue
        for key, value in data.items():
            for text in _strings(value):
                named = _named(content, text)
                if named is None:
                    continue
                if key == "video" and text == value:
                    users.setdefault(named, []).append(path)
                else:
                    others.setdefault(named, []).append(relative)
    return users, others


def _rewrite(users: list[Path], value: str, content: Path, report: MoveReport) -> bool:
    """Point every user at `value`; False (the file stays) when one cannot be rewritten."""
    whole = True
    for showcase in users:
        shown = showcase.relative_to(content).as_posix()
        try:
            if set_video(showcase, value):
                report.rewritten.append(shown)
        except (OSError, VideoLineError) as exc:
            report.problems.append(f"content/{shown}: video: {exc} — tulis `video: {value}` "
                                   "sendiri, lalu jalankan lagi")
            whole = False
    return whole


def move_videos(settings: dict, showcases: list[str], stream=None) -> MoveReport:
    """Move every editor's video under content/videos/ into the source bucket."""
    bucket = sources_location(settings)
    if bucket is None:
        raise MoveError(NO_BUCKET)
    content = Path(settings["PATH"])
    users, mentions = references(content, showcases)
    report = MoveReport()
    for path in source_videos(content):
        relative = path.relative_to(content).as_posix()
        if others := mentions.get(_key(path)):
            report.problems.append(_kept(relative, sorted(set(others))))
            continue
        try:
            sha256 = check_clip(path, settings)
            sent = upload_source(path, sha256, bucket, stream=stream)
        except (IntakeError, StoreError) as exc:
            report.problems.append(str(exc))
            continue
        if _rewrite(users.get(_key(path), []), f"s3:{sent.key}", content, report):
            path.unlink()  # every user now reads the bucket's copy
            report.moved.append((relative, f"s3:{sent.key}"))
    return report
