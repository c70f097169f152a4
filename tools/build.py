"""Build the site with Pelican into a staging folder, then swap it in.

A build that fails (invalid content or any error) leaves the previous `output/`
exactly as it was; content errors are printed as the editor's report, not a traceback.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from kiprah.problems import ContentError  # noqa: E402


def pelican_settings(settings_file: str | Path = "pelicanconf.py", **overrides) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=overrides)


def run_pelican(settings: dict) -> None:
    from pelican import Pelican

    Pelican(settings).run()


def build_site(settings_file="pelicanconf.py", output: str | Path = "output", **overrides) -> Path:
    """Build into a sibling staging folder and replace `output` only on success."""
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-baru-", dir=output.parent))
    try:
        settings = pelican_settings(settings_file, OUTPUT_PATH=str(staging), **overrides)
        run_pelican(settings)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        forget_failed_build()
        raise
    swap_in(staging, output)
    return output


def forget_failed_build() -> None:
    """pelican-sitemap remembers a build's Pelican object until that build's `finalized`
    signal; a build stopped by bad content never gets there, and every later build in
    the same process (livereload, tests) would silently write no sitemap."""
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:
        return
    sitemap.generator._main_pelican = None
    sitemap.generator.page_queue = []


def swap_in(staging: Path, output: Path) -> None:
    """Replace `output` with `staging` using renames, so the old site is never half-gone."""
    old = output.with_name(f".{output.name}-lama")
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        os.replace(output, old)
    os.replace(staging, output)
    shutil.rmtree(old, ignore_errors=True)


def main_build(settings_file="pelicanconf.py", output="output", **overrides) -> int:
    """Entry point for `invoke build`: 0 on success, 1 with the report on bad content."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        build_site(settings_file, output, **overrides)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return exc.exitcode
    return 0
