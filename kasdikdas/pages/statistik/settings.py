"""Defaults of the statistik plugin, in one place; pelicanconf.py may override any."""

DEFAULTS = {
    "STATISTIK_URL": "statistik/",
    "STATISTIK_SAVE_AS": "statistik/index.html",
    "STATISTIK_DIR": "statistik",  # the SVG charts, relative to the output folder
    # Where a school's page lives: the groups plugin's GROUPS_SCHOOL_URL when set.
    "STATISTIK_SCHOOL_URL": "sekolah/{slug}/",
}


def apply_defaults(settings: dict) -> dict:
    if "GROUPS_SCHOOL_URL" in settings:
        settings.setdefault("STATISTIK_SCHOOL_URL", settings["GROUPS_SCHOOL_URL"])
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings
