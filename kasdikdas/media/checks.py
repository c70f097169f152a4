"""Video rules as editors read them: pure functions of a showcase and what was found
about its video (a probe, a size, a download error), each returning a Problem or None.

`inspect.py` runs them over every showcase; `invoke check` and the build both go
through it (kasdikdas.validate). Every problem names the showcase file, the line and
the field (`video`, or `captions`).
"""

from __future__ import annotations

from pathlib import Path

from kasdikdas.idformat import angka, durasi, ukuran
from kasdikdas.model.problems import Problem

from .formats import ACCEPTED, VIDEO_SUFFIXES
from .settings import VideoSettings


def _name(showcase) -> str:
    return showcase.video.url or showcase.video.path


def _problem(showcase, message: str, hint: str, field: str = "video") -> Problem:
    return Problem(showcase.shown, showcase.line_of(field), field, message, hint)


def _seconds(value: float) -> str:
    return f"{angka(value, 1)} detik"


def suffix_problem(showcase) -> Problem | None:
    """A file under content/ must be named as a video (formats.VIDEO_SUFFIXES): a
    playlist (.m3u8), a concat list or a picture is refused before ffmpeg opens it."""
    if showcase.video.is_remote:  # a link's name proves nothing; its probed container does
        return None
    suffix = Path(showcase.video.path).suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return None
    return _problem(showcase,
                    f"`{_name(showcase)}` bukan berkas video yang diterima "
                    f"(jenis `{suffix or 'tanpa akhiran'}`)",
                    f"simpan video asli dari ponsel ({ACCEPTED}); daftar putar (.m3u8), daftar "
                    "sambungan dan gambar tidak diterima")


def size_problem(showcase, size: int, settings) -> Problem | None:
    limit = VideoSettings.read(settings).VIDEO_MAX_SOURCE_BYTES
    if size <= limit:
        return None
    return _problem(showcase,
                    f"video `{_name(showcase)}` terlalu besar ({ukuran(size)}; batas {ukuran(limit)})",
                    "minta sekolah mengirim video beresolusi lebih kecil (mis. 1080p atau 720p)")


def fetch_problem(showcase, error, settings) -> Problem:
    if error.kind == "too_large":
        return _problem(showcase,
                        f"video di `{_name(showcase)}` terlalu besar ({error.detail}; batas "
                        f"{ukuran(VideoSettings.read(settings).VIDEO_MAX_SOURCE_BYTES)})",
                        "tautkan berkas yang lebih kecil atau simpan video di content/videos/")
    if getattr(showcase.video, "in_bucket", False):
        return _problem(showcase,
                        f"video di `{_name(showcase)}` tidak bisa diambil dari bucket: {error.detail}",
                        "periksa nama berkasnya di bucket video asli, folder sumber "
                        "(s3cmd ls atau konsol penyedia), dan kunci akses AWS_* di komputer ini; "
                        "lihat docs/panduan-editor.md")
    if error.hint:  # a share link or a web page: its provider says what to do
        verb = "tidak diunduh" if error.kind in ("refused", "web_page") else "tidak bisa diunduh"
        return _problem(showcase, f"video di `{_name(showcase)}` {verb}: {error.detail}", error.hint)
    if error.kind == "refused":
        return _problem(showcase, f"video di `{_name(showcase)}` tidak diunduh: {error.detail}",
                        "tautkan alamat https publik yang langsung mengunduh berkas video (bukan "
                        "alamat di jaringan kantor atau komputer sendiri); atau simpan videonya "
                        "di content/videos/")
    return _problem(showcase,
                    f"video di `{_name(showcase)}` tidak bisa diunduh: {error.detail}",
                    "buka alamatnya di peramban: harus langsung mengunduh berkas video tanpa login; "
                    "atau simpan videonya di content/videos/")


def probe_problem(showcase, error) -> Problem:
    name = _name(showcase)
    if error.kind == "not_video":
        return _problem(showcase, f"`{name}` bukan berkas video",
                        f"tautkan berkas video asli dari ponsel ({ACCEPTED})")
    if error.kind == "container":
        return _problem(showcase,
                        f"`{name}` bukan berkas video biasa (ffmpeg membacanya sebagai "
                        f"`{error.detail.split(',')[0] or '?'}`: daftar putar, daftar sambungan atau gambar)",
                        f"tautkan berkas video asli dari ponsel ({ACCEPTED}), bukan daftar yang "
                        "menunjuk ke berkas lain")
    if error.kind == "too_slow":
        return _problem(showcase,
                        f"video `{name}` terlalu lama dibaca ffmpeg (lebih dari {error.detail} "
                        "detik); berkasnya kemungkinan rusak atau dibuat khusus",
                        "minta sekolah mengirim ulang berkas asli dari ponsel; bila komputer ini "
                        "sedang sangat sibuk, jalankan pemeriksaan sekali lagi")
    if error.kind == "no_video_stream":
        return _problem(showcase, f"`{name}` tidak berisi gambar video (hanya suara/data)",
                        f"tautkan berkas video yang ada gambarnya ({ACCEPTED})")
    return _problem(showcase, f"video `{name}` rusak atau terpotong; ffmpeg tidak bisa membacanya",
                    "minta sekolah mengirim ulang berkas aslinya (jangan lewat WhatsApp bila bisa)")


def duration_problem(showcase, probe, settings) -> Problem | None:
    video = VideoSettings.read(settings)
    low, high = video.VIDEO_MIN_SECONDS, video.VIDEO_MAX_SECONDS
    slack = video.VIDEO_TOLERANCE_SECONDS
    seconds = probe.duration
    if low - slack <= seconds <= high + slack:  # the common case: no number formatted
        return None
    rule = f"aturan Kas Dikdas {angka(low)}–{angka(high)} detik"
    if seconds < low - slack:
        return _problem(showcase,
                        f"video hanya {durasi(seconds)} ({_seconds(seconds)}), terlalu pendek; {rule}",
                        f"minta sekolah mengirim video paling sedikit {angka(low)} detik")
    if seconds > high + slack:
        return _problem(showcase,
                        f"video berdurasi {durasi(seconds)} ({_seconds(seconds)}), terlalu panjang; {rule}",
                        f"potong video menjadi paling lama {angka(high)} detik")
    return None


# The text pipeline.run_jobs reports for a clip whose encode hit the time limit
# (encode.py); encode_problem turns it into the editor's message.
TIME_LIMIT = "batas waktu ffmpeg"


def encode_problem(showcase, error: str) -> Problem:
    detail = " ".join(error.split())[:300]
    if detail.startswith(TIME_LIMIT):
        return _problem(showcase,
                        f"video `{_name(showcase)}` terlalu lama diubah ke ukuran hemat ({detail}); "
                        "berkasnya kemungkinan rusak atau dibuat khusus",
                        "minta sekolah mengirim ulang berkas asli dari ponsel; bila komputer ini "
                        "sedang sangat sibuk, jalankan build sekali lagi")
    return _problem(showcase,
                    f"video `{_name(showcase)}` tidak bisa diubah ke ukuran hemat: {detail}",
                    "kemungkinan berkasnya rusak di tengah; minta sekolah mengirim ulang berkas aslinya")


def captions_problem(showcase, content_root: Path) -> Problem | None:
    """A captions file must be WebVTT (it is published as it is, next to the video)."""
    if not showcase.captions:
        return None
    head = (Path(content_root) / showcase.captions).read_bytes()[:16].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"WEBVTT"):
        return None
    return _problem(showcase, f"`{showcase.captions}` bukan berkas WebVTT",
                    "simpan teks video sebagai .vtt yang baris pertamanya `WEBVTT`", "captions")
