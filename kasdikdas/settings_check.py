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
                "hapus baris ini, atau lihat daftar pengaturan di docs/settings.md")
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
                        "perbaiki nilainya; lihat daftar pengaturan di docs/settings.md")
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


def reference() -> str:
    """docs/settings.md: every setting of ours, by phase, with its type and default,
    written from the models (`python -m kasdikdas.settings_check > docs/settings.md`; a
    test fails while the file differs)."""
    from kasdikdas.state import _MODELS

    lines = ["# Settings", "",
             "Every setting of ours a settings file (`pelicanconf.py`, `publishconf.py`) may",
             "set, generated from each phase's typed model by",
             "`python -m kasdikdas.settings_check > docs/settings.md`. An unknown name or a",
             "value of another type stops the build with its line and what to write.", ""]
    for phase, model in _MODELS.items():
        lines += [f"## {phase} (`{model.__module__}.{model.__name__}`)", "",
                  "| setting | type | default |", "| --- | --- | --- |"]
        lines += [f"| `{name}` | `{_type_name(field.annotation)}` | "
                  f"{_shown(field.get_default(call_default_factory=True))} |"
                  for name, field in model.model_fields.items()]
        lines.append("")
    return "\n".join(lines)


def _type_name(annotation: object) -> str:
    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    return re.sub(r"\b(?:[a-z_]+\.)+", "", text or str(annotation)).replace("|", "or")


def _shown(value: object, limit: int = 70) -> str:
    """A default as a reader would write it (sets sorted: the same bytes on every run)."""
    if isinstance(value, (set, frozenset)):
        text = "{" + ", ".join(repr(item) for item in sorted(value)) + "}"
    else:
        text = repr(value)
    text = text.replace("|", "\\|")
    return f"`{text}`" if len(text) <= limit else f"`{text[:limit]}…`"


if __name__ == "__main__":
    print(reference(), end="")
