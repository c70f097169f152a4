"""The settings of the inovasi plugin, in one place; pelicanconf.py may override any."""

from __future__ import annotations

from kasdikdas.config import PhaseSettings


class InovasiSettings(PhaseSettings):
    """Every INOVASI_* setting."""

    INOVASI_URL: str = "inovasi/"  # the inventory; filters live below it
    INOVASI_PAGINATION: int = 20  # innovations per page
    # One page per innovation; its slug never equals a filter's (model/showcase.py checks).
    INOVASI_PROFILE_URL: str = "inovasi/{slug}/"


DEFAULTS = InovasiSettings.defaults()


def paginate(settings: dict) -> None:
    """Listing pages paginate through Pelican's writer, which needs the template named."""
    paginated = dict(settings.get("PAGINATED_TEMPLATES") or {})
    paginated.setdefault("inovasi", InovasiSettings.read(settings).INOVASI_PAGINATION)
    settings["PAGINATED_TEMPLATES"] = paginated
