"""What the /admin/ preview pane shows for the codes a showcase stores: generated at
every build from the registry and the model's vocabularies (one source of truth), and
written as `admin/pratinjau-data.js`, a script served from the site itself (the admin
CSP allows no inline script), which `pratinjau.js` reads.

    preview_names(registry, site_stylesheet(settings)) -> dict
    preview_data_script(names) -> str
"""

from __future__ import annotations

import json

from babel.dates import get_month_names

from ...idformat import LOCALE
from ...model.registry import Registry
from ...model.vocab import CATEGORIES, LEVELS
from ..assets import theme_file

DATA_FILE = "pratinjau-data.js"
STYLESHEET = "css/site.css"


def site_stylesheet(settings: dict) -> str | None:
    """The site's stylesheet as its pages carry it (inline, minified), or the theme's
    file: the preview pane gets it as text (no page links the hashed file, so the build
    does not publish one when the stylesheet is inline)."""
    inline = settings.get("ASSET_INLINE", {}).get(STYLESHEET)
    if inline is not None:
        return inline
    source = theme_file(settings, STYLESHEET)
    return source.read_text(encoding="utf-8") if source else None


def preview_names(registry: Registry, stylesheet: str | None) -> dict:
    """NPSN → the school's name and level name, category code → name, the month names
    the site's dates use ("11 Oktober 2024"), and the site's stylesheet (its text)."""
    months = get_month_names("wide", locale=LOCALE)
    return {
        "schools": {npsn: {"name": school.name, "level": school.level.name}
                    for npsn, school in sorted(registry.schools.items())},
        "categories": {code: category.name for code, category in CATEGORIES.items()},
        "levels": {code: level.name for code, level in LEVELS.items()},
        "months": [months[number] for number in range(1, 13)],
        "stylesheet": stylesheet,
    }


def preview_data_script(names: dict) -> str:
    # JSON is a JavaScript expression; `<` escaped so no text can close a script element
    data = json.dumps(names, ensure_ascii=False, sort_keys=False).replace("<", "\\u003c")
    return ("// Dibuat otomatis dari registri sekolah dan model (kasdikdas/postbuild/admin/"
            "names.py); jangan diubah di sini.\n"
            f"window.KASDIKDAS_PRATINJAU = {data};\n")
