"""Defaults of the statistik plugin, in one place; pelicanconf.py may override any."""

DEFAULTS = {
    "STATISTIK_URL": "statistik/",
    "STATISTIK_SAVE_AS": "statistik/index.html",
    "STATISTIK_DIR": "statistik",  # the SVG charts, relative to the output folder
}


def apply_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings
