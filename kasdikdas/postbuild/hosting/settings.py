"""The settings of the hosting plugin, in one place; publishconf.py may override any.

One set of rules feeds every host format (`_headers`, `.htaccess`, the nginx snippet in
docs/hosting.md), so the three can never say different things.
"""

from __future__ import annotations

from kasdikdas.config import IMMUTABLE_CACHE, PhaseSettings


class HostingSettings(PhaseSettings):
    """Every HOSTING_* setting (see the module's doc)."""

    # Which host configuration files to write into the output folder; publishconf.py
    # names ("_headers", ".htaccess"), a development build none.
    HOSTING_FILES: tuple[str, ...] = ()
    # Content-Security-Policy, directive -> sources. The site has no inline script; its
    # one inline style (the whole stylesheet, postbuild/assets.py) is allowed by its hash,
    # which the build adds from HOSTING_CSP_HASHES; never 'unsafe-inline'. Pagefind's
    # search needs WebAssembly and the service worker needs worker-src.
    HOSTING_CSP: dict[str, list[str]] = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    # Hash sources added to HOSTING_CSP's directives, computed by the build
    # (postbuild/assets.py: {"style-src": ["'sha256-…'"]}); empty: none.
    HOSTING_CSP_HASHES: dict[str, list[str]] = {}
    # Sent with every response, next to the CSP. Permissions-Policy: no page of the site
    # (nor /admin/) uses a camera, microphone, location, payment or sensor, so none may;
    # only the video player's full screen and picture-in-picture, for the site itself.
    HOSTING_SECURITY_HEADERS: dict[str, str] = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": ", ".join([
            *(f"{feature}=()" for feature in (
                "accelerometer", "bluetooth", "browsing-topics", "camera",
                "display-capture", "geolocation", "gyroscope", "hid", "magnetometer",
                "microphone", "midi", "payment", "serial", "usb")),
            "fullscreen=(self)", "picture-in-picture=(self)"]),
    }
    # Strict-Transport-Security: browsers that saw the site over HTTPS never use plain
    # HTTP for it again. publishconf.py turns it off with KASDIKDAS_HSTS=tidak, for a
    # host without HTTPS; empty: not sent.
    HOSTING_HSTS: str = "max-age=31536000"
    # Paths whose pages carry a CSP of their own instead of the site's, path -> policy
    # text: postbuild/admin adds "/admin/" (Decap CMS needs 'unsafe-eval').
    HOSTING_PATH_CSP: dict[str, str] = {}
    # HTML and everything whose name does not change when its content does.
    HOSTING_CACHE_SHORT: str = "public, max-age=600"
    # Fingerprinted assets, videos and posters: their URL changes when they change.
    HOSTING_CACHE_LONG: str = IMMUTABLE_CACHE
    HOSTING_LONG_CACHE_EXTENSIONS: tuple[str, ...] = ("mp4", "webm", "webp", "jpg", "jpeg", "png", "avif")
    # A content hash in the file name: `site.3f9a0c1b.css` (plugins/assets), `app-0a1b2c3d4e.js`.
    # Eight digits alone are not one: that is an NPSN (`sekolah-20300001.csv`).
    HOSTING_FINGERPRINT_PATTERN: str = r"[.-](?:(?=[0-9]*[a-f])[0-9a-f]{8,64}|[0-9]{10,64})\.[A-Za-z0-9]+"
    # MIME types that shared hosts often lack.
    HOSTING_MIME_TYPES: dict[str, str] = {
        "mp4": "video/mp4",
        "webm": "video/webm",
        "webp": "image/webp",
        "avif": "image/avif",
        "vtt": "text/vtt",
        "webmanifest": "application/manifest+json",
        "wasm": "application/wasm",
        "csv": "text/csv",
        "yml": "text/yaml",  # /admin/config.yml
    }
    # The page for a missing URL (Netlify, Cloudflare Pages and GitHub Pages find
    # /404.html by themselves; Apache and nginx are told). Empty: none.
    HOSTING_NOT_FOUND_PAGE: str = "/404.html"
    # Text types served with `charset=utf-8` and precompressed (with Vary).
    HOSTING_TEXT_EXTENSIONS: tuple[str, ...] = (
        "html", "css", "js", "mjs", "json", "csv", "xml", "atom", "svg", "txt", "vtt",
        "webmanifest", "yml",
    )
    # Files another plugin stores gzip-packed in a format of its own and unpacks itself
    # (Pagefind's index: the search plugin adds its extensions here). They stay packed,
    # so every host sends them small; with PRECOMPRESS_BROTLI each also gets a `.br`
    # twin of its unpacked content (twins.py), which nginx and Apache send to browsers
    # that accept brotli, as application/octet-stream with Vary. No `.gz` twin.
    HOSTING_PACKED_EXTENSIONS: tuple[str, ...] = ()


DEFAULTS = HostingSettings.defaults()




# Where the media source (KASDIKDAS_MEDIA_URL with its path and a final slash, so no
# other bucket of a shared host is allowed) joins the CSP: the player
# and posters (media-src, img-src) and the offline save, which fetches the video
# (connect-src). No other directive names it.
MEDIA_DIRECTIVES = ("img-src", "media-src", "connect-src")


def with_media_origin(csp: dict[str, list[str]], origin: str) -> dict[str, list[str]]:
    """A new CSP dict whose media directives also allow `origin` (once)."""
    return {directive: [*sources, origin]
            if directive in MEDIA_DIRECTIVES and origin not in sources else list(sources)
            for directive, sources in csp.items()}
