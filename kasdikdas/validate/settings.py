"""Defaults of the kiprah plugin, in one place; pelicanconf.py may override any."""

DEFAULTS = {
    "KIPRAH_DIR": "kiprah",  # showcases, relative to PATH (content/)
    "KIPRAH_KECAMATAN_FILE": "data/kecamatan.yml",
    "KIPRAH_SCHOOLS_FILE": "data/schools.yml",
    "KIPRAH_MAX_SOURCE_BYTES": 200_000,
    # What each static folder (STATIC_PATHS) may hold (kasdikdas/validate/static.py):
    # a static folder not named here takes nothing.
    "KIPRAH_STATIC_TYPES": {"images": ("gambar",), "bukti": ("pdf", "gambar")},
    # Tags and attributes a Markdown body may keep after sanitising (nh3 / ammonia).
    "KIPRAH_ALLOWED_TAGS": {
        "p", "br", "strong", "em", "b", "i", "u", "s", "a", "ul", "ol", "li", "blockquote",
        "h2", "h3", "h4", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
        "img", "figure", "figcaption", "abbr", "sub", "sup",
    },
}


def apply_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings
