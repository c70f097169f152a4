"""The JSON Schema of kiprah.json (draft 2020-12), made from the model: the slug and
NPSN patterns and every vocabulary come from kasdikdas.model, so a new category or
stage changes the published schema by itself.

Version 1: an incompatible change publishes kiprah.v2.schema.json; a new optional
column does not.
"""

from __future__ import annotations

from kasdikdas.model.entities import NPSN_PATTERN, SLUG_PATTERN
from kasdikdas.model.vocab import (
    CATEGORIES,
    INNOVATION_FORMS,
    INNOVATION_INITIATORS,
    INNOVATION_KINDS,
    INNOVATION_AFFAIRS,
    INNOVATION_STAGES,
    INNOVATION_THEMES,
    LEVELS,
    SCREENING_REASONS,
    SCREENING_STATUSES,
)

SCHEMA_VERSION = 1
SCHEMA_NAME = f"kiprah.v{SCHEMA_VERSION}.schema.json"

DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


def _enum(vocabulary) -> dict:
    return {"enum": list(vocabulary)}


def _innovation() -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "stage", "initiator", "kind", "form", "started"],
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "stage": _enum(INNOVATION_STAGES),
            "initiator": _enum(INNOVATION_INITIATORS),
            "kind": _enum(INNOVATION_KINDS),
            "form": _enum(INNOVATION_FORMS),
            "started": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/date"}]},
            # optional keys added with the innovation profile (no new schema version)
            "initiator_name": {"type": ["string", "null"]},
            "affairs": {"type": "array", "items": _enum(INNOVATION_AFFAIRS)},
            "theme": {"oneOf": [{"type": "null"}, _enum(INNOVATION_THEMES)]},
            "trial_start": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/date"}]},
            "implementation_start": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/date"}]},
            "screening": _enum(SCREENING_STATUSES),
            "year": {"type": ["integer", "null"]},
            "reason": {"oneOf": [{"type": "null"}, _enum(SCREENING_REASONS)]},
        },
    }


def _tier() -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "height", "bytes", "url"],
        "properties": {
            "name": {"type": "string"},
            "codec": {"enum": ["av1", "h264"]},  # AV1 + Opus or H.264 + AAC (issue 15)
            "height": {"type": ["integer", "null"], "minimum": 1},
            "bytes": {"type": ["integer", "null"], "minimum": 0},
            "url": {"type": ["string", "null"]},
        },
    }


def _showcase() -> dict:
    properties = {
        "slug": {"type": "string", "pattern": SLUG_PATTERN},
        "url": {"$ref": "#/$defs/url"},
        "title": {"type": "string", "minLength": 1},
        "date": {"$ref": "#/$defs/date"},
        "summary": {"type": "string"},
        "npsn": {"type": "string", "pattern": NPSN_PATTERN},
        "school": {"type": "string", "minLength": 1},
        "level": _enum(LEVELS),
        "kecamatan": {"type": "string", "pattern": SLUG_PATTERN},
        "kecamatan_code": {"type": "string", "pattern": r"^33\.16\.[0-9]{2}$"},
        "kecamatan_name": {"type": "string", "minLength": 1},
        "category": _enum(CATEGORIES),
        "category_name": {"type": "string", "minLength": 1},
        "tags": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "duration_seconds": {"type": ["integer", "null"], "minimum": 0},
        "tiers": {"type": "array", "items": _tier()},
        "poster_url": {"type": ["string", "null"]},
        "innovation": {"oneOf": [{"type": "null"}, _innovation()]},
    }
    return {"type": "object", "additionalProperties": False, "required": list(properties),
            "properties": properties}


def kiprah_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Data kiprah Kas Dikdas Blora, versi skema {SCHEMA_VERSION}",
        "description": (
            "Isi kiprah.json: satu rekaman per kiprah yang terbit. Perubahan yang tidak "
            f"kompatibel menaikkan versi (kiprah.v{SCHEMA_VERSION + 1}.schema.json); "
            "penambahan kolom opsional tidak."),
        "type": "object",
        "required": ["schema", "schema_version", "count", "showcases"],
        "additionalProperties": False,
        "properties": {
            "schema": {"type": "string", "description": "nama berkas skema ini"},
            "schema_version": {"const": SCHEMA_VERSION},
            "count": {"type": "integer", "minimum": 0, "description": "jumlah kiprah"},
            "showcases": {"type": "array", "items": {"$ref": "#/$defs/showcase"}},
        },
        "$defs": {"date": DATE, "url": {"type": "string", "minLength": 1}, "showcase": _showcase()},
    }
