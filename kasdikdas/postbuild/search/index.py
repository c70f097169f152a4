"""Build the Pagefind search index over the written site (the pagefind binary from the
pagefind-bin wheel; nothing is downloaded at build time)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from kasdikdas.files import link_tree

from .compact import compact_bundle
from .settings import SearchSettings
from ..hosting.settings import HostingSettings

logger = logging.getLogger(__name__)


class SearchIndexError(RuntimeError):
    """Pagefind failed; the build must not replace the live site."""


def pages_glob(save_as: str) -> str:
    """The glob of the pages a `*_SAVE_AS` pattern writes: 'kiprah/{slug}/index.html'
    → 'kiprah/*/index.html'."""
    return re.sub(r"\{[^}]*\}", "*", save_as)


def pagefind_binary(configured: str | Path | None = None) -> str:
    if configured:
        return str(configured)
    import pagefind_bin

    return str(pagefind_bin.get_executable())


def indexed_glob(settings: dict) -> str:
    return SearchSettings.read(settings).SEARCH_GLOB or pages_glob(settings["ARTICLE_SAVE_AS"])


def pagefind_command(site: Path, settings: dict) -> list[str]:
    """The pagefind command line for the built site in `site`."""
    search = SearchSettings.read(settings)
    glob = indexed_glob(settings)
    command = [
        pagefind_binary(search.SEARCH_PAGEFIND_BINARY),
        "--site", str(site),
        "--output-subdir", search.SEARCH_BUNDLE_DIR,
        "--glob", glob,
        "--force-language", search.SEARCH_LANGUAGE,
        "--quiet",
    ]
    if search.SEARCH_ROOT_SELECTOR:
        command += ["--root-selector", search.SEARCH_ROOT_SELECTOR]
    for selector in search.SEARCH_EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index_key(site: Path, pages: list[Path], settings: dict) -> str:
    """What the index depends on: the indexed pages' paths and bytes, and how Pagefind
    runs (its version and options, not where the site sits)."""
    search = SearchSettings.read(settings)
    from importlib.metadata import version

    digest = hashlib.sha256()
    command = pagefind_command(Path("."), settings)  # the binary and its options
    digest.update(json.dumps([version("pagefind-bin"), command,
                              sorted(search.SEARCH_BUNDLE_UNUSED),
                              search.SEARCH_COMPACT,
                              search.SEARCH_INDEX_CHUNK_BYTES]).encode())
    for page in pages:
        digest.update(page.relative_to(site).as_posix().encode() + b"\0")
        digest.update(page.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def run_pagefind(site: Path, settings: dict) -> Path:
    search = SearchSettings.read(settings)
    result = subprocess.run(pagefind_command(site, settings), capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(
            f"search: pagefind gagal (kode {result.returncode}):\n{result.stderr or result.stdout}")
    for line in (result.stderr + result.stdout).splitlines():
        if line.strip():
            logger.warning("pencarian: pagefind: %s", line.strip())
    bundle = site / search.SEARCH_BUNDLE_DIR
    prune_bundle(bundle, search.SEARCH_BUNDLE_UNUSED)
    if search.SEARCH_COMPACT:
        done = compact_bundle(bundle, search.SEARCH_INDEX_CHUNK_BYTES)
        logger.info("pencarian: berkas indeks dipadatkan %s", done)
    return bundle


def build_index(site: Path, settings: dict) -> Path | None:
    """Index the site; returns the bundle folder, or None when there is nothing to index
    (a site without showcases yet). Raises SearchIndexError on failure.

    Pagefind writes its filter files in an arbitrary order, so two runs over the same
    pages differ; the bundle is therefore cached by its inputs, and an unchanged site
    republishes byte for byte."""
    search = SearchSettings.read(settings)
    pages = sorted(site.glob(indexed_glob(settings)))
    if not pages:
        logger.warning("pencarian: tidak ada halaman yang cocok dengan %s; build ini tanpa indeks pencarian",
                       indexed_glob(settings))
        return None
    bundle = site / search.SEARCH_BUNDLE_DIR
    cache_root = search.SEARCH_CACHE_DIR or Path(settings["CACHE_PATH"]) / "search"
    cached = Path(cache_root) / index_key(site, pages, settings)
    if cached.is_dir():
        shutil.rmtree(bundle, ignore_errors=True)
        link_tree(cached, bundle)
        logger.info("pencarian: indeks sudah ada di cache (%s), Pagefind tidak dijalankan", cached.name)
        return bundle
    logger.info("pencarian: indeks belum ada di cache (%s), Pagefind dijalankan", cached.name)
    run_pagefind(site, settings)
    store(bundle, cached)
    return bundle


def store(bundle: Path, cached: Path) -> None:
    """Keep this bundle as the only cached one (linked aside, then renamed in). Nothing
    rewrites a bundle file in place afterwards: hosting's twins are new files."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    for old in cached.parent.iterdir():
        if old.name != cached.name:
            shutil.rmtree(old, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".neu-", dir=cached.parent))
    link_tree(bundle, staging / "b")
    try:
        os.replace(staging / "b", cached)
    except OSError:
        pass  # another build stored the same key meanwhile
    shutil.rmtree(staging, ignore_errors=True)


def prune_bundle(bundle: Path, patterns: list[str]) -> list[str]:
    """Delete the bundle's files the site never loads; returns their names."""
    removed = []
    for pattern in patterns:
        for path in sorted(bundle.glob(pattern)):
            if path.is_file():
                path.unlink()
                removed.append(path.name)
    return removed


# Pagefind stores these gzip-packed (gzip of "pagefind_dcd" + content, the WebAssembly
# too), and pagefind.js unpacks them unless they already start with "pagefind_dcd".
PACKED_SUFFIXES = (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")


def declare_packed_files(settings: dict) -> dict:
    """Tell the hosting plugin that the bundle's files are packed: they stay as
    Pagefind wrote them, and a publish build adds `.br` twins of their unpacked content
    for hosts that serve brotli (plugins/hosting/twins.py)."""
    declared = tuple(HostingSettings.read(settings).HOSTING_PACKED_EXTENSIONS)
    HostingSettings.change(settings, HOSTING_PACKED_EXTENSIONS=(
        *declared, *(s.lstrip(".") for s in PACKED_SUFFIXES if s.lstrip(".") not in declared)))
    return settings
