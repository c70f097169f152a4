"""/data/datapackage.json: the CSV files as a Frictionless Data Package (v1), each a
resource with a Table Schema (types, constraints, enums from kasdikdas.model.vocab,
NPSN as sekolah.csv's primary key and the others' foreign key), and the metadata
Satu Data Indonesia asks of a dataset (publisher, licence, coverage, update frequency,
contact), which the /data/ page shows too.

`frictionless validate data/datapackage.json` checks every row against these schemas
(tests/pages/test_datapackage.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasdikdas.model.entities import NPSN_PATTERN, SLUG_PATTERN
from kasdikdas.model.vocab import (
    CATEGORIES,
    INNOVATION_AFFAIRS,
    INNOVATION_FORMS,
    INNOVATION_INITIATORS,
    INNOVATION_KINDS,
    INNOVATION_STAGES,
    INNOVATION_THEMES,
    LEVELS,
    SCREENING_REASONS,
    SCREENING_STATUSES,
    STATUSES,
)

from .records import category_column
from .settings import OpenDataSettings


def _f(name, type_="string", required=False, **constraints) -> dict:
    field = {"name": name, "type": type_}
    if type_ == "date":
        field["format"] = "%Y-%m-%d"
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _enum(name, values, required=False) -> dict:
    return _f(name, required=required, enum=list(values))


def _kecamatan(kecamatan) -> list[dict]:
    return [_enum("kecamatan", [k.slug for k in kecamatan], True),
            _enum("kecamatan_code", [k.kemendagri_code for k in kecamatan], True),
            _f("kecamatan_name", required=True)]


def kiprah_fields(kecamatan) -> list[dict]:
    k = _kecamatan(kecamatan)
    return [
        _f("slug", required=True, unique=True, pattern=SLUG_PATTERN.strip("^$")),
        _f("url", required=True), _f("title", required=True), _f("date", "date", True),
        _f("summary", required=True), _f("npsn", required=True, pattern=NPSN_PATTERN.strip("^$")),
        _f("school", required=True), _enum("level", LEVELS, True), *k,
        _enum("category", CATEGORIES, True), _f("category_name", required=True), _f("tags"),
        _f("duration_seconds", "integer", minimum=0), _f("tiers"), _f("poster_url"),
        _f("innovation_name"), _enum("innovation_stage", INNOVATION_STAGES),
        _enum("innovation_initiator", INNOVATION_INITIATORS), _enum("innovation_kind", INNOVATION_KINDS),
        _enum("innovation_form", INNOVATION_FORMS), _f("innovation_started", "date"),
    ]


def school_fields(kecamatan) -> list[dict]:
    return [
        _f("npsn", required=True, unique=True, pattern=NPSN_PATTERN.strip("^$")),
        _f("name", required=True), _f("short_name", required=True), _enum("level", LEVELS, True),
        _enum("status", STATUSES, True), *_kecamatan(kecamatan), _f("village", required=True),
        _f("latitude", "number", minimum=-90, maximum=90),
        _f("longitude", "number", minimum=-180, maximum=180), _f("url", required=True),
        _f("showcases", "integer", True, minimum=0),
        *[_f(category_column(c), "integer", True, minimum=0) for c in CATEGORIES],
        _f("innovations", "integer", True, minimum=0), _f("latest_showcase", "date"),
    ]


def innovation_fields(kecamatan, all_rules: dict) -> list[dict]:
    from .innovations import indicator_numbers

    levels = sorted({lv for r in all_rules.values()
                     for lv in range(r.scoring.level_min, r.scoring.level_max + 1)}) or [1, 2, 3]
    predicates = sorted({p.name for r in all_rules.values() for p in r.scoring.predicates})
    indicators = []
    for n in indicator_numbers(all_rules):
        indicators += [_f(f"indicator_{n}_level", "integer", enum=levels), _f(f"indicator_{n}_evidence")]
    k = _kecamatan(kecamatan)
    return [
        _f("name", required=True), _enum("stage", INNOVATION_STAGES.values(), True),
        _enum("initiator", INNOVATION_INITIATORS.values(), True), _f("initiator_name"),
        _enum("kind", INNOVATION_KINDS.values(), True), _enum("form", INNOVATION_FORMS.values(), True),
        _enum("theme", INNOVATION_THEMES.values()),
        _enum("affair", [INNOVATION_AFFAIRS["pendidikan"]], True), _f("other_affairs"),
        _f("trial_start", "date"), _f("implementation_start", "date"), _f("design"),
        _f("design_words", "integer", True, minimum=0), _f("goals"), _f("benefits"), _f("results"),
        *indicators,
        _f("estimated_score", "number", minimum=0), _enum("estimated_predicate", predicates),
        _f("missing_mandatory"), _enum("screening", SCREENING_STATUSES, True),
        _f("screening_year", "integer", minimum=2000, maximum=2100),
        _enum("reason", SCREENING_REASONS), _f("reason_note"), _f("school", required=True),
        _f("npsn", required=True, pattern=NPSN_PATTERN.strip("^$")), _enum("level", LEVELS, True),
        k[1], k[0], k[2], _f("video_url"), _f("duration_seconds", "integer", minimum=0),
        _f("showcase_url", required=True), _f("profile_url", required=True, unique=True),
        _f("summary", required=True),
    ]


def _school_key() -> dict:
    return {"fields": "npsn", "reference": {"resource": "sekolah", "fields": "npsn"}}


def metadata(settings: dict, today: dt.date | None = None) -> dict:
    """What Satu Data Indonesia asks of a dataset, from the settings (OPENDATA_*)."""
    opendata = OpenDataSettings.read(settings)
    return {
        "publisher": opendata.OPENDATA_PUBLISHER or settings.get("AUTHOR", ""),
        "license": opendata.OPENDATA_LICENSE,
        "coverage": opendata.OPENDATA_COVERAGE,
        "frequency": opendata.OPENDATA_FREQUENCY,
        "contact": opendata.OPENDATA_CONTACT,
        "updated": (today or dt.date.today()).isoformat(),
    }


def data_package(files, kecamatan, all_rules: dict, settings: dict, meta: dict) -> dict:
    """The descriptor for the CSV files among `files` (DataFile objects, written)."""
    opendata = OpenDataSettings.read(settings)
    schemas: dict[str, tuple[str, dict[str, Any]]] = {
        "kiprah.csv": ("kiprah", {"fields": kiprah_fields(kecamatan), "primaryKey": "slug",
                                  "foreignKeys": [_school_key()]}),
        "sekolah.csv": ("sekolah", {"fields": school_fields(kecamatan), "primaryKey": "npsn"}),
        "inovasi.csv": ("inovasi", {"fields": innovation_fields(kecamatan, all_rules),
                                    "primaryKey": "profile_url", "foreignKeys": [_school_key()]}),
    }
    resources = []
    for f in files:
        if f.name.startswith("iid-") and f.name.endswith(".csv"):
            name, schema = f.name[:-4], schemas["inovasi.csv"][1]
        elif f.name in schemas:
            name, schema = schemas[f.name]
        else:
            continue
        descriptions = {c.key: c.description for c in f.columns}
        fields = [{**fld, "description": descriptions.get(fld["name"], "")} for fld in schema["fields"]]
        resources.append({
            "name": name, "path": f.name, "title": f.title, "description": f.description,
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8-sig", "bytes": f.size,
            "schema": {**schema, "fields": fields, "missingValues": [""]},
        })
    siteurl = settings.get("SITEURL") or ""
    return {
        "profile": "tabular-data-package",
        "name": opendata.OPENDATA_PACKAGE_NAME,
        "title": f"Data terbuka {settings.get('SITENAME', '')}",
        "description": ("Kiprah (video kegiatan), daftar sekolah dan inovasi SD dan SMP di "
                        f"Kabupaten Blora. Cakupan: {meta['coverage']}. Pembaruan: {meta['frequency']}."),
        "homepage": f"{siteurl}/{opendata.OPENDATA_URL}",
        "licenses": [opendata.OPENDATA_LICENSE],
        "contributors": [{"title": meta["publisher"], "role": "publisher",
                          **({"email": meta["contact"]["email"]} if meta["contact"].get("email") else {}),
                          **({"path": meta["contact"]["url"]} if meta["contact"].get("url") else {})}],
        "keywords": ["pendidikan", "sekolah", "Blora", "inovasi daerah", "Satu Data Indonesia"],
        "created": f"{meta['updated']}T00:00:00Z",  # Data Package asks a date-time
        "spatial": meta["coverage"],
        "frequency": meta["frequency"],
        "resources": resources,
    }
