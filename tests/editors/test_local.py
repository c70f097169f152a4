"""The editor's own computer: the live preview and the /admin/ editor's decap-server
listen on 127.0.0.1 only (nobody on the school's Wi-Fi reaches them), each on a free
port; decap-server's world is the content folder, nothing above it; the preview prints
the real addresses, or says that the editor could not start."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import yaml
from support import ROOT
from support.hostile import scratch_content
from support.hosts import free_port, refused_from_network

from support.server import wait_for_line
from kasdikdas.local_backend import DECAP_SERVER, BackendUnavailable, LocalBackend, start_local_backend

if not (ROOT / DECAP_SERVER).is_file():
    pytest.skip("decap-server is not installed (npm ci)", allow_module_level=True)


def api(backend: LocalBackend, action: str, **params) -> tuple[int, object]:
    """One call of decap-server's API, as /admin/ makes it (from a localhost page)."""
    request = urllib.request.Request(
        backend.url, data=json.dumps({"action": action, "params": {"branch": "main", **params}}).encode(),
        headers={"Content-Type": "application/json", "Origin": "http://127.0.0.1:8000"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def save(backend: LocalBackend, path: str, raw: str) -> int:
    return api(backend, "persistEntry", entry={"slug": "x", "path": path, "raw": raw}, assets=[],
               options={"commitMessage": "uji", "useWorkflow": False, "status": "draft"})[0]


def upload(backend: LocalBackend, path: str) -> int:
    return api(backend, "persistMedia", asset={"path": path, "content": "eA==",
                                               "encoding": "base64"},
               options={"commitMessage": "uji"})[0]


@pytest.fixture
def project(tmp_path):
    """A project folder: content/ (one showcase) and, beside it, what must stay out of
    reach: the settings, the package, the git folder."""
    content = tmp_path / "content"
    (content / "kiprah").mkdir(parents=True)
    (content / "kiprah/20300001-a.md").write_text("---\ntitle: A\n---\nIsi.\n", encoding="utf-8")
    (tmp_path / "pelicanconf.py").write_text("RAHASIA = 'jangan terbaca'\n", encoding="utf-8")
    (tmp_path / "kasdikdas").mkdir()
    (tmp_path / ".git").mkdir()
    return tmp_path


@pytest.fixture
def backend(project):
    started = start_local_backend(project / "content")
    yield started
    started.stop()


def test_decap_server_listens_on_loopback_only(backend):
    assert backend.url == f"http://127.0.0.1:{backend.port}/api/v1"
    refused_from_network(backend.port)


def test_decap_server_reads_and_writes_content_and_nothing_above_it(project, backend):
    status, entry = api(backend, "getEntry", path="kiprah/20300001-a.md")
    assert status == 200 and entry["data"].startswith("---\ntitle: A")
    assert save(backend, "kiprah/20300001-b.md", "b") == 200
    assert (project / "content/kiprah/20300001-b.md").read_text() == "b"
    assert upload(backend, "videos/klip.mp4") == 200
    assert (project / "content/videos/klip.mp4").read_bytes() == b"x"
    for path in ("../pelicanconf.py", "../../pelicanconf.py", str(project / "pelicanconf.py"),
                 "/etc/passwd", "kiprah/../../pelicanconf.py"):
        status, answer = api(backend, "getEntry", path=path)
        assert "jangan terbaca" not in json.dumps(answer) and "root:" not in json.dumps(answer), path
        status, answer = api(backend, "getMediaFile", path=path)
        assert "jangan terbaca" not in json.dumps(answer), path
    for path in ("../kasdikdas/lanproof.py", "../.git/lanproof", str(project / "lanproof.py"),
                 "../content-lain/x.md"):
        assert save(backend, path, "print('terbobol')") != 200, path
        assert upload(backend, path) != 200, path
    assert not list((project / "kasdikdas").iterdir()) and not list((project / ".git").iterdir())
    assert not (project / "lanproof.py").exists() and not (project / "content-lain").exists()
    status, listed = api(backend, "entriesByFolder", folder="..", extension="py", depth=2)
    assert "pelicanconf" not in json.dumps(listed)


def test_two_previews_get_two_editors(project, backend):
    """The port is chosen at start: a second preview's editor really runs too."""
    second = start_local_backend(project / "content")
    try:
        assert second.port != backend.port
        assert second.process.poll() is None and backend.process.poll() is None
        assert api(second, "getEntry", path="kiprah/20300001-a.md")[0] == 200
    finally:
        second.stop()
    assert second.process.poll() is not None and not second.workdir.exists()


def test_an_editor_that_cannot_start_is_said_so(project, tmp_path):
    with pytest.raises(BackendUnavailable, match="npm ci"):
        start_local_backend(project / "content", root=tmp_path / "tanpa-npm")
    broken = tmp_path / "rusak"
    (broken / DECAP_SERVER).parent.mkdir(parents=True)
    (broken / DECAP_SERVER).write_text("process.exit(1)\n")  # dies at once
    with pytest.raises(BackendUnavailable, match="tidak mau berjalan"):
        start_local_backend(project / "content", root=broken, timeout=5)


def test_livereload_serves_only_this_computer_and_names_its_real_addresses(tmp_path,
                                                                           sample_videos):
    content = scratch_content(tmp_path / "content")
    for captions in (ROOT / "content/videos").glob("*.vtt"):
        (content / "videos" / captions.name).write_bytes(captions.read_bytes())
    taken = free_port()
    with socket.socket() as squatter:  # the port asked for is in use
        squatter.bind(("127.0.0.1", taken))
        squatter.listen()
        log = tmp_path / "livereload.log"
        with log.open("w") as sink:
            preview = subprocess.Popen(
                [sys.executable, "-m", "invoke", "livereload", "--port", str(taken),
                 "--content", str(content), "--output", str(tmp_path / "output")],
                cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            site = wait_for_line(log, r"^Pratinjau di http://127\.0\.0\.1:(\d+)/ ", preview)
            port = int(site.group(1))
            assert port != taken  # another port, and the line says which
            editor = wait_for_line(log, r"^Editor di (\S+) \(menyimpan langsung ke ", preview)
            assert editor.group(1) == f"http://127.0.0.1:{port}/admin/"
            wait_for_line(log, r"^Dibangun ulang dalam", preview)
            config = yaml.safe_load((tmp_path / "output/admin/config.yml").read_text())
            backend_url = config["local_backend"]["url"]
            backend_port = int(re.fullmatch(r"http://127\.0\.0\.1:(\d+)/api/v1", backend_url)[1])
            assert config["collections"][0]["folder"] == "kiprah"  # decap-server's root: content/
            page = (tmp_path / "output/admin/index.html").read_text(encoding="utf-8")
            assert f"http://127.0.0.1:{backend_port}" in page  # the admin CSP lets it in
            assert "localhost:8081" not in page
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            refused_from_network(port)
            refused_from_network(backend_port)
        finally:
            os.killpg(preview.pid, signal.SIGTERM)
            preview.wait(timeout=30)
