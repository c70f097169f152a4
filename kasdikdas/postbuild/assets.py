"""assets: theme files under a content-hashed name, so hosts can cache them for a year.

For every path in ASSETS_FINGERPRINT (relative to the theme's static folder) the build
writes `<THEME_STATIC_DIR>/<name>.<hash>.<ext>` (CSS minified with rcssmin) and templates
link it through `ASSET_URLS`: `{{ SITEURL }}/{{ ASSET_URLS['css/site.css'] }}`.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path, PurePosixPath

import rcssmin

logger = logging.getLogger(__name__)

DEFAULTS = {"ASSETS_FINGERPRINT": ["css/site.css", "js/video.js"], "ASSETS_HASH_LENGTH": 10}


def minified(path: PurePosixPath, data: bytes) -> bytes:
    if path.suffix == ".css":
        return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")
    return data


def hashed_name(path: PurePosixPath, data: bytes, length: int) -> PurePosixPath:
    """css/site.css + its bytes -> css/site.<first `length` hex of sha256>.css"""
    digest = hashlib.sha256(data).hexdigest()[:length]
    return path.with_name(f"{path.stem}.{digest}{path.suffix}")


def theme_file(settings: dict, relative: str) -> Path | None:
    for folder in settings["THEME_STATIC_PATHS"]:
        candidate = Path(settings["THEME"]) / folder / relative
        if candidate.is_file():
            return candidate
    return None


def fingerprint(pelican):
    """Decide every asset's hashed URL before any template is rendered."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    urls, files = {}, {}
    for relative in settings["ASSETS_FINGERPRINT"]:
        source = theme_file(settings, relative)
        if source is None:
            logger.error("assets: %s not found in the theme's static folders", relative)
            continue
        data = minified(PurePosixPath(relative), source.read_bytes())
        name = PurePosixPath(settings["THEME_STATIC_DIR"]) / hashed_name(
            PurePosixPath(relative), data, settings["ASSETS_HASH_LENGTH"])
        urls[relative] = name.as_posix()
        files[name.as_posix()] = data
    settings["ASSET_URLS"] = urls
    pelican._fingerprinted_assets = files


def write_assets(pelican):
    for name, data in getattr(pelican, "_fingerprinted_assets", {}).items():
        target = Path(pelican.output_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        logger.info("assets: wrote %s", name)
