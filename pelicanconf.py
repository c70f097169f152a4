"""Pelican settings for the Kas Dikdas site (development: relative URLs, no feeds)."""

AUTHOR = "Dinas Pendidikan Kabupaten Blora"
SITENAME = "Kas Dikdas Blora"
SITESUBTITLE = "Kiprah Aksi Sekolah Pendidikan Dasar Kabupaten Blora"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
LOCALE = ("id_ID.UTF-8", "C.UTF-8", "")

# The whole build is one installed package; kasdikdas/plugin.py says in which order
# its phases (validate, media, pages, post-build) hook into Pelican.
PLUGINS = ["kasdikdas.plugin"]

ARTICLE_PATHS = ["kiprah"]
PAGE_PATHS = ["pages"]
# Source videos are never published (phones store GPS in them): the video plugin
# publishes clean renditions under media/ instead.
# bukti/: innovation evidence documents (SK, reports) linked from /inovasi/<slug>/.
STATIC_PATHS = ["images", "bukti"]
ARTICLE_EXCLUDES = []
IGNORE_FILES = [".*", "#*", "README*"]
READERS = {"rst": None, "html": None, "htm": None}  # showcases are Markdown only

ARTICLE_URL = "kiprah/{slug}/"
ARTICLE_SAVE_AS = "kiprah/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"

# Pages that make no sense for this site are switched off (no orphans).
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "404"]  # 404.html: what hosts show for a missing URL
INDEX_URL = ""  # the home page is "/", not "/index.html"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = 12
# Page 2 of any list lives inside it: /page/2/, /jenjang/sd/page/2/.
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]

# School, level, category and kecamatan pages: kasdikdas/pages/groups (URLs in its settings.py).
# sitemap.xml lists every page written (pelican-sitemap, via content_written).
SITEMAP = {"format": "xml", "exclude": [r"^404\.html$", r"^offline/"]}
DEFAULT_DATE_FORMAT = "%d %B %Y"

# Content text is escaped everywhere; Markdown bodies are sanitised by the reader.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.sane_lists": {}},
    "output_format": "html5",
}

CACHE_CONTENT = True
CONTENT_CACHING_LAYER = "reader"
CACHE_PATH = ".cache/pelican"
LOAD_CONTENT_CACHE = True

# Precompression is for publishing only (publishconf.py turns it on). Said here too
# because Pelican keeps plugin receivers connected for the whole process: a development
# build after a publish build in the same process must not be compressed.
PRECOMPRESS_GZIP = PRECOMPRESS_BROTLI = PRECOMPRESS_ZOPFLI = PRECOMPRESS_ZSTANDARD = False

# The /admin/ editor (Decap CMS, kasdikdas/cms.py), saving straight into content/
# through decap-server (docs/panduan-editor.md). `invoke build`, `serve` and
# `livereload` turn it on (CMS_ADMIN=True); a bare build (tests, the benchmark) has no
# /admin/. publishconf.py leaves it out unless KASDIKDAS_CMS=ya. `invoke livereload`
# starts decap-server itself (127.0.0.1, a free port, root content/) and names it here;
# otherwise Decap's default, localhost:8081, as `BIND_HOST=127.0.0.1
# GIT_REPO_DIRECTORY=content npx decap-server` run by hand would listen.
CMS_ADMIN = False
CMS_LOCAL_BACKEND = True
CMS_PUBLISH_MODE = "simple"
