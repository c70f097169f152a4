"""Post-build: the /admin/ editor (Decap CMS) when `CMS_ADMIN` is on.

Writes `admin/index.html` (with the page's own CSP, `CMS_CSP`), `admin/config.yml`
generated from the content model (kasdikdas/cms.py), the Indonesian locale and the
Decap bundle installed by npm (package.json pins it), served from the site itself.
Without the npm install the site is built without /admin/ and says so once.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

import yaml

from ... import cms
from ...files import link_or_copy
from ..hosting.rules import content_security_policy
from ..hosting.settings import HostingSettings
from ...config import ROOT
from .names import DATA_FILE, preview_data_script, preview_names, site_stylesheet

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
BUNDLE = "decap-cms.js"

PAGE = """<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>Editor Kas Dikdas</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link href="layar-kecil.css" rel="stylesheet">
<script defer src="awal.js"></script>
<script defer src="{data}"></script>
<script defer src="{bundle}"></script>
<script defer src="pratinjau.js"></script>
<script defer src="mulai.js"></script>
</head>
<body></body>
</html>
"""


def bundle_dir(settings: dict) -> Path:
    folder = Path(cms.CmsSettings.read(settings).CMS_BUNDLE_DIR)
    return folder if folder.is_absolute() else ROOT / folder


def write_admin(output: Path, settings: dict) -> Path | None:
    """Write /admin/ into `output`; None (and a warning) without the npm bundle."""
    admin_dir = cms.CmsSettings.read(settings).CMS_ADMIN_DIR
    source = bundle_dir(settings)
    if not (source / BUNDLE).is_file():
        logger.warning("Editor /admin/ tidak dibuat: jalankan `npm ci` untuk memasang Decap CMS "
                       "(package.json).")
        return None
    target = Path(output) / admin_dir
    target.mkdir(parents=True, exist_ok=True)
    for script in source.glob("*decap-cms.js"):  # the bundle and its lazily loaded chunks
        link_or_copy(script, target / script.name)
    for name in ("awal.js", "pratinjau.js", "mulai.js", "layar-kecil.css"):
        link_or_copy(HERE / name, target / name)
    from ...validate import registry_for  # (validate imports the model, as cms does)

    registry = registry_for(settings)
    config = cms.config_for(settings, registry)
    names = preview_names(registry, site_stylesheet(settings))
    (target / DATA_FILE).write_text(preview_data_script(names), encoding="utf-8")
    (target / "config.yml").write_text(
        "# Dibuat otomatis dari model konten (kasdikdas/cms.py); jangan diubah di sini.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8")
    # frame-ancestors only works as a header (hosts send it with the site's CSP)
    policy = admin_csp(settings)
    csp = content_security_policy({k: v for k, v in policy.items() if k != "frame-ancestors"})
    (target / "index.html").write_text(PAGE.format(csp=html.escape(csp), bundle=BUNDLE, data=DATA_FILE),
                                       encoding="utf-8")
    # _headers (Netlify, Cloudflare Pages) and nginx: /admin/ gets this CSP, not the site's
    hosting = HostingSettings.read(settings)
    HostingSettings.change(settings, HOSTING_PATH_CSP={
        **hosting.HOSTING_PATH_CSP, f"/{admin_dir}/": content_security_policy(policy)})
    if ".htaccess" in hosting.HOSTING_FILES:
        # Apache reads this after the site's .htaccess: /admin/ gets its own CSP
        (target / ".htaccess").write_text(
            "# Dibuat otomatis (kasdikdas/postbuild/admin); CSP khusus editor /admin/.\n"
            "<IfModule mod_headers.c>\n  Header always set Content-Security-Policy "
            f"\"{content_security_policy(policy)}\"\n</IfModule>\n", encoding="utf-8")
    return target


def admin_csp(settings: dict) -> dict[str, list[str]]:
    """CMS_CSP, plus the git host the backend talks to (a self-hosted Gitea, say) and,
    in a development build only, the local decap-server the preview started."""
    own = cms.CmsSettings.read(settings)
    policy = {k: list(v) for k, v in own.CMS_CSP.items()}
    backend = own.CMS_BACKEND
    origins = ["/".join(backend[key].split("/")[:3]) for key in ("api_root", "base_url")
               if backend.get(key)]
    local = cms.local_backend_origin(settings)
    for origin in [*origins, *([local] if local else [])]:
        if origin not in policy["connect-src"]:
            policy["connect-src"].append(origin)
    return policy


def write_step(pelican) -> None:
    settings = pelican.settings
    if cms.CmsSettings.read(settings).CMS_ADMIN:
        write_admin(Path(settings["OUTPUT_PATH"]), settings)
