"""The pure parts of publishing: cache rules, host files, page audit, deploy guards."""

from __future__ import annotations

import fnmatch
import gzip
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest
import yaml

from kasdikdas.postbuild.hosting.rules import (
    content_security_policy,
    is_long_cached,
    long_cache_patterns,
    render_headers_file,
    render_htaccess,
    render_nginx,
    render_nginx_paths,
)
from kasdikdas.postbuild.hosting.rules import site_csp
from kasdikdas.postbuild.hosting.settings import DEFAULTS as HOSTING
from kasdikdas import cms
from kasdikdas.postbuild.admin import admin_csp
from kasdikdas.postbuild.assets import csp_hash_source
from bench.search_measure import SITE_HOSTING
from kasdikdas.postbuild.hosting.twins import unpacked_twin, write_unpacked_twins
from kasdikdas.postbuild.sitemap import newest_content_date
from kasdikdas.postbuild.search.index import PACKED_SUFFIXES, declare_packed_files
from kasdikdas.build import UnsafeOutputError, build_site, pelican_settings, unsafe_output_reason
from kasdikdas.publish import (
    SITE_MARKER,
    DeployError,
    deploy_rsync,
    page_problems,
    pages_extra_files,
    rsync_command,
    rsync_target_problem,
    without_credentials,
)

from support import CONTENT, ROOT


@pytest.mark.parametrize("path, long", [
    ("theme/css/site.3f9a0c1b.css", True),
    ("theme/js/app-0a1b2c3d4e5f.js", True),
    ("theme/css/site.3f9a0c1b.css.br", True),
    ("theme/css/site.4811203957.css", True),  # a hash may happen to be all digits
    ("media/20300001-gamelan/hemat.mp4", True),
    ("media/20300001-gamelan/poster.webp", True),
    ("index.html", False),
    ("index.html.gz", False),
    ("theme/css/site.css", False),
    ("data/sekolah-20300001.csv", False),  # an NPSN is not a fingerprint
    ("sw.js", False),
    ("data/kiprah.json", False),
])
def test_long_caching_only_for_fingerprints_and_media(path, long):
    assert is_long_cached(path, HOSTING) is long


FILES = ["index.html", "kiprah/a/index.html", "theme/css/site.3f9a0c1b.css", "theme/css/site.css",
         "theme/img/logo.png", "videos/a.mp4", "videos/b.mp4", "videos/posters/a.webp",
         "data/kiprah.csv"]


def test_headers_patterns_cover_every_long_file_and_no_short_one():
    patterns = long_cache_patterns(FILES, HOSTING)
    assert patterns == ["/theme/css/site.3f9a0c1b.css", "/theme/img/*", "/videos/*"]
    for f in FILES:
        matched = any(fnmatch.fnmatchcase("/" + f, p) for p in patterns)
        assert matched is is_long_cached(f, HOSTING), f


def test_headers_file_sets_each_cache_control_once_per_path():
    text = render_headers_file(FILES, HOSTING)
    blocks = text.split("\n\n")
    assert blocks[0].splitlines()[1] == "/*"
    csp = content_security_policy(HOSTING["HOSTING_CSP"])
    assert f"  Content-Security-Policy: {csp}" in blocks[0]
    assert "Cache-Control" not in blocks[0]  # never joined with a long value
    assert all(b.splitlines()[1:] == [f"  Cache-Control: {HOSTING['HOSTING_CACHE_LONG']}"]
               for b in blocks[1:])


def test_csp_is_strict():
    csp = content_security_policy(HOSTING["HOSTING_CSP"])
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp and "base-uri 'self'" in csp
    assert "unsafe-inline" not in csp and "'unsafe-eval'" not in csp
    assert "http" not in csp  # no other host


def test_htaccess_and_nginx_share_the_rules():
    htaccess, nginx = render_htaccess(HOSTING), render_nginx(HOSTING)
    for text in (htaccess, nginx):
        assert HOSTING["HOSTING_CACHE_LONG"] in text and HOSTING["HOSTING_CACHE_SHORT"] in text
        assert content_security_policy(HOSTING["HOSTING_CSP"]) in text
    for ext in ("mp4", "webp", "vtt", "webmanifest", "yml"):
        assert f"AddType {HOSTING['HOSTING_MIME_TYPES'][ext]} .{ext}" in htaccess
        assert f"{HOSTING['HOSTING_MIME_TYPES'][ext]} {ext};" in nginx
    # /admin/config.yml: text/yaml in UTF-8 (issue 24)
    assert "AddType text/yaml .yml" in htaccess and re.search(r"AddCharset utf-8 .* \.yml", htaccess)
    assert re.search(r"charset_types [^;]*text/yaml", nginx)


def test_packed_files_declared_by_search_are_typed_and_vary_in_htaccess():
    settings = declare_packed_files(dict(HOSTING))
    assert declare_packed_files(dict(settings)) == settings  # declaring twice adds nothing
    assert {f".{e}" for e in settings["HOSTING_PACKED_EXTENSIONS"]} == set(PACKED_SUFFIXES)
    htaccess = render_htaccess(settings)
    assert "AddType application/octet-stream .pagefind .pf_meta" in htaccess
    vary = re.search(r'<FilesMatch "(.*)">\n    Header merge Vary Accept-Encoding', htaccess)
    for name in ("wasm.id.pagefind", "pagefind.x.pf_meta.br", "index/a.pf_index",
                 "site.css.gz", "index.html"):
        assert re.search(vary.group(1), name), name
    assert not re.search(vary.group(1), "hemat.mp4")
    assert "AddType application/octet-stream" not in render_htaccess(HOSTING)  # none declared
    assert "default_type application/octet-stream;" in render_nginx(HOSTING)


def test_brotli_twin_holds_the_unpacked_content_and_only_when_it_gains(tmp_path):
    data = b"pagefind_dcd" + bytes(range(256)) * 40
    packed = gzip.compress(data, mtime=0)
    assert brotli.decompress(unpacked_twin(packed)) == data
    assert len(unpacked_twin(packed)) < len(packed)
    assert unpacked_twin(data) is None  # not packed: nothing to unpack
    noise = os.urandom(4000)  # does not compress: the twin is still smaller (less framing)
    assert brotli.decompress(unpacked_twin(gzip.compress(noise))) == noise
    (tmp_path / "index").mkdir()
    (tmp_path / "index/a.pf_index").write_bytes(packed)
    (tmp_path / "b.pf_meta").write_bytes(data)  # stored unpacked: no twin
    (tmp_path / "b.pf_meta.br").write_bytes(b"stale")  # a twin of other content goes
    (tmp_path / "page.html").write_bytes(packed)  # not a declared extension
    done = write_unpacked_twins(tmp_path, ("pf_index", "pf_meta"))
    assert (done["twins"], done["skipped"]) == (1, 1)
    assert brotli.decompress((tmp_path / "index/a.pf_index.br").read_bytes()) == data
    assert not (tmp_path / "b.pf_meta.br").exists()
    assert not (tmp_path / "page.html.br").exists()


@pytest.mark.parametrize("brotli_on", [True, False])
def test_publish_build_writes_the_twins_only_with_brotli_on(tmp_path, brotli_on):
    from kasdikdas.postbuild.hosting import write_host_files
    from kasdikdas.state import with_defaults

    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind/wasm.id.pagefind").write_bytes(gzip.compress(b"pagefind_dcd" * 99))
    settings = declare_packed_files(with_defaults({"HOSTING_FILES": ("_headers", ".htaccess"),
                                                    "PRECOMPRESS_BROTLI": brotli_on}))
    write_host_files(SimpleNamespace(settings=settings, output_path=str(tmp_path)))
    assert (tmp_path / "pagefind/wasm.id.pagefind.br").exists() is brotli_on
    assert "AddType application/octet-stream .pagefind" in (tmp_path / ".htaccess").read_text()
    assert not (tmp_path / "pagefind/wasm.id.pagefind.gz").exists()


def test_docs_show_the_nginx_snippet_the_code_makes():
    """With the hash of the theme's stylesheet as it is now: a changed site.css fails
    this test until the snippet nginx users copy is updated too."""
    docs = (ROOT / "docs/hosting.md").read_text(encoding="utf-8")
    assert f"```nginx\n{render_nginx(SITE_HOSTING)}```" in docs
    assert f"```\n{site_csp(SITE_HOSTING)}\n```" in docs
    # the /admin/ location, with the editor's CSP for the default git host
    admin = {**SITE_HOSTING, "HOSTING_PATH_CSP": {
        "/admin/": content_security_policy(admin_csp(dict(cms.DEFAULTS)))}}
    block = "\n".join(render_nginx_paths(admin)).strip("\n")
    assert f"```nginx\n{block}\n```" in docs


STYLE_HASH = csp_hash_source("body{color:#123}")
HASHED = {**HOSTING, "HOSTING_CSP_HASHES": {"style-src": [STYLE_HASH]}}


def test_style_hash_joins_style_src_and_nothing_else():
    csp = site_csp(HASHED)
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    assert directives["style-src"] == f"'self' {STYLE_HASH}"
    assert STYLE_HASH not in csp.replace(directives["style-src"], "")
    assert "unsafe-inline" not in csp
    assert site_csp(HOSTING) == content_security_policy(HOSTING["HOSTING_CSP"])  # no hash: as before
    assert HOSTING["HOSTING_CSP"]["style-src"] == ["'self'"]  # the defaults are not touched


def test_every_host_file_carries_the_same_hashed_csp():
    csp = site_csp(HASHED)
    assert f"  Content-Security-Policy: {csp}\n" in render_headers_file(FILES, HASHED)
    assert f'Header always set Content-Security-Policy "{csp}"' in render_htaccess(HASHED)
    assert render_nginx(HASHED).count(f'add_header Content-Security-Policy "{csp}" always;') == 2


def test_csp_hash_source_is_the_browsers_hash_of_the_exact_text():
    # base64 of sha256, as CSP Level 2 defines it; one byte more is another hash
    assert csp_hash_source("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert csp_hash_source("body{color:#123} ") != STYLE_HASH


def test_page_audit_accepts_only_the_inline_style_whose_hash_is_allowed():
    html = "<style>body{color:#123}</style>"
    assert page_problems(html, "kasdikdas.blorakab.go.id", [STYLE_HASH]) == []
    found = page_problems("<style>body{color:#124}</style>", "kasdikdas.blorakab.go.id",
                          [STYLE_HASH])
    assert len(found) == 1 and "elemen <style>" in found[0]


def test_sample_ci_checks_pull_requests_and_publishes_only_main():
    flow = yaml.safe_load((ROOT / "docs/contoh-ci-konten.yml").read_text(encoding="utf-8"))
    triggers = flow[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    check, publish = flow["jobs"]["periksa"], flow["jobs"]["terbitkan"]
    # each problem becomes a note on its line of the pull request
    assert any(step.get("run") == "invoke check --format github" for step in check["steps"])
    assert any(step.get("run") == "invoke publish" for step in publish["steps"])
    assert publish["needs"] == "periksa" and "refs/heads/main" in publish["if"]


PINNED_ACTION = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def test_every_action_in_the_docs_is_pinned_by_commit():
    """A tag can be moved to other code; a commit cannot: every `uses:` in the docs'
    CI examples names a full 40-hex commit."""
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")),
            *sorted((ROOT / "docs").rglob("*.yml")), *sorted((ROOT / "docs").rglob("*.yaml"))]
    uses = [(path.name, match.group(1)) for path in docs
            for match in re.finditer(r"^[ \t]*(?:-[ \t]+)?uses:[ \t]*['\"]?([^\s'\"#]+)",
                                     path.read_text(encoding="utf-8"), re.MULTILINE)]
    assert uses, "the docs have no CI example any more"
    assert [(name, ref) for name, ref in uses if not PINNED_ACTION.match(ref)] == []


@pytest.mark.parametrize("html, problem", [
    ("<script>alert(1)</script>", "elemen <script> sebaris"),
    ('<p style="color:red">x</p>', "atribut style"),
    ("<style>p{}</style>", "elemen <style>"),
    ('<button onclick="x()">x</button>', "atribut onclick="),
    ('<a href="javascript:x()">x</a>', "tautan javascript:"),
    ('<img src="https://cdn.example.com/a.png" alt="">', "dari host lain"),
    ('<link rel="stylesheet" href="https://fonts.example.com/a.css">', "dari host lain"),
    ('<link rel="preconnect" href="https://fonts.example.com">', "dari host lain"),
    ('<link rel="icon" href="https://cdn.example.com/favicon.ico">', "dari host lain"),
])
def test_page_audit_finds_what_csp_would_block(html, problem):
    found = page_problems(html, "kasdikdas.blorakab.go.id")
    assert len(found) == 1 and problem in found[0]


def test_page_audit_accepts_a_clean_page():
    html = """<link rel="stylesheet" href="https://kasdikdas.blorakab.go.id/theme/css/site.css">
    <script src="/theme/js/app.js" defer></script>
    <script type="application/ld+json">{"@type": "VideoObject"}</script>
    <a href="https://www.instagram.com/p/abc">Instagram</a>
    <link rel="canonical" href="https://kasdikdas.blorakab.go.id/kiprah/a/">
    <link rel="alternate" type="application/atom+xml" href="https://feeds.example.org/a.xml">
    <video preload="none" poster="/media/p.webp"><source src="/media/v.mp4"></video>"""
    assert page_problems(html, "kasdikdas.blorakab.go.id") == []


@pytest.mark.parametrize("target", ["/", "", "host:", "host:/", "~", "host:~/", "./", "web/../..",
                                    "user@host:public_html/../"])
def test_rsync_refuses_targets_delete_could_empty(target):
    assert rsync_target_problem(target)


@pytest.mark.parametrize("target", ["/root", "/etc", "/etc/", "/srv", "/home/guru", "/home/guru/",
                                    "/home/guru/.", "user@host:/root", "user@host:/etc/",
                                    "user@host:/home/guru", str(Path.home()), "/usr/../etc"])
def test_rsync_refuses_system_and_home_folders(target):
    problem = rsync_target_problem(target)
    assert problem and f"`{target}`" in problem
    assert "folder sistem atau folder rumah" in problem or "memuat `..`" in problem


def test_rsync_refuses_a_symlink_to_a_system_folder(tmp_path):
    (tmp_path / "situs").symlink_to("/etc")
    assert "folder sistem" in rsync_target_problem(str(tmp_path / "situs"))


def site_folder(tmp_path: Path) -> Path:
    output = tmp_path / "output"
    (output / "kiprah").mkdir(parents=True)
    (output / "index.html").write_text("<p>situs</p>")
    (output / "kiprah/a.html").write_text("<p>a</p>")
    return output


def test_rsync_refuses_a_folder_that_holds_no_site_we_published(tmp_path):
    output = site_folder(tmp_path)
    target = tmp_path / "dokumen"
    target.mkdir()
    (target / "laporan.pdf").write_text("milik orang lain")
    with pytest.raises(DeployError, match="bukan situs yang pernah diterbitkan") as refused:
        deploy_rsync(output, str(target))
    assert "--paksa" in str(refused.value) and "`laporan.pdf`" in str(refused.value)
    assert sorted(p.name for p in target.iterdir()) == ["laporan.pdf"]  # nothing touched
    # forced once, the folder becomes the site (and is marked as ours) ...
    assert deploy_rsync(output, str(target), force=True)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        SITE_MARKER, "index.html", "kiprah", "kiprah/a.html"]
    # ... so the next publish needs no force and moves nothing
    assert deploy_rsync(output, str(target)) == []


def test_rsync_fills_a_new_or_empty_folder_and_marks_it(tmp_path):
    output = site_folder(tmp_path)
    (tmp_path / "kosong").mkdir()
    for target in (tmp_path / "baru", tmp_path / "kosong"):
        assert deploy_rsync(output, str(target))
        assert (target / SITE_MARKER).is_file() and (target / "kiprah/a.html").is_file()


def test_publish_without_rsync_says_so_before_building(tmp_path):
    """No FileNotFoundError traceback: one Indonesian line, and nothing built."""
    run = subprocess.run([sys.executable, "-m", "kasdikdas.publish", "--output",
                          str(tmp_path / "output"), "--work", str(tmp_path / "work"),
                          "--rsync", str(tmp_path / "situs")],
                         cwd=ROOT, env={**os.environ, "PATH": str(tmp_path / "tanpa-rsync")},
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1
    assert "Gagal menerbitkan: rsync tidak terpasang di komputer ini" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "output").exists()


@pytest.mark.parametrize("target", ["user@host:public_html", "/var/www/kasdikdas", "deploy/situs"])
def test_rsync_accepts_a_site_folder(target):
    assert rsync_target_problem(target) is None
    command = rsync_command(Path("/x/output"), target)
    assert command[-2:] == ["/x/output/", target + "/"]
    assert "--checksum" in command and "--delete" in command and "--times" not in command


def test_github_pages_extra_files():
    assert pages_extra_files("https://kasdikdas.blorakab.go.id") == {
        ".nojekyll": "", "CNAME": "kasdikdas.blorakab.go.id\n"}
    assert pages_extra_files("https://diknas-blora.github.io/kasdikdas") == {".nojekyll": ""}
    assert pages_extra_files("http://127.0.0.1:8000") == {".nojekyll": ""}


def test_publish_settings_read_the_address_and_never_delete_in_place(monkeypatch):
    monkeypatch.setenv("KASDIKDAS_SITEURL", "https://contoh.example.org/")
    settings = pelican_settings(ROOT / "publishconf.py")
    assert settings["SITEURL"] == "https://contoh.example.org"
    assert settings["RELATIVE_URLS"] is False and settings["FEED_ALL_ATOM"]
    assert settings["DELETE_OUTPUT_DIRECTORY"] is False
    # the publish-only post-build steps: content-dated sitemap, host files, precompression
    assert settings["SITEMAP_CONTENT_DATES"] is True
    assert set(settings["HOSTING_FILES"]) == {"_headers", ".htaccess"}
    assert settings["PRECOMPRESS_GZIP"] is settings["PRECOMPRESS_BROTLI"] is True
    dev = pelican_settings(ROOT / "pelicanconf.py")
    assert not dev.get("SITEMAP_CONTENT_DATES") and not dev.get("HOSTING_FILES")
    assert dev["PRECOMPRESS_GZIP"] is dev["PRECOMPRESS_BROTLI"] is False
    assert settings["PLUGINS"] == ["kasdikdas.plugin"]


@pytest.mark.parametrize("folder", [ROOT, CONTENT, ROOT / "theme", ROOT.parent, Path("/")])
def test_output_that_holds_the_project_is_refused_and_kept(folder):
    before = sorted(p.name for p in folder.iterdir())
    assert unsafe_output_reason(folder.resolve(), pelican_settings(ROOT / "pelicanconf.py"))
    with pytest.raises(UnsafeOutputError, match="ditolak"):
        build_site(ROOT / "pelicanconf.py", folder)
    assert sorted(p.name for p in folder.iterdir()) == before


def test_tokens_in_remote_urls_never_reach_the_log():
    text = "fatal: unable to access 'https://x-access-token:ghs_SECRET@github.com/d/s.git/'"
    assert "ghs_SECRET" not in without_credentials(text)
    assert "https://***@github.com/d/s.git" in without_credentials(text)
    assert without_credentials("git@github.com:d/s.git") == "git@github.com:d/s.git"


def test_undated_pages_take_the_newest_content_date_not_the_clock():
    old, new = datetime(2024, 10, 11), datetime(2024, 11, 16)
    contents = [SimpleNamespace(date=old), SimpleNamespace(date=old, modified=new),
                SimpleNamespace()]
    assert newest_content_date(contents) == new
    assert newest_content_date([]) is None
