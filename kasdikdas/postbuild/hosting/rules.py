"""Pure functions that turn the hosting settings into host configuration text.

`_headers` (Netlify, Cloudflare Pages), `.htaccess` (Apache shared hosting) and the
nginx snippet documented in docs/hosting.md all come from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from .settings import HostingSettings

GENERATED = ("Dibuat otomatis oleh `invoke publish` (kasdikdas/postbuild/hosting); "
             "jangan diubah di sini.")


def content_security_policy(csp: dict[str, list[str]],
                            hashes: dict[str, list[str]] | None = None) -> str:
    """The policy text: `csp` (directive → sources), each directive followed by the
    hash sources the build computed for it (`'sha256-…'` of the inline stylesheet)."""
    merged = {directive: list(sources) for directive, sources in csp.items()}
    for directive, sources in (hashes or {}).items():
        merged.setdefault(directive, ["'self'"]).extend(
            s for s in sources if s not in merged[directive])
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in merged.items())


def site_csp(settings: dict) -> str:
    """The site's CSP: HOSTING_CSP with HOSTING_CSP_HASHES (set by postbuild.assets)."""
    hosting = HostingSettings.read(settings)
    return content_security_policy(hosting.HOSTING_CSP, hosting.HOSTING_CSP_HASHES)


def security_headers(settings: dict, csp: str | None = None) -> dict[str, str]:
    """Every response carries these: the CSP first (the site's, or `csp`), then the
    others, then HSTS when HOSTING_HSTS is set."""
    hosting = HostingSettings.read(settings)
    hsts = hosting.HOSTING_HSTS
    return {"Content-Security-Policy": csp or site_csp(settings),
            **hosting.HOSTING_SECURITY_HEADERS,
            **({"Strict-Transport-Security": hsts} if hsts else {})}


def path_csp_rules(settings: dict) -> list[str]:
    """`_headers` rules for the paths with a CSP of their own (`/admin/*`). Cloudflare
    Pages adds the values of every matching rule, so the site's CSP is detached first
    (`! Content-Security-Policy`, Cloudflare's syntax; Netlify skips that line and lets
    the later rule's value win)."""
    lines = []
    for path, csp in HostingSettings.read(settings).HOSTING_PATH_CSP.items():
        lines += ["", f"/{path.strip('/')}/*", "  ! Content-Security-Policy",
                  f"  Content-Security-Policy: {csp}"]
    return lines


def long_cache_regex(settings: dict) -> str:
    """One PCRE, understood alike by Python, Apache and nginx: fingerprinted assets and
    media, also as their precompressed `.br`/`.gz` twins."""
    hosting = HostingSettings.read(settings)
    media = "|".join(hosting.HOSTING_LONG_CACHE_EXTENSIONS)
    return (rf"(?:{hosting.HOSTING_FINGERPRINT_PATTERN}|\.(?:{media}))"
            r"(?:\.(?:br|gz))?$")


def is_long_cached(path: str, settings: dict) -> bool:
    return re.search(long_cache_regex(settings), PurePosixPath(path).name, re.I) is not None


def long_cache_patterns(files: Iterable[str], settings: dict) -> list[str]:
    """URL patterns for `_headers` that cover exactly the long-cached files.

    A folder holding only long-cached files becomes one `/folder/*` rule; others are
    listed one by one. No rule ever matches a short-cached file, so a Cache-Control can
    never be joined with another (Cloudflare joins the values of overlapping rules).
    """
    files = sorted(files)
    mixed = {str(parent) for f in files if not is_long_cached(f, settings)
             for parent in PurePosixPath(f).parents}
    patterns = set()
    for f in files:
        if not is_long_cached(f, settings):
            continue
        folders = [str(p) for p in reversed(PurePosixPath(f).parents) if str(p) != "."]
        top = next((d for d in folders if d not in mixed), None)
        patterns.add(f"/{top}/*" if top else f"/{f}")
    return sorted(patterns)


def render_headers_file(files: Iterable[str], settings: dict) -> str:
    """`_headers`: security headers everywhere; long caching only where it applies.
    HTML keeps the host's default (revalidate every time), which is the short cache."""
    lines = [f"# {GENERATED}", "/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers(settings).items()]
    for pattern in long_cache_patterns(files, settings):
        lines += ["", pattern, f"  Cache-Control: {HostingSettings.read(settings).HOSTING_CACHE_LONG}"]
    lines += path_csp_rules(settings)
    return "\n".join(lines) + "\n"


def _apache_quote(value: str) -> str:
    return '"' + value.replace('"', '\\"') + '"'


def render_htaccess(settings: dict) -> str:
    """`.htaccess` for Apache: types, precompressed variants, security and caching.
    A packed file's `.br` twin (twins.py) is served by the same rewrite as a text
    file's, and both vary with Accept-Encoding."""
    hosting = HostingSettings.read(settings)
    varying = "|".join((*hosting.HOSTING_TEXT_EXTENSIONS,
                        *hosting.HOSTING_PACKED_EXTENSIONS))
    lines = [f"# {GENERATED}", "Options -Indexes", "DirectoryIndex index.html"]
    if hosting.HOSTING_NOT_FOUND_PAGE:
        lines.append(f"ErrorDocument 404 {hosting.HOSTING_NOT_FOUND_PAGE}")
    lines += ["",
             "# The host configuration files are not for visitors.",
             "<IfModule mod_authz_core.c>", '  <FilesMatch "^(?:\\.ht|_headers$)">',
             "    Require all denied", "  </FilesMatch>", "</IfModule>", ""]
    lines += ["<IfModule mod_mime.c>"]
    lines += [f"  AddType {mime} .{ext}" for ext, mime in hosting.HOSTING_MIME_TYPES.items()]
    packed = hosting.HOSTING_PACKED_EXTENSIONS
    if packed:
        lines.append(f"  AddType application/octet-stream {' '.join(f'.{e}' for e in packed)}")
    text_suffixes = " ".join(f".{e}" for e in hosting.HOSTING_TEXT_EXTENSIONS)
    lines += [f"  AddCharset utf-8 {text_suffixes}",
              "  # index.html.br is text/html with Content-Encoding br (mod_mime reads both).",
              "  RemoveType .br .gz", "  AddEncoding br .br", "  AddEncoding gzip .gz",
              "</IfModule>", ""]
    lines += ["# Serve the precompressed twin when the browser accepts it.",
              "<IfModule mod_rewrite.c>", "  RewriteEngine On"]
    for encoding, suffix in (("br", "br"), ("gzip", "gz")):
        lines += [rf"  RewriteCond %{{HTTP:Accept-Encoding}} \b{encoding}\b",
                  f"  RewriteCond %{{REQUEST_FILENAME}}.{suffix} -f",
                  f"  RewriteRule ^ %{{REQUEST_URI}}.{suffix} [L,E=no-gzip:1,E=no-brotli:1]"]
    lines += ["</IfModule>", "", "<IfModule mod_headers.c>"]
    lines += [f"  Header always set {name} {_apache_quote(value)}"
              for name, value in security_headers(settings).items()]
    lines += [f"  Header set Cache-Control {_apache_quote(hosting.HOSTING_CACHE_SHORT)}",
              f'  <FilesMatch "\\.(?:{varying})(?:\\.(?:br|gz))?$">',
              "    Header merge Vary Accept-Encoding", "  </FilesMatch>",
              f"  <FilesMatch {_apache_quote(long_cache_regex(settings))}>",
              f"    Header set Cache-Control {_apache_quote(hosting.HOSTING_CACHE_LONG)}",
              "  </FilesMatch>", "</IfModule>"]
    return "\n".join(lines) + "\n"


def render_nginx(settings: dict) -> str:
    """The body of an nginx `server { }` block (documented in docs/hosting.md).
    `charset_types` always includes text/html. nginx drops inherited `add_header`s in a
    location that sets its own, so every location repeats the security headers.
    `brotli_static` serves any file's `.br` twin, packed files' too (twins.py); files of
    no known type, such as Pagefind's, go out as application/octet-stream."""
    hosting = HostingSettings.read(settings)
    security = [f'    add_header {name} "{value}" always;'
                for name, value in security_headers(settings).items()]
    text_types = sorted({"text/css", "text/plain", "text/xml",
                         "application/javascript", "application/json", "image/svg+xml",
                         "application/atom+xml"}
                        | {mime for ext, mime in hosting.HOSTING_MIME_TYPES.items()
                           if ext in hosting.HOSTING_TEXT_EXTENSIONS})
    types = " ".join(f"{mime} {ext};" for ext, mime in hosting.HOSTING_MIME_TYPES.items())
    lines = ["index index.html;", "include mime.types;", f"types {{ {types} }}",
             "default_type application/octet-stream;",
             *([f"error_page 404 {hosting.HOSTING_NOT_FOUND_PAGE};"]
               if hosting.HOSTING_NOT_FOUND_PAGE else []),
             "charset utf-8;", f"charset_types {' '.join(text_types)};",
             "# Precompressed .gz and .br twins written by `invoke publish`.",
             "gzip_static on;", "gzip_vary on;",
             "brotli_static on;  # Debian: apt install libnginx-mod-http-brotli-static",
             "", "# The host configuration files are not for visitors.",
             'location ~ "/(?:\\.ht|_headers$)" {', "    return 404;", "}",
             "", "location / {", "    try_files $uri $uri/ =404;", *security,
             f'    add_header Cache-Control "{hosting.HOSTING_CACHE_SHORT}" always;', "}",
             "", f'location ~* "{long_cache_regex(settings)}" {{', *security,
             f'    add_header Cache-Control "{hosting.HOSTING_CACHE_LONG}" always;', "}"]
    return "\n".join(lines + render_nginx_paths(settings)) + "\n"


def render_nginx_paths(settings: dict) -> list[str]:
    """nginx locations for the paths with a CSP of their own (`/admin/`): `^~`, so no
    regex location (the long cache) gives one of its files the site's CSP."""
    hosting = HostingSettings.read(settings)
    lines = []
    for path, csp in hosting.HOSTING_PATH_CSP.items():
        lines += ["", f"location ^~ /{path.strip('/')}/ {{", "    try_files $uri $uri/ =404;",
                  *(f'    add_header {name} "{value}" always;'
                    for name, value in security_headers(settings, csp).items()),
                  f'    add_header Cache-Control "{hosting.HOSTING_CACHE_SHORT}" always;',
                  "}"]
    return lines
