"""Real web servers for the tests, on 127.0.0.1: a free port, waiting until a server
answers, and nginx with the site's rules (docs/hosting.md's snippet, rendered by
kasdikdas.postbuild.hosting.rules)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from kasdikdas.postbuild.hosting.rules import render_nginx

BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(f"server stopped: {log.read_text() if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("server did not start")


@contextlib.contextmanager
def nginx(conf: Path, port: int, root: Path, hosting: dict):
    """nginx serving `root` on `port` with the rules `hosting` (HOSTING_* settings) make;
    its configuration, pid and logs under `conf`."""
    if not shutil.which("nginx"):
        pytest.skip("nginx is not installed (scripts/test installs it)")
    assert BROTLI_MODULE.exists(), "libnginx-mod-http-brotli-static is not installed"
    (conf / "tmp").mkdir(parents=True)
    shutil.copy("/etc/nginx/mime.types", conf / "mime.types")
    body = render_nginx(hosting).replace("\n", "\n        ")
    (conf / "nginx.conf").write_text(f"""
load_module {BROTLI_MODULE};
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {conf}/nginx.pid;
error_log {conf}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {conf}/tmp/body;
    proxy_temp_path {conf}/tmp/proxy;
    fastcgi_temp_path {conf}/tmp/fastcgi;
    uwsgi_temp_path {conf}/tmp/uwsgi;
    scgi_temp_path {conf}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        {body}
    }}
}}
""")
    process = subprocess.Popen(["nginx", "-p", str(conf), "-c", str(conf / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, process, conf / "error.log")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)
