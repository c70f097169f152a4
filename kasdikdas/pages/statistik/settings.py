"""The settings of the statistik plugin, in one place; pelicanconf.py may override any."""

from __future__ import annotations

from kasdikdas.config import PhaseSettings


class StatistikSettings(PhaseSettings):
    """Every STATISTIK_* setting."""

    STATISTIK_URL: str = "statistik/"
    STATISTIK_SAVE_AS: str = "statistik/index.html"
    STATISTIK_DIR: str = "statistik"  # the SVG charts, relative to the output folder


DEFAULTS = StatistikSettings.defaults()


