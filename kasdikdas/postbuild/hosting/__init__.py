"""hosting: writes the host configuration (`_headers`, `.htaccess`) into the output
folder when the site is finished, from the rules in `rules.py`.

It also tells pelican-precompress which text files to compress, so the files that get
`.br`/`.gz` twins are exactly those the host configs announce with `Vary`, and writes
the `.br` twins of files other plugins store gzip-packed (`twins.py`), which
pelican-precompress leaves alone (their extensions are not text).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


from .rules import render_headers_file, render_htaccess
from kasdikdas.media.location import media_csp_source

from .settings import with_media_origin
from .twins import write_unpacked_twins
from .settings import HostingSettings

logger = logging.getLogger(__name__)

CLOUDFLARE_MAX_RULES = 100


def configure(settings: dict) -> None:
    hosting = HostingSettings.read(settings)
    source = media_csp_source(settings)
    if source:  # media in a bucket: the pages may load media from exactly that prefix
        HostingSettings.change(settings, HOSTING_CSP=with_media_origin(hosting.HOSTING_CSP, source))
    settings.setdefault("PRECOMPRESS_TEXT_EXTENSIONS",
                        {f".{ext}" for ext in hosting.HOSTING_TEXT_EXTENSIONS})


def site_files(output: Path) -> list[str]:
    """Every file of the built site, as a POSIX path relative to the output folder."""
    return sorted(Path(root, name).relative_to(output).as_posix()
                  for root, _dirs, names in os.walk(output) for name in names)


def render_host_file(name: str, output: Path, settings: dict) -> str:
    if name == "_headers":
        return render_headers_file(site_files(output), settings)
    if name == ".htaccess":
        return render_htaccess(settings)
    raise ValueError(f"hosting: unknown file {name!r} in HOSTING_FILES")


def write_host_files(pelican):
    """A post-build step after the search index (postbuild.STEPS), so the Pagefind
    bundle is there: first its twins, then the host files that list them. Only a
    publish build names HOSTING_FILES."""
    settings = pelican.settings
    hosting = HostingSettings.read(settings)
    if not hosting.HOSTING_FILES:
        return
    output = Path(pelican.output_path)
    if settings.get("PRECOMPRESS_BROTLI", True) and hosting.HOSTING_PACKED_EXTENSIONS:
        done = write_unpacked_twins(output, hosting.HOSTING_PACKED_EXTENSIONS)
        logger.info("hosting: %d kembaran brotli dari berkas yang dikemas gzip (%d B terkemas, "
                    "%d B sebagai kembaran), %d dilewati", done["twins"], done["packed_bytes"], done["twin_bytes"],
                    done["skipped"])
    for name in hosting.HOSTING_FILES:
        text = render_host_file(name, output, settings)
        (output / name).write_text(text, encoding="utf-8")
        if name == "_headers" and text.count("\n/") + 1 > CLOUDFLARE_MAX_RULES:
            logger.warning("hosting: _headers memuat lebih dari %d aturan; Cloudflare Pages "
                           "hanya membaca %d yang pertama", CLOUDFLARE_MAX_RULES, CLOUDFLARE_MAX_RULES)
    logger.info("hosting: %s ditulis", ", ".join(hosting.HOSTING_FILES))
