"""Our own settings, declared once by each phase (its `DEFAULTS`), and the check that
refuses a setting of ours that no phase declares: a typo in pelicanconf.py would
otherwise be ignored without a word. Settings of Pelican and of other plugins pass."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path

from kasdikdas.model.problems import Problem

# Written by the build itself while it runs, never by a settings file.
RUNTIME = frozenset({"VIDEO_SHARED_CACHE"})


def declared() -> frozenset[str]:
    """Every setting of ours a settings file may name: each phase's DEFAULTS, and the
    media bucket's names (read from the environment by publishconf.py)."""
    from kasdikdas import cms
    from kasdikdas.media import location
    from kasdikdas.media import settings as media
    from kasdikdas.pages.groups import settings as groups
    from kasdikdas.pages.inovasi import settings as inovasi
    from kasdikdas.pages.opendata import settings as opendata
    from kasdikdas.pages.statistik import settings as statistik
    from kasdikdas.postbuild import assets
    from kasdikdas.postbuild.hosting import settings as hosting
    from kasdikdas.postbuild.search import settings as search
    from kasdikdas.validate import settings as validate

    keys = set(location.NAMES) | RUNTIME
    for phase in (cms, media, groups, inovasi, opendata, statistik, assets, hosting, search,
                  validate):
        keys |= phase.DEFAULTS.keys()
    return frozenset(keys)


def _prefix(key: str) -> str:
    return key.split("_", 1)[0] + "_"


def unknown_settings(settings: Mapping[str, object], settings_file: str | Path,
                     known: frozenset[str] | None = None) -> list[Problem]:
    """A problem for each setting that carries one of our prefixes (`VIDEO_`,
    `KIPRAH_`, …) but that no phase declares, at its line in `settings_file`, with the
    closest declared name."""
    known = declared() if known is None else known
    prefixes = {_prefix(key) for key in known}
    path = Path(settings_file)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    problems = []
    for key in sorted(settings):
        if key in known or _prefix(key) not in prefixes or not key.isupper():
            continue
        assigned = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
        line = text.count("\n", 0, assigned.start()) + 1 if assigned else None
        guess = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
        hint = (f"maksud Anda `{guess[0]}`?" if guess else
                "hapus baris ini, atau lihat daftar pengaturan di README")
        problems.append(Problem(str(settings_file), line, key, "pengaturan tidak dikenal", hint))
    return problems


def refuse_unknown_settings(settings: Mapping[str, object], settings_file: str | Path) -> None:
    """Stop before anything is built or checked when a setting of ours is misspelt."""
    from kasdikdas.model.problems import ContentError

    problems = unknown_settings(settings, settings_file)
    if problems:
        raise ContentError(problems)
