"""Build the site with Pelican into a staging folder, then swap it in.

A build that fails (invalid content, any error, or a failed post-build check) leaves
the previous `output/` exactly as it was; content errors are printed as the editor's
report, not a traceback. Nothing outside the output folder is ever deleted.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from kasdikdas.config import ROOT, pelican_settings  # noqa: F401 (tools read them here too)
from kasdikdas import cachelock
from kasdikdas.errors import ReportedError
from kasdikdas.media.pipeline import has_deferred
from kasdikdas.settings_check import refuse_unknown_settings
from kasdikdas.state import BuildState, with_defaults


def run_pelican(settings: dict) -> None:
    """One Pelican run; its content cache one build at a time (cachelock.py)."""
    from pelican import Pelican

    with cachelock.held(settings):
        Pelican(settings).run()


# A post-build check reads the finished staging folder and returns what is wrong.
Check = Callable[[Path, dict], list[str]]


class BuildCheckError(ReportedError):
    """The site was built but failed a post-build check; it replaced nothing."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Pemeriksaan hasil bangun gagal; situs lama tetap dipakai:\n"
                         + "\n".join(f"- {p}" for p in problems))

    def lines(self) -> list[str]:
        return list(self.problems)


class UnsafeOutputError(ReportedError):
    """The output folder holds something a swap would throw away; nothing was built."""


def unsafe_output_reason(output: Path, settings: dict) -> str | None:
    """Why `output` must not be replaced as a whole, or None when it is safe: it must
    not be the root, the home folder, or hold the project, content, theme or cache."""
    protected = [Path.cwd(), ROOT, Path.home()]
    protected += [Path(settings[key]) for key in ("PATH", "THEME", "CACHE_PATH")
                  if settings.get(key)]
    protected += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    if output == Path(output.anchor):
        return "itu akar sistem berkas"
    for path in protected:
        path = path.resolve()
        if path == output or output in path.parents:
            return f"folder itu memuat {path}"
    return None


def build_site(settings_file="pelicanconf.py", output: str | Path = "output",
               checks: Iterable[Check] = (), incremental: bool = True, **overrides) -> Path:
    """Build into a sibling staging folder, run `checks` on it in order (each only when
    the ones before it found nothing), and replace `output`
    only when the build and every check passed. `incremental`: pages whose inputs did
    not change are hard-linked from the previous output (kasdikdas.incremental)."""
    output = Path(output).resolve()
    settings = pelican_settings(settings_file, **overrides)
    refuse_unknown_settings(settings, settings_file)
    state = BuildState.start(settings)
    reason = unsafe_output_reason(output, settings)
    if reason:
        raise UnsafeOutputError(f"Folder keluaran {output} ditolak: {reason}. "
                                "Pilih folder khusus hasil bangun, mis. output/.")
    output.parent.mkdir(parents=True, exist_ok=True)
    cache = None
    if incremental:
        from kasdikdas.incremental import RenderCache

        cache = state.render_cache = RenderCache(settings, output)
        if not checks and cache.up_to_date():
            logging.getLogger(__name__).info(
                "Tidak ada perubahan sejak build terakhir; %s tetap dipakai.", output)
            return output
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-baru-", dir=output.parent))
    staging.chmod(0o755)  # a web server must be able to read the swapped-in folder
    try:
        settings["OUTPUT_PATH"] = str(staging)
        run_pelican(settings)
        problems = []
        for check in checks:  # in order: a later check (an upload) only after the others pass
            problems = check(staging, settings)
            if problems:
                break
        if problems:
            raise BuildCheckError(problems)
    except BaseException:
        from kasdikdas import postbuild

        shutil.rmtree(staging, ignore_errors=True)
        postbuild.on_build_error()
        raise
    swap_in(staging, output)
    if cache is not None and not has_deferred():  # a site still missing clips is not done
        cache.commit(output)
        logging.getLogger(__name__).info("%s.", cache.summary())
    return output


def swap_in(staging: Path, output: Path) -> None:
    """Replace `output` with `staging` using renames, so the old site is never half-gone.
    The old site moves into a fresh folder of our own before it is deleted."""
    if output.exists():
        holder = Path(tempfile.mkdtemp(prefix=f".{output.name}-lama-", dir=output.parent))
        os.replace(output, holder / output.name)
        os.replace(staging, output)
        shutil.rmtree(holder, ignore_errors=True)
    else:
        os.replace(staging, output)


def index_search(output: str | Path, settings_file="pelicanconf.py", **overrides) -> None:
    """The search index over an output already swapped in: the preview's deferred last
    step (`main_build(defer_search=True)`), so an edited page is on screen before
    Pagefind has run. Until it finishes, the preview's /cari/ has no index."""
    from kasdikdas.postbuild.search import build_index

    settings = with_defaults(pelican_settings(settings_file, **overrides))
    build_index(Path(output).resolve(), settings)


def show_progress() -> None:
    """What a person waiting on a build reads, at INFO: the clips in the cache and the
    ones encoded (with their progress), and the pages rendered and reused. Problems and
    warnings show at any level."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for name in ("kasdikdas.media", "kasdikdas.incremental", __name__):
        logging.getLogger(name).setLevel(logging.INFO)


def main_build(settings_file="pelicanconf.py", output="output", defer_search=False,
               **overrides) -> int:
    """Entry point for `invoke build`: 0 on success, 1 with the report on bad content.
    `defer_search` (the preview): build without the search index; the caller runs
    `index_search` once the site is swapped in."""
    show_progress()
    if defer_search:
        overrides = {**overrides, "SEARCH_PAGEFIND": False}
    try:
        build_site(settings_file, output, **overrides)
    except ReportedError as exc:
        print(exc, file=sys.stderr)
        return exc.exitcode
    return 0
