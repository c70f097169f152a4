"""One validation path for `invoke check`, the build and `invoke publish`.

    validate_site(settings) -> (ValidatedSite, problems)

reads the showcase files Pelican would read (its ARTICLE_PATHS, excludes and
IGNORE_FILES), resolves each against the registry named by the settings, and inspects
every valid showcase's video (kasdikdas.media.inspect) with the settings' limits, and
every file of the static folders (`static.py`: regular files of allowed types). The
build reaches the same `validate_showcases` from Pelican's reader output
(`resolve.py`), so an editor sees the same problems from every command.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ROOT, pelican_settings
from ..media.inspect import Source, inspect_sources
from ..model.entities import Showcase
from ..model.problems import Problem
from ..model.paths import real_dir, unread_files
from ..model.registry import Registry, load_registry
from ..model.showcase import (
    build_showcase,
    duplicate_slug_problems,
    read_source,
    unexpected_problem,
)
from .readcache import ReadFile, read_all, remembered_registry
from .settings import ValidateSettings
from .static import link_problems, named_sources, static_problems


@dataclass
class ValidatedSite:
    """What validation found: the registry, the valid showcases (keyed by their source
    file, relative to content/) and their inspected videos."""

    registry: Registry
    showcases: dict[str, Showcase] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)


def registry_for(settings: dict) -> Registry:
    return load_registry(*registry_files(settings))


def registry_files(settings: dict) -> tuple[Path, Path]:
    """The kecamatan file and the school registry, under content/."""
    content, kiprah = Path(settings["PATH"]), ValidateSettings.read(settings)
    return content / kiprah.KIPRAH_KECAMATAN_FILE, content / kiprah.KIPRAH_SCHOOLS_FILE


def showcase_paths(settings: dict) -> list[str]:
    """The showcase files Pelican's article generator reads (relative to content/,
    POSIX): its ARTICLE_PATHS less ARTICLE_EXCLUDES and IGNORE_FILES, Markdown only,
    inside KIPRAH_DIR. Broken symlinks are listed, as Pelican lists them."""
    from pelican.generators import Generator

    finder = Generator.__new__(Generator)  # only get_files: no readers, no templates
    finder.path, finder.settings = os.path.abspath(settings["PATH"]), settings
    found = finder.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"],
                             extensions=("md",))
    folder = ValidateSettings.read(settings).KIPRAH_DIR.strip("/") + "/"
    return sorted(p.replace(os.sep, "/") for p in found
                  if p.replace(os.sep, "/").startswith(folder))


def page_paths(settings: dict) -> list[str]:
    """The Markdown pages Pelican's page generator reads (relative to content/, POSIX)."""
    from pelican.generators import Generator

    finder = Generator.__new__(Generator)
    finder.path, finder.settings = os.path.abspath(settings["PATH"]), settings
    found = finder.get_files(settings.get("PAGE_PATHS", ()),
                             exclude=settings.get("PAGE_EXCLUDES", ()), extensions=("md",))
    return [p.replace(os.sep, "/") for p in found]


def read_file(content: Path, relative: str, settings: dict) -> ReadFile:
    path = content / relative
    try:
        source, problems = read_source(path, ValidateSettings.read(settings).KIPRAH_MAX_SOURCE_BYTES,
                                       content_root=content)
    except Exception as exc:  # a bug must not hide the other files' problems
        source, problems = None, [unexpected_problem(path, exc)]
    return ReadFile(relative, source, tuple(problems))


def validate_showcases(files: Iterable[ReadFile], registry: Registry, settings: dict,
                       videos: bool = True, today: dt.date | None = None
                       ) -> tuple[ValidatedSite, list[Problem]]:
    """Resolve every read file against the registry, then (`videos`) inspect the valid
    showcases' videos, and the static folders; every problem of every file, in one list."""
    content = Path(settings["PATH"])
    files = list(files)
    real_dir.cache_clear()  # folders are resolved once per validation, never across two
    problems: list[Problem] = list(registry.problems)
    site = ValidatedSite(registry)
    found: list[tuple[str, Showcase]] = []
    for item in files:
        problems += item.problems
        if item.source is None:
            continue
        try:
            showcase, file_problems = build_showcase(item.source, registry, content, today)
        except Exception as exc:
            showcase, file_problems = None, [unexpected_problem(item.source.path, exc)]
        problems += file_problems
        if showcase is not None:
            site.showcases[item.relative] = showcase
            found.append((item.source.shown, showcase))
    problems += duplicate_slug_problems(found)
    kiprah_dir = ValidateSettings.read(settings).KIPRAH_DIR.strip("/")
    problems += unread_files(content, kiprah_dir, {f.relative for f in files})
    for folder in settings.get("PAGE_PATHS", ()):
        problems += unread_files(content, folder, set(page_paths(settings)))
    problems += static_problems(settings, named_sources(files)) + link_problems(files, settings)
    if videos:
        site.sources, video_problems = inspect_sources(list(site.showcases.values()), content,
                                                       settings)
        problems += video_problems
    return site, problems


def validate_site(settings: dict) -> tuple[ValidatedSite, list[Problem]]:
    """Everything wrong with the content the settings name (see the module's doc)."""
    content = Path(settings["PATH"])
    files = read_all(content, showcase_paths(settings), settings, read_file)
    registry = remembered_registry(settings, registry_files(settings), load_registry)
    return validate_showcases(files, registry, settings)


def check_content(content: Path, registry: Registry, folder: str = "kiprah",
                  today: dt.date | None = None) -> tuple[list[Showcase], list[Problem]]:
    """The model's part of `validate_site` (no video is probed) for a content folder with
    the project's pelicanconf.py: the valid showcases and every problem. For tests and
    tools."""
    settings = pelican_settings(ROOT / "pelicanconf.py", PATH=str(content),
                                ARTICLE_PATHS=[folder], KIPRAH_DIR=folder)
    files = [read_file(Path(content), relative, settings) for relative in showcase_paths(settings)]
    site, problems = validate_showcases(files, registry, settings, videos=False, today=today)
    return list(site.showcases.values()), problems


def check_videos(showcases, content: Path, settings: dict | None = None) -> list[Problem]:
    """The video part of `validate_site` for showcases already resolved (the media
    defaults under `settings`). For tests and tools."""
    _, problems = inspect_sources(list(showcases), Path(content), dict(settings or {}))
    return problems
