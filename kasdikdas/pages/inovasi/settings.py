"""Defaults of the inovasi plugin, in one place; pelicanconf.py may override any."""

DEFAULTS = {
    "INOVASI_URL": "inovasi/",  # the inventory; filters live below it
    "INOVASI_PAGINATION": 20,  # innovations per page
    # One page per innovation; its slug never equals a filter's (model/showcase.py checks).
    "INOVASI_PROFILE_URL": "inovasi/{slug}/",
}


def apply_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    # Listing pages paginate through Pelican's writer, which needs the template named.
    paginated = dict(settings.get("PAGINATED_TEMPLATES") or {})
    paginated.setdefault("inovasi", settings["INOVASI_PAGINATION"])
    settings["PAGINATED_TEMPLATES"] = paginated
    return settings
