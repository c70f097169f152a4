"""Build the Pagefind search index over the written site (the pagefind binary from the
pagefind-bin wheel; nothing is downloaded at build time)."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

logger = logging.getLogger(__name__)


class SearchIndexError(RuntimeError):
    """Pagefind failed; the build must not replace the live site."""


def pages_glob(save_as: str) -> str:
    """The glob of the pages a `*_SAVE_AS` pattern writes: 'kiprah/{slug}/index.html'
    → 'kiprah/*/index.html'."""
    return re.sub(r"\{[^}]*\}", "*", save_as)


def pagefind_binary(configured: str | None = None) -> str:
    if configured:
        return str(configured)
    import pagefind_bin

    return str(pagefind_bin.get_executable())


def indexed_glob(settings: dict) -> str:
    return settings["SEARCH_GLOB"] or pages_glob(settings["ARTICLE_SAVE_AS"])


def pagefind_command(site: Path, settings: dict) -> list[str]:
    """The pagefind command line for the built site in `site`."""
    glob = indexed_glob(settings)
    command = [
        pagefind_binary(settings["SEARCH_PAGEFIND_BINARY"]),
        "--site", str(site),
        "--output-subdir", settings["SEARCH_BUNDLE_DIR"],
        "--glob", glob,
        "--force-language", settings["SEARCH_LANGUAGE"],
        "--quiet",
    ]
    if settings["SEARCH_ROOT_SELECTOR"]:
        command += ["--root-selector", settings["SEARCH_ROOT_SELECTOR"]]
    for selector in settings["SEARCH_EXCLUDE_SELECTORS"]:
        command += ["--exclude-selectors", selector]
    return command


def build_index(site: Path, settings: dict) -> Path | None:
    """Index the site; returns the bundle folder, or None when there is nothing to index
    (a site without showcases yet). Raises SearchIndexError on failure."""
    if next(site.glob(indexed_glob(settings)), None) is None:
        logger.warning("search: no page matches %s; no search index this build",
                       indexed_glob(settings))
        return None
    command = pagefind_command(site, settings)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(
            f"search: pagefind gagal (kode {result.returncode}):\n{result.stderr or result.stdout}")
    for line in (result.stderr + result.stdout).splitlines():
        if line.strip():
            logger.warning("search: pagefind: %s", line.strip())
    bundle = site / settings["SEARCH_BUNDLE_DIR"]
    removed = prune_bundle(bundle, settings["SEARCH_BUNDLE_UNUSED"])
    logger.info("search: Pagefind index written to %s (%d unused files left out)",
                bundle, len(removed))
    return bundle


def prune_bundle(bundle: Path, patterns: list[str]) -> list[str]:
    """Delete the bundle's files the site never loads; returns their names."""
    removed = []
    for pattern in patterns:
        for path in sorted(bundle.glob(pattern)):
            if path.is_file():
                path.unlink()
                removed.append(path.name)
    return removed
