"""Defaults of the opendata plugin, in one place; pelicanconf.py may override any."""

DEFAULTS = {
    "OPENDATA_DIR": "data",  # the files, relative to the output folder
    "OPENDATA_URL": "data/",  # the page that explains them
    "OPENDATA_SAVE_AS": "data/index.html",
    # Where a school's page lives: the groups plugin's GROUPS_SCHOOL_URL when set.
    "OPENDATA_SCHOOL_URL": "sekolah/{slug}/",
}


def apply_defaults(settings: dict) -> dict:
    if "GROUPS_SCHOOL_URL" in settings:
        settings.setdefault("OPENDATA_SCHOOL_URL", settings["GROUPS_SCHOOL_URL"])
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings
