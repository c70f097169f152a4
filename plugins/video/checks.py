"""Video problems as editors read them (kiprah's Problem), for `invoke check` and the build.

    check_videos(showcases, content_root, settings) -> list[Problem]

reports, per showcase, a video that cannot be downloaded, is larger than
VIDEO_MAX_SOURCE_BYTES, is unreadable, is not a video, has no picture, or lasts
outside VIDEO_MIN_SECONDS–VIDEO_MAX_SECONDS (± VIDEO_TOLERANCE_SECONDS). Every
problem names the showcase file, the line and the field `video`.
"""

from __future__ import annotations

from pathlib import Path

from id_format import angka, durasi, ukuran
from kiprah.problems import Problem
from kiprah.registry import display_path
from kiprah.showcase import read_source

from .settings import apply_defaults

ACCEPTED = "mp4, mov, 3gp, webm atau mkv"


def where(showcase, content_root: Path, field: str = "video") -> tuple[str, int | None]:
    """The showcase file as editors see it, and the line of `field` in its front matter."""
    path = Path(content_root) / showcase.source_path
    source, _ = read_source(path)
    line = source.front_matter.line_of((field,)) if source is not None else None
    return display_path(path), line


def _name(showcase) -> str:
    return showcase.video.url or showcase.video.path


def _problem(showcase, content_root, message: str, hint: str) -> Problem:
    shown, line = where(showcase, content_root)
    return Problem(shown, line, "video", message, hint)


def _seconds(value: float) -> str:
    return f"{angka(value, 1)} detik"


def size_problem(showcase, content_root, path: Path, settings) -> Problem | None:
    size = path.stat().st_size
    limit = settings["VIDEO_MAX_SOURCE_BYTES"]
    if size <= limit:
        return None
    return _problem(showcase, content_root,
                    f"video `{_name(showcase)}` terlalu besar ({ukuran(size)}; batas {ukuran(limit)})",
                    "minta sekolah mengirim video beresolusi lebih kecil (mis. 1080p atau 720p)")


def fetch_problem(showcase, content_root, error, settings) -> Problem:
    if error.kind == "too_large":
        return _problem(showcase, content_root,
                        f"video di `{_name(showcase)}` terlalu besar ({error.detail}; batas "
                        f"{ukuran(settings['VIDEO_MAX_SOURCE_BYTES'])})",
                        "tautkan berkas yang lebih kecil atau simpan video di content/videos/")
    return _problem(showcase, content_root,
                    f"video di `{_name(showcase)}` tidak bisa diunduh: {error.detail}",
                    "buka alamatnya di peramban: harus langsung mengunduh berkas video tanpa login; "
                    "atau simpan videonya di content/videos/")


def probe_problem(showcase, content_root, error) -> Problem:
    name = _name(showcase)
    if error.kind == "not_video":
        return _problem(showcase, content_root, f"`{name}` bukan berkas video",
                        f"tautkan berkas video asli dari ponsel ({ACCEPTED})")
    if error.kind == "no_video_stream":
        return _problem(showcase, content_root, f"`{name}` tidak berisi gambar video (hanya suara/data)",
                        f"tautkan berkas video yang ada gambarnya ({ACCEPTED})")
    return _problem(showcase, content_root, f"video `{name}` rusak atau terpotong; ffmpeg tidak bisa membacanya",
                    "minta sekolah mengirim ulang berkas aslinya (jangan lewat WhatsApp bila bisa)")


def duration_problem(showcase, content_root, probe, settings) -> Problem | None:
    low, high = settings["VIDEO_MIN_SECONDS"], settings["VIDEO_MAX_SECONDS"]
    slack = settings["VIDEO_TOLERANCE_SECONDS"]
    seconds = probe.duration
    rule = f"aturan Kas Dikdas {angka(low)}–{angka(high)} detik"
    if seconds < low - slack:
        return _problem(showcase, content_root,
                        f"video hanya {durasi(seconds)} ({_seconds(seconds)}), terlalu pendek; {rule}",
                        f"minta sekolah mengirim video paling sedikit {angka(low)} detik")
    if seconds > high + slack:
        return _problem(showcase, content_root,
                        f"video berdurasi {durasi(seconds)} ({_seconds(seconds)}), terlalu panjang; {rule}",
                        f"potong video menjadi paling lama {angka(high)} detik")
    return None


def encode_problem(showcase, content_root, error: str) -> Problem:
    detail = " ".join(error.split())[:300]
    return _problem(showcase, content_root,
                    f"video `{_name(showcase)}` tidak bisa diubah ke ukuran hemat: {detail}",
                    "kemungkinan berkasnya rusak di tengah; minta sekolah mengirim ulang berkas aslinya")


def poster_problem(showcase, content_root: Path) -> Problem | None:
    """An editor's `poster:` must be an image Pillow can read (it is re-encoded, never
    published as it is)."""
    if not getattr(showcase, "poster", None):
        return None
    from PIL import Image

    from .poster import open_image

    try:
        open_image(Path(content_root) / showcase.poster)
    except (OSError, ValueError, Image.DecompressionBombError):
        shown, line = where(showcase, content_root, "poster")
        return Problem(shown, line, "poster", f"`{showcase.poster}` bukan gambar yang bisa dibaca",
                       "pakai foto JPEG, PNG atau WebP yang utuh, atau hapus baris poster "
                       "agar sampul diambil dari video")
    return None


def captions_problem(showcase, content_root: Path) -> Problem | None:
    """A captions file must be WebVTT (it is published as it is, next to the video)."""
    if not getattr(showcase, "captions", None):
        return None
    head = (Path(content_root) / showcase.captions).read_bytes()[:16].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"WEBVTT"):
        return None
    shown, line = where(showcase, content_root, "captions")
    return Problem(shown, line, "captions", f"`{showcase.captions}` bukan berkas WebVTT",
                   "simpan teks video sebagai .vtt yang baris pertamanya `WEBVTT`")


def check_videos(showcases, content_root: Path, settings: dict | None = None) -> list[Problem]:
    """Every video problem of these showcases (downloads linked videos into the cache)."""
    from .pipeline import inspect_sources

    settings = apply_defaults(dict(settings or {}))
    _, problems = inspect_sources(showcases, Path(content_root), settings)
    return problems
