"""The security headers of a published site with the /admin/ editor: HSTS (and the
setting that turns it off), Permissions-Policy, /admin/'s own CSP in `_headers`
(Netlify, Cloudflare Pages), `.htaccess` (Apache) and the nginx snippet, read from the
written files and from real nginx and Apache; never a localhost address in what is
published."""

from __future__ import annotations

import fnmatch
import http.client
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from support import ROOT
from support.hosts import apache as apache_serving
from support.hosts import free_port
from support.hosts import nginx as nginx_serving

from kasdikdas import cms
from kasdikdas.build import pelican_settings
from kasdikdas.postbuild import hosting
from kasdikdas.postbuild.admin import admin_csp, bundle_dir, write_admin
from kasdikdas.postbuild.hosting.rules import content_security_policy, site_csp
from kasdikdas.state import with_defaults

PAGE = "<!doctype html><html lang=id><title>Kas Dikdas</title><p>Beranda</p></html>\n"
HSTS = "max-age=31536000"


def publish_settings(monkeypatch, **env) -> dict:
    """publishconf.py's settings as `invoke publish` reads them, with the /admin/ editor."""
    monkeypatch.setenv("KASDIKDAS_CMS", "ya")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = with_defaults(pelican_settings(ROOT / "publishconf.py"))
    hosting.configure(settings)
    return settings


def write_site(output: Path, settings: dict) -> Path:
    """A one-page site with /admin/ and the host files, as the post-build writes them."""
    if not (bundle_dir({**cms.DEFAULTS, **settings}) / "decap-cms.js").exists():
        pytest.skip("Decap CMS is not installed (npm ci)")
    output.mkdir(parents=True)
    output.chmod(0o755)
    (output / "index.html").write_text(PAGE, encoding="utf-8")
    assert write_admin(output, settings)
    hosting.write_host_files(SimpleNamespace(settings=settings, output_path=str(output)))
    for path in output.rglob("*"):  # readable by nginx's and Apache's workers
        path.chmod(0o755 if path.is_dir() else 0o644)
    return output


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings = publish_settings(monkeypatch)
    root = tmp_path_factory.mktemp("terbit-admin")
    root.chmod(0o755)
    output = write_site(root / "output", settings)
    admin = content_security_policy(admin_csp(settings))
    yield SimpleNamespace(root=root, output=output, settings=settings, admin_csp=admin,
                          site_csp=site_csp(settings))
    shutil.rmtree(root, ignore_errors=True)


# --- the written files --------------------------------------------------------------


def cloudflare_headers(headers_file: str, path: str) -> dict[str, str]:
    """The headers Cloudflare Pages sends for `path`, by its documented rules (every
    matching rule in order: `! Name` removes, a name set again is appended with ", ")."""
    rules, rule = [], None
    for line in headers_file.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            rule = (line.strip(), [])
            rules.append(rule)
        else:
            rule[1].append(line.strip())
    sent, seen = {}, set()
    for pattern, lines in rules:
        if not fnmatch.fnmatchcase(path, pattern):
            continue
        for line in lines:
            if line.startswith("!"):
                sent.pop(line[1:].strip().lower(), None)
                continue
            name, value = (part.strip() for part in line.split(":", 1))
            key = name.lower()
            sent[key] = f"{sent[key]}, {value}" if key in seen and key in sent else value
            seen.add(key)
    return sent


def test_headers_file_gives_admin_its_own_csp_and_the_site_its_own(site):
    text = (site.output / "_headers").read_text(encoding="utf-8")
    assert ("/admin/*\n  ! Content-Security-Policy\n"
            f"  Content-Security-Policy: {site.admin_csp}\n") in text
    admin = cloudflare_headers(text, "/admin/index.html")
    home = cloudflare_headers(text, "/index.html")
    assert admin["content-security-policy"] == site.admin_csp  # one policy, not two joined
    assert "'unsafe-eval'" in admin["content-security-policy"]
    assert home["content-security-policy"] == site.site_csp
    assert "'unsafe-eval'" not in home["content-security-policy"]
    for sent in (admin, home):
        assert sent["strict-transport-security"] == HSTS
        assert "camera=()" in sent["permissions-policy"]
        assert "geolocation=()" in sent["permissions-policy"]
    # Netlify ignores the `!` line (no colon) and keeps the later rule's value
    assert all(":" not in line for line in text.splitlines() if line.strip().startswith("!"))


def test_nothing_published_names_a_local_address(site):
    """The development build's decap-server address never reaches a published file."""
    for path in sorted(site.output.rglob("*")):
        if path.is_file() and not path.name.endswith(".js"):
            text = path.read_text(encoding="utf-8")
            assert "localhost" not in text and "127.0.0.1" not in text, path
    assert "local_backend" not in (site.output / "admin/config.yml").read_text(encoding="utf-8")


def test_hsts_can_be_turned_off_for_a_host_without_https(monkeypatch, tmp_path):
    settings = publish_settings(monkeypatch, KASDIKDAS_HSTS="tidak")
    output = write_site(tmp_path / "output", settings)
    for name in ("_headers", ".htaccess"):
        text = (output / name).read_text(encoding="utf-8")
        assert "Strict-Transport-Security" not in text, name
        assert "Permissions-Policy" in text, name


@pytest.mark.parametrize("local, origin", [
    (True, "http://localhost:8081"),
    ({"url": "http://127.0.0.1:40123/api/v1"}, "http://127.0.0.1:40123"),
    (False, None),
])
def test_only_a_development_build_lets_admin_reach_a_local_backend(local, origin):
    settings = with_defaults(pelican_settings(ROOT / "pelicanconf.py"))
    settings.update({**{k: v for k, v in cms.DEFAULTS.items() if k not in settings},
                     "CMS_LOCAL_BACKEND": local})
    connect = admin_csp(settings)["connect-src"]
    local_sources = [s for s in connect if "localhost" in s or "127.0.0.1" in s]
    assert local_sources == ([origin] if origin else [])


# --- real servers ---------------------------------------------------------------------


def fetch(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module", params=["nginx", "apache"])
def served(request, site):
    port = free_port()
    if request.param == "nginx":
        serving = nginx_serving(site.root / "nginx", port, site.output, site.settings)
    else:
        serving = apache_serving(site.root / "apache", port, site.output)
    with serving:
        yield port


def test_real_servers_send_admin_its_own_csp_and_every_page_hsts(served, site):
    for path, csp in (("/", site.site_csp), ("/admin/", site.admin_csp),
                      ("/admin/config.yml", site.admin_csp),
                      ("/admin/decap-cms.js", site.admin_csp)):
        response = fetch(served, path)
        assert response.status == 200, path
        assert response.headers.get_all("Content-Security-Policy") == [csp], path
        assert response.getheader("Strict-Transport-Security") == HSTS, path
        assert "microphone=()" in response.getheader("Permissions-Policy"), path
