"""The check of a settings file against our typed settings (each phase's model, see
kasdikdas.state): a setting of ours that no phase declares (a typo in pelicanconf.py
would otherwise be ignored without a word) or a value of the wrong type stops the build
with the setting's name, its line and a suggestion. Settings of Pelican and of other
plugins pass."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path

from kasdikdas.model.problems import Problem


def declared() -> frozenset[str]:
    """Every setting of ours a settings file may name: each phase's typed settings
    (kasdikdas.state), the media bucket's names included."""
    from kasdikdas.state import declared

    return declared()


def _prefix(key: str) -> str:
    return key.split("_", 1)[0] + "_"


def unknown_settings(settings: Mapping[str, object], settings_file: str | Path,
                     known: frozenset[str] | None = None) -> list[Problem]:
    """A problem for each setting that carries one of our prefixes (`VIDEO_`,
    `KIPRAH_`, …) but that no phase declares, at its line in `settings_file`, with the
    closest declared name."""
    known = declared() if known is None else known
    prefixes = {_prefix(key) for key in known}
    text = _text(settings_file)
    problems = []
    for key in sorted(settings):
        if key in known or _prefix(key) not in prefixes or not key.isupper():
            continue
        line = line_of(key, text)
        guess = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
        hint = (f"maksud Anda `{guess[0]}`?" if guess else
                "hapus baris ini, atau lihat daftar pengaturan di README")
        problems.append(Problem(str(settings_file), line, key, "pengaturan tidak dikenal", hint))
    return problems


def line_of(key: str, text: str) -> int | None:
    assigned = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
    return text.count("\n", 0, assigned.start()) + 1 if assigned else None


def wrong_types(settings: Mapping[str, object], settings_file: str | Path) -> list[Problem]:
    """A problem for each setting of ours whose value has the wrong type."""
    from kasdikdas.config import SettingsTypeError
    from kasdikdas.state import Settings

    try:
        Settings.read(settings)
    except SettingsTypeError as error:
        text = _text(settings_file)
        return [Problem(str(settings_file), line_of(name, text), name, what,
                        "perbaiki nilainya; lihat daftar pengaturan di README")
                for name, what in error.wrong]
    return []


def _text(settings_file: str | Path) -> str:
    path = Path(settings_file)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def refuse_unknown_settings(settings: Mapping[str, object], settings_file: str | Path) -> None:
    """Stop before anything is built or checked when a setting of ours is misspelt or
    of the wrong type (every such setting at once)."""
    from kasdikdas.model.problems import ContentError

    problems = unknown_settings(settings, settings_file)
    problems += wrong_types(settings, settings_file)
    if problems:
        raise ContentError(problems)
