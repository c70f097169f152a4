"""Where the project is and how its Pelican settings are read: the one place the build,
validation and the tools take them from."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pelican_settings(settings_file: str | Path = "pelicanconf.py", **overrides) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=overrides)
