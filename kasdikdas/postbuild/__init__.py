"""Post-build: what runs once every page is written, in the order of `STEPS`.

Each step takes the Pelican object and reads the finished output folder. The order
matters and is only written here: the theme's hashed files must exist before the
service worker hashes them; the search bundle before the host files list it and its
brotli twins; every text file before precompression.
"""

from __future__ import annotations

import logging

from pelican.plugins import precompress

from ..media import images
from . import admin, assets, hosting, offline, search, sitemap

logger = logging.getLogger(__name__)

STEPS = (
    assets.write_assets,           # theme/css/site.<hash>.css, theme/js/video.<hash>.js
    images.strip_output,           # static pictures and videos without GPS/device metadata
    search.write_index,            # Pagefind over the showcase pages, then compacted
    offline.write_step,            # sw.js: its version hashes the theme files and /offline/
    sitemap.write,                 # sitemap.xml of every page written
    admin.write_step,              # CMS_ADMIN: /admin/ (Decap CMS, config from the model)
    hosting.write_host_files,      # publish: .br twins of packed files, _headers, .htaccess
    precompress.compress_files,    # publish: .gz/.br twins of text (PRECOMPRESS_* settings)
)


# What a step must undo when a build fails after it started (MkDocs' on_build_error):
# the build calls `on_build_error()` and names no step itself.
ON_BUILD_ERROR = (
    sitemap.forget,                # the stopped build's page queue must not reach the next
)


def run(pelican) -> None:
    for step in STEPS:
        logger.debug("postbuild: %s.%s", step.__module__, step.__name__)
        step(pelican)


def on_build_error() -> None:
    for undo in ON_BUILD_ERROR:
        undo()
