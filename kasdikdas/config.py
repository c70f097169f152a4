"""Where the project is, how its Pelican settings are read, and the base of every
phase's typed settings: the one place the build, validation and the tools take them from."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self, cast

from pydantic import BaseModel, ConfigDict, ValidationError

ROOT = Path(__file__).resolve().parent.parent
STATE_KEY = "_KASDIKDAS_BUILD_STATE"  # where Pelican's settings dict carries the build state
# A file named by its content never changes: cached for a year (the published media's
# HOSTING_CACHE_LONG by default, and every object put in a bucket).
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"


def pelican_settings(settings_file: str | Path = "pelicanconf.py",
                     **overrides: Any) -> dict[str, Any]:
    from pelican.settings import read_settings

    settings: dict[str, Any] = read_settings(str(settings_file), override=overrides)
    return settings


class PhaseSettings(BaseModel):
    """One phase's settings, typed and validated once. A field's name is the setting's
    name in pelicanconf.py (`VIDEO_MAX_SECONDS`), so a setting has one name everywhere;
    its default here is the setting's default, and nowhere else."""

    model_config = ConfigDict(frozen=True, extra="ignore", arbitrary_types_allowed=True)

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        return {name: field.get_default(call_default_factory=True)
                for name, field in cls.model_fields.items()}

    @classmethod
    def read(cls, settings: Mapping[str, Any] | Self) -> Self:
        """The phase's settings from Pelican's: the ones set, the defaults for the rest
        (or `settings` itself when it is already this phase's). A value of the wrong
        type raises `SettingsTypeError` (every wrong one at once)."""
        if isinstance(settings, cls):
            return settings
        given = cast(Mapping[str, Any], settings)  # not this phase's: Pelican's settings
        try:
            return cls.model_validate({k: given[k] for k in cls.model_fields if k in given})
        except ValidationError as error:
            raise SettingsTypeError(error) from None

    def apply_to(self, settings: dict[str, Any]) -> None:
        """Write every value into Pelican's settings (templates and Pelican's own
        writer read some of them there: URLs, pagination)."""
        for name in type(self).model_fields:
            settings[name] = getattr(self, name)

    @classmethod
    def change(cls, settings: dict[str, Any], **values: Any) -> Self:
        """Set some of this phase's settings in Pelican's (a value one phase derives for
        another: the CSP hash of the inlined stylesheet), validated like the rest."""
        unknown = values.keys() - cls.model_fields.keys()
        if unknown:
            raise TypeError(f"{cls.__name__} has no setting {', '.join(sorted(unknown))}")
        changed = cls.read({**dict(cls.read(settings)), **values})
        changed.apply_to(settings)
        return changed

    @classmethod
    def fill(cls, settings: dict[str, Any]) -> dict[str, Any]:
        """`settings` with this phase's values validated and every default filled in."""
        cls.read(settings).apply_to(settings)
        return settings


class SettingsTypeError(ValueError):
    """Settings of the wrong type: each as (name, what pydantic expected)."""

    def __init__(self, error: ValidationError):
        self.wrong = [(str(e["loc"][0]), _expected(e)) for e in error.errors()
                      if e.get("loc")]
        super().__init__("; ".join(f"{name}: {what}" for name, what in self.wrong))


_EXPECTED = {"int": "bilangan bulat", "float": "angka", "bool": "True atau False",
             "string": "teks", "str": "teks", "dict": "kamus ({…})", "tuple": "daftar",
             "list": "daftar", "set": "himpunan", "frozenset": "himpunan",
             "none": "None", "mapping": "kamus ({…})"}


def _expected(error: Mapping[str, Any]) -> str:
    """What a setting should be, in Indonesian: "harus berupa angka"."""
    kind = str(error.get("type", "")).split("_")[0]
    word = _EXPECTED.get(kind)
    got = repr(error.get("input"))[:60]
    return (f"harus berupa {word}, bukan {got}" if word else
            f"nilai {got} tidak sah ({error.get('msg', '')})")
