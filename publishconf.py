"""Pelican settings for publishing (`invoke publish`): the real address, absolute URLs,
feeds, host configuration files and precompressed text.

The address comes from KASDIKDAS_SITEURL, so a test copy or a second host can be
published without editing this file.
"""

import os
import runpy
from pathlib import Path

# The development settings, read by path (Pelican loads this file by path too).
globals().update({key: value for key, value in
                  runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items()
                  if key.isupper()})

SITEURL = os.environ.get("KASDIKDAS_SITEURL", "https://kasdikdas.blorakab.go.id").rstrip("/")
RELATIVE_URLS = False

# Media (renditions, posters, captions) in an S3-compatible bucket instead of output/:
# both set, or neither (kasdikdas/media/location.py, docs/hosting.md). The endpoint and
# credentials come from AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# AWS_DEFAULT_REGION or AWS_PROFILE, never from a file in the repository.
KASDIKDAS_MEDIA_BUCKET = os.environ.get("KASDIKDAS_MEDIA_BUCKET") or None
KASDIKDAS_MEDIA_URL = (os.environ.get("KASDIKDAS_MEDIA_URL") or "").rstrip("/") or None

FEED_ALL_ATOM = "feeds/semua.atom.xml"
GROUPS_LEVEL_FEED_ATOM = "feeds/jenjang/{slug}.atom.xml"
GROUPS_CATEGORY_FEED_ATOM = "feeds/kategori/{slug}.atom.xml"

# Publish-only post-build steps (kasdikdas/postbuild): sitemap dates from the content,
# so republishing an unchanged site moves no byte; host files (_headers, .htaccess);
# then .br and .gz twins of every text file (pelican-precompress), skipping those
# that would not shrink.
SITEMAP_CONTENT_DATES = True
HOSTING_FILES = ("_headers", ".htaccess")
# Strict-Transport-Security in the host files; KASDIKDAS_HSTS=tidak for a host without HTTPS.
HOSTING_HSTS = "" if os.environ.get("KASDIKDAS_HSTS", "") == "tidak" else "max-age=31536000"
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZOPFLI = False  # plain zlib level 9 is close enough and much faster
PRECOMPRESS_ZSTANDARD = False  # no common host serves .zst files
PRECOMPRESS_MIN_SIZE = 256  # below this the HTTP headers outweigh any saving

# kasdikdas/build.py always builds into a fresh, empty staging folder and swaps it in
# whole, so stale files vanish without Pelican ever deleting inside a real folder:
# nothing outside the output folder can be deleted, whatever OUTPUT_PATH says.
DELETE_OUTPUT_DIRECTORY = False

# The /admin/ editor on the published site, saving through the git host
# (docs/panduan-editor.md): KASDIKDAS_CMS=ya, and KASDIKDAS_CMS_REPO (owner/name),
# KASDIKDAS_CMS_BACKEND (github, gitlab, gitea or forgejo), KASDIKDAS_CMS_BRANCH,
# KASDIKDAS_CMS_APP_ID, KASDIKDAS_CMS_BASE_URL, KASDIKDAS_CMS_API_ROOT as the host needs.
CMS_ADMIN = os.environ.get("KASDIKDAS_CMS", "") == "ya"
CMS_LOCAL_BACKEND = False
CMS_PUBLISH_MODE = "editorial_workflow"
CMS_SITE_URL = SITEURL


def _cms_backend():
    from kasdikdas.cms import backend_from_env

    return backend_from_env(os.environ)


if _cms_backend():
    CMS_BACKEND, CMS_PUBLISH_MODE = _cms_backend()
