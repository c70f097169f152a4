"""`invoke publish` end to end: the published site served by real nginx and Apache,
loaded in chromium under its CSP, deployed by rsync and to a GitHub Pages branch
(twice: the second time nothing moves), and failed builds that replace nothing.

Each publish runs in its own process, as `invoke publish` does: Pelican keeps plugin
receivers connected for the life of a process, and the development builds of other
tests must not be precompressed.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import brotli
import pytest

from kasdikdas.postbuild.hosting.rules import is_long_cached, security_headers
from bench.browser import CHROMIUM, launch_chromium
from support.hosts import apache as apache_serving, free_port, nginx as nginx_serving, wait_for
from bench.search_measure import SITE_HOSTING as HOSTING  # the defaults + the theme's style hash
from kasdikdas.postbuild.search.index import PACKED_SUFFIXES
from kasdikdas.build import pelican_settings
from kasdikdas.publish import SITE_MARKER, deploy_rsync

from support import CONTENT, ROOT

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies


def run_publish(*args: str, siteurl: str, work: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KASDIKDAS_SITEURL": siteurl}
    return subprocess.run(
        [sys.executable, "-m", "kasdikdas.publish", "--work", str(work),
         "--set", f"CACHE_PATH={work / 'pelican-cache'}", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file: content hash, inode and modification time (a rewrite changes them)."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                               p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={repo}", *args], capture_output=True, text=True,
                          check=True).stdout.strip()


@dataclass
class Published:
    root: Path
    output: Path
    deployed: Path  # the rsync target
    pages: Path  # bare repository standing in for GitHub
    work: Path
    siteurl: str
    nginx_port: int
    first: subprocess.CompletedProcess

    def publish(self, *extra: str) -> subprocess.CompletedProcess:
        return run_publish("--output", str(self.output), "--rsync", str(self.deployed),
                           "--github", str(self.pages), *extra, siteurl=self.siteurl,
                           work=self.work)


@pytest.fixture(scope="session")
def published(sample_videos):
    # World-readable, so Apache's and nginx's workers may read it whoever they run as.
    root = Path(tempfile.mkdtemp(prefix="kasdikdas-terbit-"))
    root.chmod(0o755)
    port = free_port()
    pages = root / "pages.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(pages)], check=True)
    site = Published(root, root / "output", root / "deployed", pages, root / "work",
                     f"http://127.0.0.1:{port}", port, None)
    site.first = site.publish()
    assert site.first.returncode == 0, site.first.stderr
    yield site
    shutil.rmtree(root, ignore_errors=True)


def sample_video(folder: Path) -> Path:
    return next(iter(sorted(folder.rglob("*.mp4"))))


# --- real web servers ---------------------------------------------------------------

@pytest.fixture(scope="session")
def nginx(published):
    """nginx from Debian serving output/ with the snippet documented in docs/hosting.md."""
    with nginx_serving(published.root / "nginx", published.nginx_port, published.output, HOSTING):
        yield published.nginx_port, published.output


@pytest.fixture(scope="session")
def apache(published):
    """Apache from Debian serving the rsync-deployed copy, configured only by the
    generated .htaccess (AllowOverride All, as on shared hosting)."""
    port = free_port()
    with apache_serving(published.root / "apache", port, published.deployed):
        yield port, published.deployed


@pytest.fixture(params=["nginx", "apache"])
def server(request):
    return request.getfixturevalue(request.param)


def fetch(port: int, path: str, **headers) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_page_comes_back_compressed_with_security_headers(server):
    port, folder = server
    page = "/kiprah/20300001-gamelan-cilik/"
    file = folder / "kiprah/20300001-gamelan-cilik/index.html"
    original = file.read_bytes()
    for accept, encoding, decode, suffix in (("br, gzip", "br", brotli.decompress, ".br"),
                                             ("gzip", "gzip", gzip.decompress, ".gz")):
        response = fetch(port, page, Accept_Encoding=accept)
        assert response.status == 200
        assert response.getheader("Content-Encoding") == encoding
        assert decode(response.body) == original
        # the precompressed twin itself, not compressed on the fly
        assert response.body == file.with_name(file.name + suffix).read_bytes()
        assert len(response.body) < len(original)
        assert response.getheader("Content-Type").lower() == "text/html; charset=utf-8"
        assert "accept-encoding" in response.getheader("Vary", "").lower()
        for name, value in security_headers(HOSTING).items():
            assert response.getheader(name) == value
        assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
        assert "camera=()" in response.getheader("Permissions-Policy")
        assert response.getheader("Cache-Control") == HOSTING["HOSTING_CACHE_SHORT"]
    plain = fetch(port, page)
    assert plain.getheader("Content-Encoding") is None
    assert plain.body == original


def test_video_is_served_in_ranges_and_cached_long(server):
    port, folder = server
    video = sample_video(folder)
    url = "/" + video.relative_to(folder).as_posix()
    data = video.read_bytes()
    whole = fetch(port, url, Accept_Encoding="br, gzip")
    assert whole.status == 200 and whole.body == data
    assert whole.getheader("Accept-Ranges") == "bytes"
    assert whole.getheader("Content-Type") == "video/mp4"
    assert whole.getheader("Content-Encoding") is None
    assert whole.getheader("Cache-Control") == HOSTING["HOSTING_CACHE_LONG"]
    part = fetch(port, url, Range="bytes=1000-1999")
    assert part.status == 206
    assert part.getheader("Content-Range") == f"bytes 1000-1999/{len(data)}"
    assert part.body == data[1000:2000]


def test_every_file_gets_the_cache_header_its_rules_say(server):
    port, folder = server
    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix not in (".br", ".gz")
             and not p.name.startswith((".", "_"))]
    kinds = {is_long_cached(p.name, HOSTING) for p in files}
    assert kinds == {True, False}  # both kinds are really exercised
    for path in files:
        rel = path.relative_to(folder).as_posix()
        response = fetch(port, "/" + rel, Range="bytes=0-0")  # headers only, one byte
        kind = "LONG" if is_long_cached(rel, HOSTING) else "SHORT"
        expected = HOSTING[f"HOSTING_CACHE_{kind}"]
        assert response.getheader("Cache-Control") == expected, rel


def test_types_shared_hosts_often_lack_are_served_right(server):
    port, folder = server
    probes = {f"uji-tipe.{ext}": mime for ext, mime in HOSTING["HOSTING_MIME_TYPES"].items()}
    try:
        for name in probes:
            (folder / name).write_bytes(b"WEBVTT\n" * 64)
        for name, mime in probes.items():
            response = fetch(port, "/" + name)
            assert response.status == 200, name
            assert response.getheader("Content-Type").split(";")[0] == mime, name
            if name.endswith((".vtt", ".webmanifest", ".csv")):
                assert "charset=utf-8" in response.getheader("Content-Type").lower(), name
    finally:
        for name in probes:
            (folder / name).unlink(missing_ok=True)


PACKED_SAMPLES = ("wasm.*.pagefind", "pagefind.*.pf_meta", "index/*.pf_index",
                  "fragment/*.pf_fragment", "filter/*.pf_filter")


def packed_samples(folder: Path) -> list[Path]:
    """One file of each kind Pagefind stores gzip-packed."""
    return [sorted((folder / "pagefind").glob(pattern))[0] for pattern in PACKED_SAMPLES]


def test_packed_search_files_go_out_as_brotli_twins_only_to_clients_that_accept_br(server):
    port, folder = server
    for path in packed_samples(folder):
        url, packed = "/" + path.relative_to(folder).as_posix(), path.read_bytes()
        assert packed[:2] == b"\x1f\x8b", url  # stored as Pagefind wrote it
        twin = fetch(port, url, Accept_Encoding="gzip, deflate, br")
        assert twin.status == 200, url
        assert twin.getheader("Content-Encoding") == "br", url
        assert twin.body == path.with_name(path.name + ".br").read_bytes(), url
        unpacked = brotli.decompress(twin.body)
        assert unpacked.startswith(b"pagefind_dcd") and unpacked == gzip.decompress(packed)
        assert len(twin.body) < len(packed), url
        for accept in ("gzip", "gzip, deflate", None):
            plain = fetch(port, url, **({"Accept_Encoding": accept} if accept else {}))
            assert plain.status == 200, (url, accept)
            assert plain.getheader("Content-Encoding") is None, (url, accept)
            assert plain.body == packed, (url, accept)
        for response in (twin, plain):
            assert response.getheader("Content-Type") == "application/octet-stream", url
        assert "accept-encoding" in twin.getheader("Vary", "").lower(), url
    # a .gz twin of a packed file would only be the packed file again
    assert not [p for p in (folder / "pagefind").rglob("*.gz") if ".pf_" in p.name
                or ".pagefind" in p.name]


def test_a_missing_page_gets_the_sites_404_page(server):
    port, folder = server
    response = fetch(port, "/kiprah/tidak-ada/")
    assert response.status == 404
    assert response.body == (folder / "404.html").read_bytes()


def test_host_files_are_not_served(server):
    port, _ = server
    assert fetch(port, "/.htaccess").status in (403, 404)
    assert fetch(port, "/_headers").status in (403, 404)
    assert fetch(port, "/").status == 200


# --- the browser --------------------------------------------------------------------

def test_every_page_loads_in_chromium_without_csp_violations(nginx, published):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    port, folder = nginx
    pages = sorted("/" + p.relative_to(folder).as_posix().removesuffix("index.html")
                   for p in folder.rglob("*.html"))
    assert len(pages) >= 15
    violations, foreign, failed = [], [], []
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page()
        page.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
            (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));""")
        page.on("console", lambda m: "Content Security Policy" in m.text
                and violations.append(m.text))
        page.on("request", lambda r: not r.url.startswith(published.siteurl)
                and not r.url.startswith("data:") and foreign.append(r.url))
        # A favicon still loading when the test moves on is aborted: not a failure.
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
                and failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} {r.status}"))
        for path in pages:
            response = page.goto(published.siteurl + path, wait_until="load")
            assert response.status == 200, path
            assert response.headers["content-security-policy"] == security_headers(HOSTING)[
                "Content-Security-Policy"]
            violations += [f"{path}: {v}" for v in page.evaluate("window.__csp || []")]
            assert page.title(), path
        styled = page.evaluate("document.styleSheets.length")
        browser.close()
    assert violations == []
    assert foreign == []
    assert failed == []
    assert styled >= 1  # the inline stylesheet was allowed (by its hash) and applied


def test_search_in_chromium_reads_the_brotli_twins(nginx, published):
    """Chromium (which asks for br here) searches the site nginx serves: Pagefind gets
    the unpacked content of every packed file from its .br twin and finds the page."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test installs it)")
    from bench.search_measure import first_query_bytes

    _port, folder = nginx
    result = first_query_bytes(folder, "gamelan", base_url=published.siteurl + "/")
    assert result.results >= 1
    packed = {url: size for url, size in result.search_files().items()
              if url.split("?")[0].endswith(PACKED_SUFFIXES)}
    assert {url.rsplit(".", 1)[-1] for url in packed} >= {"pagefind", "pf_meta", "pf_index",
                                                          "pf_fragment"}
    for url, size in packed.items():
        assert result.encodings[url] == "br", f"{url}: not the twin (did chromium ask for br?)"
        twin = folder / (url.split("?")[0].removeprefix(published.siteurl + "/") + ".br")
        assert size == twin.stat().st_size, url


# --- deploying ----------------------------------------------------------------------

def test_deployed_copies_match_the_output(published):
    out = {k: v[0] for k, v in snapshot(published.output).items()}
    deployed = {k: v[0] for k, v in snapshot(published.deployed).items()}
    assert deployed.pop(SITE_MARKER)  # rsync marks the folder as a site we published
    assert deployed == out and SITE_MARKER not in out
    pages_files = set(git(published.pages, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert pages_files == {k for k in out if not k.endswith((".br", ".gz"))} | {".nojekyll"}
    index = git(published.pages, "show", "gh-pages:index.html")
    assert index == (published.output / "index.html").read_text().strip()
    assert any(k.endswith(".br") for k in out) and any(k.endswith(".gz") for k in out)
    assert "rsync ke" in published.first.stdout and "dikirim" in published.first.stdout


def test_every_compressed_twin_is_smaller_and_faithful(published):
    twins = sorted(published.output.rglob("*.br")) + sorted(published.output.rglob("*.gz"))
    assert len(twins) >= 2 * 18  # at least every showcase page, in both encodings
    packed = 0
    for twin in twins:
        original = sent = twin.with_suffix("").read_bytes()
        if twin.with_suffix("").suffix in PACKED_SUFFIXES:  # the twin holds it unpacked
            assert twin.suffix == ".br", twin
            packed += 1
            original = gzip.decompress(sent)
        decode = brotli.decompress if twin.suffix == ".br" else gzip.decompress
        assert decode(twin.read_bytes()) == original, twin
        assert twin.stat().st_size < len(sent), twin
    assert not list(published.output.rglob("*.mp4.*"))  # media is never "compressed"
    assert packed == len([p for p in (published.output / "pagefind").rglob("*")
                          if p.suffix in PACKED_SUFFIXES])  # every packed file has one


def test_publishing_again_transfers_nothing(published):
    deployed, tip = snapshot(published.deployed), git(published.pages, "rev-parse", "gh-pages")
    output_before = snapshot(published.output)
    again = published.publish()
    assert again.returncode == 0, again.stderr
    assert f"rsync ke {published.deployed}: tidak ada yang berubah" in again.stdout
    assert "gh-pages): tidak ada yang berubah" in again.stdout
    assert snapshot(published.deployed) == deployed  # not even rewritten
    assert git(published.pages, "rev-parse", "gh-pages") == tip
    assert git(published.pages, "rev-list", "--count", "gh-pages") == "1"
    rebuilt = snapshot(published.output)
    assert rebuilt != output_before  # output/ itself was really rebuilt ...
    assert {k: v[0] for k, v in rebuilt.items()} == {k: v[0] for k, v in output_before.items()}


@pytest.fixture(scope="session")
def sshd(published):
    """A real OpenSSH server on 127.0.0.1 that accepts one throwaway key."""
    if not shutil.which("sshd") and not Path("/usr/sbin/sshd").exists():
        pytest.skip("openssh-server is not installed (scripts/test installs it)")
    if os.geteuid() != 0:
        pytest.skip("sshd for the rsync-over-SSH test needs root")
    conf = published.root / "ssh"
    conf.mkdir()
    for key in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(conf / key)],
                       check=True)
    shutil.copy(conf / "client.pub", conf / "authorized_keys")
    port = free_port()
    (conf / "sshd_config").write_text(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {conf / "host"}
PidFile {conf / "sshd.pid"}
AuthorizedKeysFile {conf / "authorized_keys"}
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
""")
    Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation directory
    process = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(conf / "sshd_config")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    wait_for(port, process, conf / "sshd.log")
    yield (f"ssh -p {port} -i {conf / 'client'} -o BatchMode=yes "
           "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR")
    process.terminate()
    process.wait(timeout=10)


def test_rsync_over_ssh_mirrors_once_then_moves_nothing(published, sshd, monkeypatch):
    monkeypatch.setenv("RSYNC_RSH", sshd)
    remote = published.root / "lewat-ssh"
    target = f"root@127.0.0.1:{remote}"
    (remote / "lama").mkdir(parents=True)
    (remote / "lama/sisa.html").write_text("halaman yang sudah dihapus dari situs")
    (remote / SITE_MARKER).write_text("")  # published there before
    neighbour = published.root / "tetangga.txt"  # beside the target, not in it
    neighbour.write_text("milik orang lain")
    first = deploy_rsync(published.output, target)
    assert any("index.html" in line for line in first)
    assert "*deleting   lama/sisa.html" in first  # --delete cleans inside the target
    assert {k: v[0] for k, v in snapshot(remote).items() if k != SITE_MARKER} == {
        k: v[0] for k, v in snapshot(published.output).items()}
    assert neighbour.read_text() == "milik orang lain"  # nothing outside the target touched
    assert deploy_rsync(published.output, target) == []


# --- failures replace nothing -------------------------------------------------------

BOOM_PLUGIN = '''
"""Test plugin: the build dies halfway, after some pages are written."""
from pelican import signals

written = []


def explode(path, context):
    written.append(path)
    if len(written) == 5:
        raise RuntimeError("bangun gagal di tengah jalan (uji)")


def register():
    signals.content_written.connect(explode)
'''

INLINE_SCRIPT_PLUGIN = '''
"""Test plugin: a page the strict CSP would break."""
from pathlib import Path
from pelican import signals


def add_bad_page(pelican):
    Path(pelican.output_path, "buruk.html").write_text("<p>x</p><script>alert(1)</script>")


def register():
    signals.finalized.connect(add_bad_page)
'''


def with_plugin(tmp_path: Path, name: str, source: str) -> list[str]:
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").write_text(source)
    plugins = pelican_settings(ROOT / "publishconf.py")["PLUGINS"]
    return ["--set", f'PLUGIN_PATHS=["{ROOT / "plugins"}", "{tmp_path}"]',
            "--set", "PLUGINS=" + str([*plugins, name]).replace("'", '"')]


def assert_nothing_replaced(published, run, before):
    assert run.returncode != 0
    assert (snapshot(published.output), snapshot(published.deployed),
            git(published.pages, "rev-parse", "gh-pages")) == before
    assert not list(published.root.glob(".output-*"))  # no staging folder left behind


def state(published):
    return (snapshot(published.output), snapshot(published.deployed),
            git(published.pages, "rev-parse", "gh-pages"))


def test_build_that_dies_halfway_replaces_nothing(published, tmp_path):
    before = state(published)
    run = published.publish(*with_plugin(tmp_path, "boom", BOOM_PLUGIN))
    assert "bangun gagal di tengah jalan" in run.stderr
    assert_nothing_replaced(published, run, before)


def test_page_failing_the_post_build_check_replaces_nothing(published, tmp_path):
    before = state(published)
    run = published.publish(*with_plugin(tmp_path, "inline", INLINE_SCRIPT_PLUGIN))
    assert "buruk.html: elemen <script> sebaris" in run.stderr
    assert_nothing_replaced(published, run, before)


def test_invalid_content_stops_before_building(published, site):
    before = state(published)
    site.write("kiprah/20300001-gamelan-cilik.md",
               (CONTENT / "kiprah/20300001-gamelan-cilik.md").read_text().replace(
                   'school: "20300001"', 'school: "99999999"'))
    run = published.publish("--set", f"PATH={site.content}")
    assert "20300001-gamelan-cilik.md" in run.stderr and "school" in run.stderr
    assert "Tidak diterbitkan" in run.stderr
    assert "Situs dibangun" not in run.stdout
    assert_nothing_replaced(published, run, before)


def test_a_development_build_after_a_publish_build_in_one_process_stays_plain(tmp_path):
    """Pelican leaves plugin receivers connected: precompression and host files must
    still only reach the build whose settings ask for them."""
    script = f"""
from kasdikdas.build import build_site
build_site({str(ROOT / 'publishconf.py')!r}, {str(tmp_path / 'pub')!r},
           CACHE_PATH={str(tmp_path / 'cache')!r})
build_site({str(ROOT / 'pelicanconf.py')!r}, {str(tmp_path / 'dev')!r},
           CACHE_PATH={str(tmp_path / 'cache')!r})
"""
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert list((tmp_path / "pub").rglob("*.br")) and (tmp_path / "pub/_headers").exists()
    assert not list((tmp_path / "dev").rglob("*.br")) and not list((tmp_path / "dev").rglob("*.gz"))
    assert not (tmp_path / "dev/_headers").exists() and not (tmp_path / "dev/.htaccess").exists()
