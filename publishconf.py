"""Pelican settings for publishing (`invoke publish`): the real address, absolute URLs,
feeds, host configuration files and precompressed text.

The address comes from KASDIKDAS_SITEURL, so a test copy or a second host can be
published without editing this file.
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F401,F403
from pelicanconf import PLUGINS  # noqa: E402

SITEURL = os.environ.get("KASDIKDAS_SITEURL", "https://kasdikdas.blorakab.go.id").rstrip("/")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/semua.atom.xml"
GROUPS_LEVEL_FEED_ATOM = "feeds/jenjang/{slug}.atom.xml"
GROUPS_CATEGORY_FEED_ATOM = "feeds/kategori/{slug}.atom.xml"

# `reproducible` keeps the bytes of an unchanged site unchanged (so a second publish
# moves nothing); `hosting` writes _headers and .htaccess; `precompress`
# (pelican-precompress) then writes .br and .gz twins of every text file, skipping
# those that would not shrink.
PLUGINS = [*PLUGINS, "reproducible", "hosting", "precompress"]
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZOPFLI = False  # plain zlib level 9 is close enough and much faster
PRECOMPRESS_ZSTANDARD = False  # no common host serves .zst files
PRECOMPRESS_MIN_SIZE = 256  # below this the HTTP headers outweigh any saving

# tools/build.py always builds into a fresh, empty staging folder and swaps it in
# whole, so stale files vanish without Pelican ever deleting inside a real folder:
# nothing outside the output folder can be deleted, whatever OUTPUT_PATH says.
DELETE_OUTPUT_DIRECTORY = False
