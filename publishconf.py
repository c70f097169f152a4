"""Pelican settings for publishing: absolute URLs and feeds. `invoke publish` uses this."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("KASDIKDAS_SITEURL", "https://kasdikdas.blorakab.go.id")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/semua.atom.xml"
GROUPS_LEVEL_FEED_ATOM = "feeds/jenjang/{slug}.atom.xml"
GROUPS_CATEGORY_FEED_ATOM = "feeds/kategori/{slug}.atom.xml"
