"""The settings validation reads (KIPRAH_*), typed, with their defaults; pelicanconf.py
may override any."""

from __future__ import annotations

from pydantic import Field

from kasdikdas.config import PhaseSettings


class ValidateSettings(PhaseSettings):
    KIPRAH_DIR: str = "kiprah"  # showcases, relative to PATH (content/)
    KIPRAH_KECAMATAN_FILE: str = "data/kecamatan.yml"
    KIPRAH_SCHOOLS_FILE: str = "data/schools.yml"
    KIPRAH_MAX_SOURCE_BYTES: int = 200_000
    # What each static folder (STATIC_PATHS) may hold (kasdikdas/validate/static.py):
    # a static folder not named here takes nothing.
    KIPRAH_STATIC_TYPES: dict[str, tuple[str, ...]] = Field(
        default_factory=lambda: {"images": ("gambar",), "bukti": ("pdf", "gambar")})
    # Tags and attributes a Markdown body may keep after sanitising (nh3 / ammonia).
    KIPRAH_ALLOWED_TAGS: frozenset[str] = frozenset({
        "p", "br", "strong", "em", "b", "i", "u", "s", "a", "ul", "ol", "li", "blockquote",
        "h2", "h3", "h4", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
        "img", "figure", "figcaption", "abbr", "sub", "sup",
    })


DEFAULTS = ValidateSettings.defaults()
