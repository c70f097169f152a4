"""Where the media live: inside the site (output/media/, as always) or in an S3 bucket.

Configured like the other publishing targets, by environment variables or settings of
the same names (publishconf.py):

    KASDIKDAS_MEDIA_BUCKET   s3://bucket/prefix: the renditions, posters and captions
                             go under prefix/media/..., the live site's list under
                             prefix/_situs/; nothing else (the bucket holds only what the
                             live site may show)
    KASDIKDAS_MEDIA_URL      the public base URL of that prefix (the bucket's public
                             address or a CDN in front of it)
    KASDIKDAS_MEDIA_CACHE    s3://bucket/prefix of the shared encode cache, a PRIVATE
                             place (R2, B2 and GCS make a bucket public whole: a second
                             bucket there); unset, the encode cache is not shared
    KASDIKDAS_MEDIA_SOURCES  where `video: s3:NAME` points: s3://another-bucket/prefix, a
                             PRIVATE bucket (schools' originals may carry GPS; the media
                             bucket is public, and R2/B2/GCS make a bucket public whole)

The endpoint and credentials come from boto3's own chain (AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, or AWS_PROFILE / a
profile in ~/.aws), never from a file in the repository.

The bucket alone shares the encode cache (every build); pages point at the bucket only
when KASDIKDAS_MEDIA_URL is set too, which publishconf.py reads from the environment:
a development build keeps its media inside output/. Every URL of a medium goes
through `media_url` (templates: the `media_url` filter), so a medium is always
addressed as `<base>/<site-relative url>`, the base being the site or the bucket.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from jinja2 import pass_context

from kasdikdas.config import PhaseSettings


class MediaLocation(PhaseSettings):
    """The four settings of where the media live (see the module's doc)."""

    KASDIKDAS_MEDIA_BUCKET: str | None = None
    KASDIKDAS_MEDIA_URL: str | None = None
    KASDIKDAS_MEDIA_SOURCES: str | None = None
    KASDIKDAS_MEDIA_CACHE: str | None = None


NAMES = tuple(MediaLocation.model_fields)
LEGACY_CACHE_DIR = "_cache"  # where the shared cache used to live, inside the public prefix
PUBLIC_DIR = "media"  # the one public folder under the prefix (VIDEO_OUTPUT_DIR's default)
SITE_DIR = "_situs"  # the manifest of what the live site references


class LocationError(ValueError):
    pass


@dataclass(frozen=True)
class Bucket:
    name: str
    prefix: str  # "" or "a/b" (no slashes at either end)

    def key(self, relative: str) -> str:
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def relative(self, key: str) -> str:
        return key[len(self.prefix) + 1:] if self.prefix else key

    @property
    def url(self) -> str:
        return f"s3://{self.name}/{self.prefix}".rstrip("/")


def parse_bucket(value: str) -> Bucket:
    """`s3://bucket` or `s3://bucket/prefix/...` -> Bucket."""
    url = urlsplit(value.strip())
    if url.scheme != "s3" or not url.netloc:
        raise LocationError(f"`{value}` bukan alamat bucket; tulis s3://nama-bucket/awalan")
    return Bucket(url.netloc, url.path.strip("/"))


def configured(settings: dict, name: str) -> str | None:
    """A setting, else the environment variable of the same name; None when empty."""
    value = getattr(MediaLocation.read(settings), name)
    if value is None:
        value = os.environ.get(name)
    return value.strip() or None if isinstance(value, str) else value


def bucket_of(settings: dict) -> Bucket | None:
    value = configured(settings, "KASDIKDAS_MEDIA_BUCKET")
    return parse_bucket(value) if value else None


def media_base(settings: dict) -> str | None:
    """The public base URL of the media when pages point at the bucket, else None.
    Only the setting counts here (publishconf.py fills it from the environment)."""
    base = MediaLocation.read(settings).KASDIKDAS_MEDIA_URL
    if not base:
        return None
    if bucket_of(settings) is None:
        raise LocationError("KASDIKDAS_MEDIA_URL diisi tetapi KASDIKDAS_MEDIA_BUCKET tidak; "
                            "isi keduanya, atau kosongkan KASDIKDAS_MEDIA_URL")
    return parse_media_url(base)


# KASDIKDAS_MEDIA_URL lands in the CSP header, the nginx snippet and .htaccess: only
# scheme, host, port and a plain path get through, so no value can add a directive
# (`;`), a source (space), a policy (`,`), end a quoted string (`"`) or name a variable.
_URL_CHARS = re.compile(r"[A-Za-z0-9._~/:%-]")
_MEDIA_URL = re.compile(r"(?P<scheme>[a-z]+)://(?P<host>[^/:]*)(?::(?P<port>[^/]*))?"
                        r"(?P<path>/.*)?")
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_SEGMENT = re.compile(r"(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")  # plain http only there (a test's own server)
_MEDIA_URL_FORM = "tulis alamat seperti https://media.contoh.id/awalan"


def _media_url_problem(text: str) -> str | None:
    """What is wrong with a media base URL, in Indonesian; None when it is sound."""
    stray = next((c for c in text if not _URL_CHARS.fullmatch(c)), None)
    if stray is not None:
        shown = repr(stray) if stray.isspace() or not stray.isprintable() else f"`{stray}`"
        return (f"memuat {shown}; hanya skema, host dan path yang boleh (tanpa spasi, "
                "titik koma, tanda kutip, ?kueri, #fragmen atau nama pengguna)")
    match = _MEDIA_URL.fullmatch(text.lower())
    if match is None:
        return "harus alamat lengkap (https://...)"
    scheme, host, port = match["scheme"], match["host"], match["port"]
    if scheme not in ("https", "http") or (scheme == "http" and host not in LOOPBACK_HOSTS):
        return "harus memakai https://"
    if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in host.split(".")):
        return f"host `{host}` tidak sah"
    if port is not None and not (re.fullmatch(r"[1-9][0-9]{0,4}", port) and int(port) <= 65535):
        return f"port `{port}` tidak sah; tulis angka 1–65535 atau hapus"
    segments = (match["path"] or "").rstrip("/").split("/")[1:]
    if any(s in (".", "..") or not _SEGMENT.fullmatch(s) for s in segments):
        return "path-nya tidak sah (bagian kosong, `.`/`..` atau % tanpa dua digit heksa)"
    return None


def parse_media_url(value: str) -> str:
    """The media base URL, checked strictly (scheme, host, optional port and path;
    nothing else) and without a trailing slash; LocationError says what is wrong."""
    text = value.strip()
    problem = _media_url_problem(text)
    if problem:
        raise LocationError(f"KASDIKDAS_MEDIA_URL `{text}` {problem} — {_MEDIA_URL_FORM}")
    scheme, rest = text.split("://", 1)
    host, _, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}/{path}".rstrip("/")


def offloaded(settings: dict) -> bool:
    return media_base(settings) is not None


def media_origin(settings: dict) -> str | None:
    """`scheme://host[:port]` of the media (the host pages may name); None inside the site."""
    base = media_base(settings)
    if base is None:
        return None
    url = urlsplit(base)
    return f"{url.scheme}://{url.netloc}"


def media_csp_source(settings: dict) -> str | None:
    """The CSP source of the media: the base URL with its path and a final slash, so on
    a shared host (`https://storage.googleapis.com/bucket/`) only this bucket's prefix
    is allowed, not every bucket; None inside the site."""
    base = media_base(settings)
    return None if base is None else f"{base}/"


def cache_location(settings: dict) -> Bucket | None:
    """Where the shared encode cache lives: KASDIKDAS_MEDIA_CACHE only, never a default
    inside the media bucket, and never inside what the media bucket publishes."""
    value = configured(settings, "KASDIKDAS_MEDIA_CACHE")
    if not value:
        return None
    cache, media = parse_bucket(value), bucket_of(settings)
    if media is not None and cache.name == media.name:
        public = media.key(PUBLIC_DIR)
        if cache.prefix == media.prefix or f"{cache.prefix}/".startswith(f"{public}/"):
            raise LocationError(f"KASDIKDAS_MEDIA_CACHE `{value}` menunjuk ke bagian publik bucket "
                                f"media; tulis bucket pribadi lain, mis. s3://{media.name}-cache/"
                                f"{media.prefix or 'situs'}")
    return cache


def sources_location(settings: dict) -> Bucket | None:
    """Where `video: s3:NAME` is looked up: KASDIKDAS_MEDIA_SOURCES only. Never a
    default inside the media bucket, which is readable by anyone."""
    value = configured(settings, "KASDIKDAS_MEDIA_SOURCES")
    return parse_bucket(value) if value else None


def media_url(settings: dict, url: str, siteurl: str | None = None) -> str:
    """The URL of a medium (`url` site-relative, e.g. media/<slug>/<file>): under the
    media base when offloaded, else under `siteurl` (the page's SITEURL)."""
    if url.startswith(("https://", "http://")):
        return url
    base = media_base(settings)
    if base is None:
        base = settings.get("SITEURL", "") if siteurl is None else siteurl
    return f"{base}/{url.lstrip('/')}"


@pass_context
def media_url_filter(context, url: str, from_root: bool = False) -> str:
    """Jinja: `{{ media.poster_webp|media_url }}`, under the page's SITEURL when not
    offloaded; `media_url(from_root=true)` leaves it relative to the site root then."""
    if from_root and media_base(context) is None:
        return url
    return media_url(context, url, context.get("SITEURL", ""))


def add_filter(settings: dict) -> None:
    settings.setdefault("JINJA_FILTERS", {})["media_url"] = media_url_filter
