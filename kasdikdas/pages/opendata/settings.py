"""Defaults of the opendata plugin, in one place; pelicanconf.py may override any."""

DEFAULTS = {
    "OPENDATA_DIR": "data",  # the files, relative to the output folder
    "OPENDATA_URL": "data/",  # the page that explains them
    "OPENDATA_SAVE_AS": "data/index.html",
}


def apply_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings
