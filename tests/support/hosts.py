"""Real web servers for the tests, on 127.0.0.1: a free port, waiting until a server
answers, nginx with the site's rules (docs/hosting.md's snippet, rendered by
kasdikdas.postbuild.hosting.rules), Apache configured only by the site's .htaccess, and
the machine's address on its network (to check that our servers are not reachable)."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socket
import ssl
import subprocess
import threading
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


APACHE_MODULES = ("mpm_prefork", "authz_core", "mime", "dir", "rewrite", "headers")


@contextlib.contextmanager
def apache(conf_dir: Path, port: int, root: Path):
    """Apache from Debian serving `root`, configured only by its .htaccess files
    (AllowOverride All, as on shared hosting); its configuration and logs in `conf_dir`."""
    if not shutil.which("apache2"):
        pytest.skip("apache2 is not installed (scripts/test installs it)")
    conf_dir.mkdir(parents=True)
    modules = "\n".join(f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so"
                        for name in APACHE_MODULES)
    (conf_dir / "httpd.conf").write_text(f"""
ServerRoot {conf_dir}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {conf_dir}/httpd.pid
ErrorLog {conf_dir}/error.log
{modules}
TypesConfig /etc/mime.types
StartServers 1
DocumentRoot {root}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {root}>
    AllowOverride All
    Require all granted
</Directory>
""")
    env = {**os.environ, "APACHE_RUN_DIR": str(conf_dir), "APACHE_LOCK_DIR": str(conf_dir)}
    process = subprocess.Popen(["apache2", "-f", str(conf_dir / "httpd.conf"), "-DFOREGROUND"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # Apache signals its process group
    try:
        wait_for(port, process, conf_dir / "error.log")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def lan_address() -> str | None:
    """This machine's IPv4 address on its network (what a laptop on the same Wi-Fi
    would connect to), or None when it has only loopback. A UDP socket "connected" to a
    private address sends nothing; it only picks the outgoing interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def refused_from_network(port: int) -> None:
    """Assert that `port` answers on 127.0.0.1 but not on the machine's network address
    (skips when the machine has no such address)."""
    address = lan_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to connect through")
    socket.create_connection(("127.0.0.1", port), timeout=2).close()  # it does listen
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address, port), timeout=2).close()


def https_server(handler: type[http.server.BaseHTTPRequestHandler], cert_dir: Path
                 ) -> http.server.ThreadingHTTPServer:
    """A TLS server on 127.0.0.1 (a free port) answering with `handler`, serving in a
    daemon thread, with `cert_dir`'s cert.pem and key.pem; the caller shuts it down.
    Clients that hang up on purpose are no error."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.handle_error = lambda *args: None
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert_dir / "cert.pem", cert_dir / "key.pem")
    httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd
