"""Share links of cloud drives in a `video:` line (Google Drive, Dropbox, OneDrive and
SharePoint, social media): the one table of providers, by host and path shape. A link is
fetched by its provider's direct-download form, or refused saying what to do instead."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .cache import MediaCache
from .fetch import WEB_PAGE, FetchError, download
from .settings import VideoSettings

# How an editor adds a clip that no link can deliver (one place, said by several refusals).
STORE_IT = ("tambahkan dengan `invoke video --kiprah content/kiprah/NAMA.md --berkas VIDEO.mp4` "
            "(masuk ke bucket video asli bila ada, selain itu ke content/videos/; lihat "
            "docs/panduan-editor.md)")
ADD_IT_YOURSELF = f"unduh videonya, lalu {STORE_IT}"
SHARE_IT_AGAIN = ("atau minta sekolah membagikannya sebagai tautan Google Drive "
                  "(\"Siapa saja yang memiliki link\") atau Dropbox")
GENERIC_PAGE_HINT = ("tautkan alamat yang langsung mengunduh berkas video (dibuka di peramban, "
                     "berkasnya langsung terunduh, bukan halaman pemutar); tautan berbagi "
                     f"Google Drive, Dropbox dan SharePoint dikenali sendiri; atau {ADD_IT_YOURSELF}")
STATUSES_OF_ACCESS = (401, 403, 404)  # a provider says so for a file not shared with everyone


@dataclass(frozen=True)
class Link:
    """What to download for a `video:` link, and what to say if it answers a web page."""

    url: str
    provider: str = ""
    page_detail: str = WEB_PAGE
    page_hint: str = GENERIC_PAGE_HINT


def refuse(detail: str, hint: str) -> FetchError:
    return FetchError("refused", detail, hint)


def _with_query(parts, **changes: str) -> str:
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in changes]
    return urlunsplit((parts.scheme, parts.netloc, parts.path,
                       urlencode(query + list(changes.items())), ""))


# --- Google Drive ----------------------------------------------------------------------

DRIVE_DOWNLOAD = "https://drive.usercontent.google.com/download"
_DRIVE_FILE = re.compile(r"/file/(?:u/\d+/)?d/([A-Za-z0-9_-]{10,})(?:/|$)")
_DRIVE_FOLDER = re.compile(r"/(?:drive/(?:u/\d+/)?folders/|(?:embedded)?folderview)")
_GOOGLE_DOCUMENT = re.compile(r"/(document|spreadsheets|presentation|forms|drawings)/")
_DRIVE_ID = re.compile(r"[A-Za-z0-9_-]{10,}")
DRIVE_SHARING = ("di Google Drive klik kanan videonya → Bagikan → Akses umum: pilih \"Siapa "
                 "saja yang memiliki link\" (Pelihat), lalu salin link-nya")


def _drive(parts) -> str:
    """drive.google.com/file/d/ID/view, /open?id=ID, /uc?id=ID, docs.google.com/file/d/ID,
    drive.usercontent.google.com/download?id=ID → the download form (`confirm=t`: no
    "cannot scan for viruses" page for a large file)."""
    query = dict(parse_qsl(parts.query))
    if _DRIVE_FOLDER.match(parts.path):
        raise refuse("tautan Google Drive ini menunjuk ke folder, bukan ke satu berkas video",
                     "buka foldernya, klik kanan videonya → Bagikan → Salin link, dan tulis "
                     "link berkas itu (satu kiprah, satu video)")
    if _GOOGLE_DOCUMENT.match(parts.path):
        raise refuse("tautan ini membuka dokumen Google (Dokumen, Spreadsheet, Slide atau "
                     "Formulir), bukan berkas video",
                     "tulis link berkas videonya sendiri di Google Drive (klik kanan → Bagikan → "
                     "Salin link)")
    found = _DRIVE_FILE.match(parts.path)
    file_id = found.group(1) if found else query.get("id", "")
    if not _DRIVE_ID.fullmatch(file_id):
        raise refuse("tautan Google Drive ini tidak menunjuk ke satu berkas",
                     f"{DRIVE_SHARING}; link berkas berbentuk "
                     "https://drive.google.com/file/d/…/view")
    direct = {"id": file_id, "export": "download", "confirm": "t"}
    if query.get("resourcekey"):  # files shared before 2021 need their key
        direct["resourcekey"] = query["resourcekey"]
    return f"{DRIVE_DOWNLOAD}?{urlencode(direct)}"


# --- Dropbox ---------------------------------------------------------------------------

_DROPBOX_FILE = re.compile(r"/(?:s|scl/fi)/[^/]+/[^/]+$")
_DROPBOX_FOLDER = re.compile(r"/(?:sh|scl/fo)/")


def _dropbox(parts) -> str:
    """/s/KEY/name?dl=0, /scl/fi/KEY/name?rlkey=…&dl=0 → the same with dl=1 (Dropbox's
    "force a download"; rlkey and the rest kept)."""
    if _DROPBOX_FOLDER.match(parts.path):
        raise refuse("tautan Dropbox ini menunjuk ke folder, bukan ke satu berkas video",
                     "buka foldernya, pilih videonya → Bagikan → Salin tautan, dan tulis tautan "
                     "berkas itu")
    if not _DROPBOX_FILE.match(parts.path):
        raise refuse("alamat Dropbox ini bukan tautan berbagi sebuah berkas",
                     "di Dropbox pilih videonya → Bagikan → Salin tautan; tautannya berbentuk "
                     "https://www.dropbox.com/scl/fi/…")
    return _with_query(parts, dl="1")


# --- OneDrive and SharePoint -----------------------------------------------------------

_SHAREPOINT_LINK = re.compile(r"/:([a-z]):/")
_SHAREPOINT_FILE_KINDS = ("v", "u")  # video, and "other" (a video of an unknown type)
SHAREPOINT_SHARING = ("bagikan ulang videonya dengan \"Siapa saja yang memiliki tautan\" "
                      "(tanpa \"Blokir unduhan\") lalu salin tautannya lagi; bila organisasi "
                      f"tidak mengizinkannya, {ADD_IT_YOURSELF}, {SHARE_IT_AGAIN}")


def _onedrive(parts) -> str:
    """OneDrive for home (1drv.ms, onedrive.live.com) offers no download address that
    works without signing in: refused, saying what to do."""
    raise refuse("tautan OneDrive membuka halaman web, dan OneDrive tidak menyediakan alamat "
                 "unduhan langsung tanpa login",
                 f"{ADD_IT_YOURSELF}; {SHARE_IT_AGAIN}")


def _sharepoint(parts) -> str:
    """*.sharepoint.com/:v:/… (OneDrive for work or school) → the same with download=1."""
    kind = _SHAREPOINT_LINK.match(parts.path)
    if kind and kind.group(1) == "f":
        raise refuse("tautan SharePoint/OneDrive ini menunjuk ke folder, bukan ke satu berkas video",
                     "buka foldernya, pilih videonya → Bagikan → Salin tautan, dan tulis tautan "
                     "berkas itu")
    if kind and kind.group(1) not in _SHAREPOINT_FILE_KINDS:
        raise refuse("tautan SharePoint/OneDrive ini menunjuk ke dokumen, bukan ke berkas video",
                     "tulis tautan berbagi videonya sendiri (pilih videonya → Bagikan → Salin tautan)")
    if kind is None and not parts.path.endswith("/download.aspx"):
        raise refuse("alamat SharePoint/OneDrive ini bukan tautan berbagi sebuah berkas",
                     "pilih videonya → Bagikan → Salin tautan; tautannya berbentuk "
                     "https://….sharepoint.com/:v:/…")
    return _with_query(parts, download="1")


def _social(parts) -> str:
    raise refuse(f"`{parts.hostname}` adalah halaman media sosial, bukan berkas video",
                 "tautan media sosial ditulis di `social:`; untuk `video:` minta berkas asli "
                 f"dari sekolah, lalu {STORE_IT}")


# --- the table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    name: str
    hosts: re.Pattern  # full match on the lower-case host name
    direct: Callable  # urlsplit parts -> the direct-download URL, or raises FetchError
    page_detail: str = WEB_PAGE  # when the direct form still answers a web page
    page_hint: str = GENERIC_PAGE_HINT


PROVIDERS = (
    Provider("Google Drive", re.compile(r"(drive|docs|drive\.usercontent)\.google\.com"), _drive,
             "Google Drive menjawab dengan halaman web, bukan berkas video; berkasnya kemungkinan "
             "belum dibagikan ke \"Siapa saja yang memiliki link\"",
             f"{DRIVE_SHARING} (link-nya tetap sama) dan periksa lagi; bila sudah dibagikan, "
             "Google bisa menahan berkas yang terlalu sering "
             f"diunduh selama sehari: coba lagi besok, atau {ADD_IT_YOURSELF}"),
    Provider("Dropbox", re.compile(r"(www\.)?dropbox\.com"), _dropbox,
             "Dropbox menjawab dengan halaman web, bukan berkas video; tautannya kemungkinan "
             "sudah dihapus, kedaluwarsa atau dilindungi kata sandi",
             "buka tautannya di peramban tanpa login; bila tidak terbuka, buat tautan baru di "
             f"Dropbox (pilih videonya → Bagikan → Salin tautan); atau {ADD_IT_YOURSELF}"),
    Provider("OneDrive", re.compile(r"1drv\.ms|onedrive\.live\.com"), _onedrive),
    Provider("SharePoint", re.compile(r"[a-z0-9-]+\.sharepoint\.com"), _sharepoint,
             "SharePoint/OneDrive menjawab dengan halaman web (biasanya halaman masuk), bukan "
             "berkas video; tautannya hanya untuk orang di organisasi atau orang tertentu",
             SHAREPOINT_SHARING),
    Provider("media sosial", re.compile(r"((www|m|vt|web)\.)?(youtube\.com|youtu\.be|instagram\.com|"
                                        r"tiktok\.com|facebook\.com|fb\.watch)"), _social),
)


def provider_of(url: str) -> Provider | None:
    host = (urlsplit(url).hostname or "").lower()
    return next((p for p in PROVIDERS if p.hosts.fullmatch(host)), None)


def direct_link(url: str) -> Link:
    """What to download for `url`: a share link's direct form, or `url` itself. A link
    that cannot lead to one video file raises FetchError("refused", …, hint)."""
    provider = provider_of(url)
    if provider is None:
        return Link(url)
    return Link(provider.direct(urlsplit(url)), provider.name, provider.page_detail,
                provider.page_hint)


def download_link(url: str, cache: MediaCache, settings: dict) -> Path:
    """The cached copy of the video at `url` (a share link fetched by its direct form),
    with every rule of fetch.download; a web page is refused saying what to do."""
    link, video = direct_link(url), VideoSettings.read(settings)
    try:
        return download(link.url, cache, video.VIDEO_DOWNLOAD_TIMEOUT,
                        video.VIDEO_MAX_SOURCE_BYTES, video.VIDEO_DOWNLOAD_MAX_SECONDS,
                        video.VIDEO_DOWNLOAD_CONNECT_TIMEOUT,
                        video.VIDEO_DOWNLOAD_ALLOW_LOOPBACK is True,
                        video.VIDEO_DOWNLOAD_TEST_HOSTS or None)
    except FetchError as exc:
        no_access = link.provider and exc.status in STATUSES_OF_ACCESS
        if exc.kind == "web_page" or no_access:
            detail = link.page_detail if exc.kind == "web_page" else exc.detail
            raise FetchError(exc.kind, detail, link.page_hint, exc.status) from None
        raise
