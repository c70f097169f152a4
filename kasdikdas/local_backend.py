"""Servers on the editor's own computer besides the preview: the /admin/ editor's local
backend (decap-server), and the free port every server we start listens on, always on
127.0.0.1 so none is reachable from the school's Wi-Fi."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kasdikdas.config import ROOT

LOCAL_HOST = "127.0.0.1"  # every server we start: never reachable from the school's Wi-Fi
DECAP_SERVER = "node_modules/decap-server/dist/index.js"


def free_port(preferred: int = 0) -> int:
    """`preferred` when it is free on 127.0.0.1, else a port the system picks."""
    for port in ((preferred, 0) if preferred else (0,)):
        with socket.socket() as probe:
            try:
                probe.bind((LOCAL_HOST, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise OSError("tidak ada port bebas di 127.0.0.1")


class BackendUnavailable(Exception):
    """The /admin/ editor's local backend could not start (the message says why)."""


@dataclass
class LocalBackend:
    """decap-server, listening on 127.0.0.1:`port` with `content` as its whole world."""

    process: subprocess.Popen
    port: int
    content: Path
    workdir: Path  # its working folder: empty, so no stray `.env` configures it

    @property
    def url(self) -> str:
        return f"http://{LOCAL_HOST}:{self.port}/api/v1"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


def _listening(port: int, process: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection((LOCAL_HOST, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def start_local_backend(content: Path, root: Path = ROOT, timeout: float = 30,
                        attempts: int = 3) -> LocalBackend:
    """Start decap-server (npm, package.json) so /admin/ saves straight into `content`:
    bound to 127.0.0.1 only (BIND_HOST), on a free port, its root (GIT_REPO_DIRECTORY)
    the content folder and nothing above it. Returns once it answers; raises
    BackendUnavailable (in Indonesian) when Node.js or the npm install is missing or it
    did not start. The caller stops it."""
    server = Path(root) / DECAP_SERVER
    node = shutil.which("node")
    if node is None or not server.is_file():
        raise BackendUnavailable("Node.js atau paket npm belum terpasang (jalankan `npm ci`)")
    content = Path(content).resolve()
    for _ in range(attempts):  # another program may take the port between pick and bind
        port = free_port()
        workdir = Path(tempfile.mkdtemp(prefix="kasdikdas-editor-"))
        env = {**os.environ, "PORT": str(port), "BIND_HOST": LOCAL_HOST, "MODE": "fs",
               "GIT_REPO_DIRECTORY": str(content), "LOG_LEVEL": "warn"}
        env.pop("ORIGIN", None)  # decap-server's default: only localhost pages may call it
        process = subprocess.Popen([node, str(server)], cwd=workdir, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        backend = LocalBackend(process, port, content, workdir)
        if _listening(port, process, timeout):
            return backend
        backend.stop()
    raise BackendUnavailable("decap-server tidak mau berjalan (coba `npm ci` lagi)")


def local_backend_settings(backend: LocalBackend | None) -> dict:
    """The build settings for the /admin/ editor of a preview: talking to `backend`, or,
    without it, no local backend at all (the editor then needs the git host)."""
    if backend is None:
        return {"CMS_ADMIN": True, "CMS_LOCAL_BACKEND": False}
    return {"CMS_ADMIN": True, "CMS_LOCAL_BACKEND": {"url": backend.url}}
