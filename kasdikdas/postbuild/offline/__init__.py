"""Offline reading: the service worker written at the site root, with a cache version
tied to the build. (The video a showcase page offers to keep offline is in its view,
pages/view.py.)"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from ..search.settings import SearchSettings

SW_TEMPLATE = Path(__file__).with_name("sw.js")
CONFIG_TOKEN = "__SW_CONFIG__"


def shell_files(output: Path, dirs: list[str], max_bytes: int) -> list[str]:
    """Written theme files (CSS, JS, logo) small enough to precache, as site paths."""
    found = []
    for folder in dirs:
        for path in sorted((output / folder).rglob("*")):
            if path.is_file() and path.stat().st_size <= max_bytes:
                found.append(path.relative_to(output).as_posix())
    return found


def build_version(output: Path, files: list[str]) -> str:
    """A short hash of the shell's paths and bytes: any change to the CSS, JS or offline
    page gives a new version, hence a new sw.js, hence fresh caches."""
    digest = hashlib.sha256()
    for name in files:
        path = output / name
        if path.is_dir():
            path = path / "index.html"
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def render_service_worker(template: str, config: dict) -> str:
    if CONFIG_TOKEN not in template:
        raise ValueError(f"search: {CONFIG_TOKEN} missing from the service worker template")
    return template.replace(CONFIG_TOKEN, json.dumps(config, ensure_ascii=False, sort_keys=True))


def media_prefix(settings: dict) -> str | None:
    from kasdikdas.media.location import media_base

    base = media_base(settings)
    return base + "/" if base else None


def write_service_worker(output: Path, settings: dict) -> Path:
    """Write sw.js at the site root; its precache list is the shell plus the offline page."""
    search = SearchSettings.read(settings)
    offline_url = search.SEARCH_OFFLINE_URL
    files = shell_files(output, search.SEARCH_SHELL_DIRS, search.SEARCH_SHELL_MAX_BYTES)
    shell = files + [offline_url]
    config = {
        "version": build_version(output, shell),
        "shell": shell,
        "offline": offline_url,
        "bundle": search.SEARCH_BUNDLE_DIR + "/",
        "timeout": search.SEARCH_SW_NETWORK_TIMEOUT_MS,
        "maxPages": search.SEARCH_SW_MAX_PAGES,
        # The bucket's base URL when media live there: saved videos come from it.
        "media": media_prefix(settings),
    }
    target = output / search.SEARCH_SW_SAVE_AS
    target.write_text(render_service_worker(SW_TEMPLATE.read_text(encoding="utf-8"), config),
                      encoding="utf-8")
    return target


def write_step(pelican) -> None:
    """The post-build step: sw.js after the theme files and the offline page exist."""
    settings = pelican.settings
    search = SearchSettings.read(settings)
    if search.SEARCH_SERVICE_WORKER and search.SEARCH_SW_SAVE_AS:
        write_service_worker(Path(pelican.output_path), settings)
