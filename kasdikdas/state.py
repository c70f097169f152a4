"""The build's one typed state: every phase's settings, validated once, and what each
phase hands the next (the validated site, media by showcase, group memberships, the
render cache). The plugin creates it when Pelican starts and passes its fields to each
phase; a command that runs Pelican itself (`invoke build`) may create it first and read
it afterwards. This module is the one adapter between the state and Pelican's settings
dict: no phase reads the state, or a result of another phase, from a string key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, get_type_hints

from .cms import CmsSettings
from .config import STATE_KEY, PhaseSettings
from .media.location import MediaLocation
from .media.settings import VideoSettings
from .pages.groups.settings import GroupsSettings
from .pages.settings import PageSettings
from .pages.inovasi.settings import InovasiSettings
from .pages.opendata.settings import OpenDataSettings
from .pages.statistik.settings import StatistikSettings
from .postbuild.assets import AssetsSettings
from .postbuild.hosting.settings import HostingSettings
from .postbuild.search.settings import SearchSettings
from .validate.settings import ValidateSettings

if TYPE_CHECKING:
    from .incremental import RenderCache
    from .media.published import Media
    from .pages.groups.grouping import Membership
    from .validate import ValidatedSite


@dataclass(frozen=True)
class Settings:
    """Every phase's settings (each a `PhaseSettings`), read from Pelican's once."""

    validate: ValidateSettings
    pages: PageSettings
    video: VideoSettings
    location: MediaLocation
    groups: GroupsSettings
    inovasi: InovasiSettings
    opendata: OpenDataSettings
    statistik: StatistikSettings
    search: SearchSettings
    assets: AssetsSettings
    hosting: HostingSettings
    cms: CmsSettings

    @classmethod
    def read(cls, settings: Mapping[str, Any]) -> Settings:
        """Every phase's settings; wrong types raise `config.SettingsTypeError`."""
        # Each field's own model (_MODELS): a check mypy cannot make through the names.
        read: dict[str, Any] = {f.name: _MODELS[f.name].read(settings) for f in fields(cls)}
        return cls(**read)

    def apply_to(self, settings: dict[str, Any]) -> None:
        """Every value into Pelican's settings (its writer and templates read some)."""
        for f in fields(self):
            getattr(self, f.name).apply_to(settings)


# Each field's model, from the annotations above: one list of the phases.
_MODELS: dict[str, type[PhaseSettings]] = get_type_hints(Settings)


def declared() -> frozenset[str]:
    """Every setting of ours a settings file may name."""
    return frozenset(name for model in _MODELS.values() for name in model.model_fields)


@dataclass
class BuildState:
    """What one build knows, filled in phase by phase (see plugin.py for the order)."""

    settings: Settings
    site: ValidatedSite | None = None  # validate: the registry and every valid showcase
    media: dict[str, Media] = field(default_factory=dict)  # media: by showcase slug
    private_sources: frozenset[str] = frozenset()  # media: files never published as they are
    memberships: dict[str, Membership] = field(default_factory=dict)  # pages: by slug
    render_cache: RenderCache | None = None  # the command's: unchanged pages are linked

    @classmethod
    def start(cls, settings: dict[str, Any]) -> BuildState:
        """A state for a build with these settings, carried by them from now on (every
        default filled in where Pelican and the templates read them)."""
        state = cls(Settings.read(settings))
        state.settings.apply_to(settings)
        settings[STATE_KEY] = state
        return state


def with_defaults(settings: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `settings` with every phase's defaults filled in (for tools and tests
    that call one phase's functions without a build)."""
    copy = dict(settings)
    Settings.read(copy).apply_to(copy)
    return copy


def state_of(settings: Mapping[str, Any]) -> BuildState | None:
    """The state a build's settings carry, if one was started."""
    return settings.get(STATE_KEY)


def started(settings: dict[str, Any]) -> BuildState:
    """The state the settings carry, or a new one (stock `pelican` starts none)."""
    return state_of(settings) or BuildState.start(settings)
