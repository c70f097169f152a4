"""The /admin/ editor (Decap CMS): its config.yml, generated from the content model.

Nothing here is kept by hand beside the model: every field of `FrontMatter` (and of
its nested models, such as `innovation`) becomes a form field, in the model's order,
with the model's required flag, enumeration (a Literal: category, stage, …), pattern
and length limit; labels come from `model/labels.py`, help text from `FIELD_HELP`, and a
pattern's message is the fix `invoke check` prints for the same mistake
(`messages.describe`). The school is chosen from the registry by name or NPSN. A field
added to the model reaches the form at the next build.

    config_for(settings) -> dict   # what /admin/config.yml holds
    collection_fields(model, registry) -> list[dict]
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, HttpUrl
from pydantic.types import StringConstraints

from kasdikdas.config import PhaseSettings
from .model import vocab
from .model.entities import FrontMatter
from .model.labels import EXTRA_HELP, FIELD_LABELS
from .model.messages import DATE_FIELDS, FIELD_HELP, describe
from .model.registry import Registry


class CmsSettings(PhaseSettings):
    """The /admin/ editor's settings (CMS_*), typed, with their defaults."""

    CMS_ADMIN: bool = False  # write /admin/ into the build (pelicanconf.py: yes; publish: opt in)
    CMS_ADMIN_DIR: str = "admin"
    # The git host the editor saves to (docs/panduan-editor.md: GitHub, GitLab, Gitea).
    CMS_BACKEND: dict[str, Any] = {"name": "github", "repo": "diknas-blora/kasdikdas", "branch": "main"}
    # Also talk to decap-server on the editor's own computer (development builds only):
    # True (Decap's default, http://localhost:8081) or {"url": ...} of the one the live
    # preview started (kasdikdas/local_backend.py). Its root is content/, so the paths of a
    # build with it are written from inside content/; a git host's, from the repository.
    CMS_LOCAL_BACKEND: bool | dict[str, str] = False
    # editorial_workflow: every new showcase is a pull/merge request; simple: a commit.
    CMS_PUBLISH_MODE: str = "editorial_workflow"
    CMS_SITE_URL: str = ""
    # Where the npm-installed Decap bundle is (package.json pins it; `npm ci`).
    CMS_BUNDLE_DIR: str = "node_modules/decap-cms/dist"
    # The /admin/ page's own Content-Security-Policy (Decap needs 'unsafe-eval': its
    # config validator compiles schemas with new Function; and inline styles).
    CMS_CSP: dict[str, list[str]] = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        # (+ the local backend's origin, only in a build that has one: postbuild/admin)
        "connect-src": ["'self'", "https://api.github.com", "https://gitlab.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


DEFAULTS = CmsSettings.defaults()

# The school picker's hint (the file's help, an NPSN in schools.yml, is for YAML writers)
SCHOOL_HINT = "ketik nama sekolah atau NPSN-nya, lalu pilih"
# A date as the file holds it (the model and messages.DATE_FIELDS say which fields are dates)
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# Files the editor uploads: the folder (inside content/) and the value as written.
FILE_FIELDS = {
    "video": ("file", "videos", "videos"),
    "captions": ("file", "videos", "videos"),
    "poster": ("image", "images", "images"),
}
# Where content/ is, seen from the backend's root: the repository for a git host.
REPOSITORY_CONTENT = "content/"
DECAP_LOCAL_BACKEND = "http://localhost:8081"  # what `local_backend: true` talks to
LONG_TEXT_FIELDS = {"summary"}
HTTPS_PATTERN = r"^https?://\S+$"
_VALUE = "\x00"


def _unwrap(annotation) -> tuple[object, list, bool]:
    """(base type, Annotated metadata, optional) of a field's annotation."""
    optional = False
    metadata: list = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata += extra
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            annotation = args[0]
        else:
            return annotation, metadata, optional


def _constraints(metadata) -> dict:
    found = {}
    for item in metadata:
        if isinstance(item, StringConstraints):
            for key in ("pattern", "max_length", "min_length"):
                if getattr(item, key) is not None:
                    found[key] = getattr(item, key)
    return found


def _check_words(name: str, kind: str, **ctx) -> str:
    """What `invoke check` says for this mistake in this field, without the value."""
    what, fix = describe({"type": kind, "loc": (name,), "input": _VALUE, "ctx": ctx})
    what = re.sub(rf"(?:nilai )?`{_VALUE}` ?", "", what).strip()
    return f"{what} — {fix}" if what else fix


def _vocabulary_names(codes) -> dict[str, str]:
    """The reader's name of each code, from the vocabulary (vocab.py) sharing the most
    codes with this enumeration; a code no vocabulary names is shown as itself."""
    best: dict = {}
    for value in vars(vocab).values():
        if isinstance(value, dict) and len(set(value) & set(codes)) > len(set(best) & set(codes)):
            best = value
    return {code: getattr(item, "name", item) for code, item in best.items()}


def _help(name: str) -> str | None:
    text = FIELD_HELP.get(name) or EXTRA_HELP.get(name)
    return _form_text(text, name) if text else None


def _form_text(text: str, name: str | None = None) -> str:
    """The messages' `code` as a form shows it: in quotation marks (Decap prints
    backticks as they are), and an example's `name: value` as its value alone (the
    form asks for the value, not the YAML line)."""
    key = rf"(?:{re.escape(name)}: )?" if name else ""
    return re.sub(rf'`{key}"?([^`"]*)"?`', "“\\1”", text)


def field_config(name: str, info, registry: Registry | None) -> dict:
    base, metadata, optional = _unwrap(info.annotation)
    metadata = list(info.metadata) + metadata
    config: dict = {"name": name, "label": FIELD_LABELS.get(name, name),
                    "required": info.is_required()}
    hint = _help(name)
    if hint:
        config["hint"] = hint
    if get_origin(base) is Literal:
        codes = list(get_args(base))
        names = _vocabulary_names(codes)
        config.update(widget="select", options=[{"label": names.get(c, c), "value": c} for c in codes])
        config.pop("hint", None)  # the choices are shown by name; a list of codes confuses
        if info.default not in (None, ...) and not info.is_required():
            config["default"] = info.default
    elif isinstance(base, type) and issubclass(base, BaseModel):
        config.update(widget="object", collapsed=True,
                      fields=collection_fields(base, registry))
        if optional:  # the whole block is optional: its own fields are asked only with it
            for child in config["fields"]:  # (and nothing is filled in unless asked for)
                child["required"] = False
                child.pop("default", None)
    elif get_origin(base) is list:
        config.update(widget="list")  # no default: an empty list is not written (issue 24)
        item = _unwrap(get_args(base)[0])[0] if get_args(base) else str
        if isinstance(item, type) and issubclass(item, BaseModel):
            config["fields"] = collection_fields(item, registry)
    elif base in (int, float):
        config.update(widget="number", value_type="int" if base is int else "float")
    elif base is bool:
        config.update(widget="boolean", default=False)
    elif base is dt.date or name in DATE_FIELDS:
        # typed as the file holds it and read back below ("11 Oktober 2024"):
        # pratinjau.js. A browser's own date box orders by its language (mm/dd/yyyy)
        config.update(widget="tanggal", pattern=[
            DATE_PATTERN, _check_words(name, "date_from_datetime_parsing")])
    elif base is HttpUrl:
        config.update(widget="string", pattern=[HTTPS_PATTERN, _check_words(name, "url_parsing")])
    elif name == "school" and registry is not None:
        config.update(widget="select", hint=SCHOOL_HINT, options=[
            {"label": f"{school.name} — NPSN {npsn}", "value": npsn}
            for npsn, school in sorted(registry.schools.items(), key=lambda s: s[1].name)])
    elif name in FILE_FIELDS:
        widget, folder, public = FILE_FIELDS[name]
        config.update(widget=widget, media_folder=folder,
                      public_folder=public, choose_url=True)
    else:
        config.update(_text_widget(name, metadata))
    return config


def _text_widget(name: str, metadata: list) -> dict:
    """A text field, checked in the form as the model checks it (pattern or length)."""
    config: dict = {"widget": "text" if name in LONG_TEXT_FIELDS else "string"}
    limits = _constraints(metadata)
    if "pattern" in limits:
        config["pattern"] = [limits["pattern"], _check_words(
            name, "string_pattern_mismatch", pattern=limits["pattern"])]
    elif "max_length" in limits:
        config["pattern"] = [rf"^[\s\S]{{0,{limits['max_length']}}}$", _check_words(
            name, "string_too_long", max_length=limits["max_length"])]
    return config


def collection_fields(model: type[BaseModel] = FrontMatter,
                      registry: Registry | None = None) -> list[dict]:
    """One form field per model field, in the model's order."""
    return [field_config(name, info, registry) for name, info in model.model_fields.items()]


def content_prefix(settings: dict) -> str:
    """content/ as the backend sees it: "" for the local decap-server (its root is
    content/ itself), `content/` for a git host (the repository's root)."""
    return "" if CmsSettings.read(settings).CMS_LOCAL_BACKEND else REPOSITORY_CONTENT


def local_backend_origin(settings: dict) -> str | None:
    """`http://127.0.0.1:<port>` of the build's local backend, for the /admin/ CSP."""
    local = CmsSettings.read(settings).CMS_LOCAL_BACKEND
    if not local:
        return None
    url = local.get("url", DECAP_LOCAL_BACKEND) if isinstance(local, dict) else DECAP_LOCAL_BACKEND
    return "/".join(url.split("/")[:3])


def _rooted(fields: list[dict], content: str) -> list[dict]:
    """Upload folders (relative to content/) as the backend's root sees them."""
    for config in fields:
        if "media_folder" in config:
            config["media_folder"] = f"/{content}{config['media_folder']}"
        _rooted(config.get("fields", []), content)
    return fields


def body_field() -> dict:
    return {"name": "body", "label": FIELD_LABELS["body"], "widget": "text",
            "required": True, "hint": _form_text(EXTRA_HELP["body"])}


def config_for(settings: dict, registry: Registry | None = None,
               model: type[BaseModel] = FrontMatter) -> dict:
    """The whole config.yml for the settings' content folder and registry."""
    from .validate import registry_for
    from .validate.settings import ValidateSettings

    cms = CmsSettings.read(settings)
    if registry is None:
        registry = registry_for(settings)
    kiprah_dir = ValidateSettings.read(settings).KIPRAH_DIR.strip("/")
    content = content_prefix(settings)
    fields = _rooted(collection_fields(model, registry), content) + [body_field()]
    category = next((f for f in fields if f["name"] == "category"), None)
    config: dict[str, Any] = {
        "locale": "id",
        "backend": dict(cms.CMS_BACKEND),
        "media_folder": f"{content}videos",
        "public_folder": "videos",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": "kiprah",
            "label": "Kiprah",
            "label_singular": "Kiprah",
            "description": _form_text("Satu kiprah sekolah per berkas. Setelah disimpan, "
                                      "pemeriksaan (`invoke check`) berjalan di pull request."),
            "folder": f"{content}{kiprah_dir}",
            "extension": "md",
            "format": "frontmatter",
            "create": True,
            "identifier_field": "title",
            "slug": "{{fields.school}}-{{slug}}",
            "summary": "{{title}} ({{date}})",
            "sortable_fields": ["date", "title"],
            "view_filters": [{"label": o["label"], "field": "category", "pattern": o["value"]}
                             for o in (category or {}).get("options", [])],
            "fields": fields,
        }],
    }
    if cms.CMS_LOCAL_BACKEND:  # True (decap-server on :8081) or {"url": …}
        config["local_backend"] = cms.CMS_LOCAL_BACKEND
    if cms.CMS_PUBLISH_MODE == "editorial_workflow":
        config["publish_mode"] = "editorial_workflow"
    if cms.CMS_SITE_URL:
        config["site_url"] = cms.CMS_SITE_URL
    return config


# Git hosts and what the editor needs to sign in (docs/panduan-editor.md). Decap's gitea
# and forgejo backends have no editorial workflow: saves go to the named branch.
WORKFLOW_BACKENDS = {"github", "gitlab", "bitbucket"}


def backend_from_env(env) -> tuple[dict, str] | None:
    """(CMS_BACKEND, CMS_PUBLISH_MODE) from KASDIKDAS_CMS_* variables, or None when
    KASDIKDAS_CMS_REPO is not set. For publishconf.py."""
    repo = env.get("KASDIKDAS_CMS_REPO")
    if not repo:
        return None
    name = env.get("KASDIKDAS_CMS_BACKEND") or "github"
    backend = {"name": name, "repo": repo, "branch": env.get("KASDIKDAS_CMS_BRANCH") or "main"}
    if name in ("gitlab", "gitea", "forgejo"):
        backend["auth_type"] = "pkce"  # no server of our own: the browser signs in
    for variable, key in (("KASDIKDAS_CMS_APP_ID", "app_id"),
                          ("KASDIKDAS_CMS_BASE_URL", "base_url"),
                          ("KASDIKDAS_CMS_API_ROOT", "api_root")):
        if env.get(variable):
            backend[key] = env[variable]
    mode = "editorial_workflow" if name in WORKFLOW_BACKENDS else "simple"
    return backend, mode
