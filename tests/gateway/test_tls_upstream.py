"""An https:// upstream: the real Odoo 18 behind Debian's nginx terminating TLS with a
certificate for "localhost" made here, keygate in front of that. keygate verifies the upstream's
certificate against `upstream_ca_file` (or the system's authorities) and its host name; a
certificate it cannot verify is an unavailable upstream, answered in Odoo's format, never a call
forwarded in clear or to an impostor.
"""

import shutil
import socket
import subprocess
import time
import xmlrpc.client

import pytest
import requests

from conftest import ODOO_DB, ODOO_URL, KEYGATE_BIN, Keygate, keygate_env, new_key

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # Debian's nginx-light (install-deps.sh)
UNAVAILABLE = "<Fault 1: 'The Odoo server behind keygate is unavailable, please retry.'>"

NGINX_CONF = """
user root root;
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    client_max_body_size 128m;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {prefix}/cert.pem;
        ssl_certificate_key {prefix}/key.pem;
        location / {{
            proxy_pass {odoo};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $http_x_forwarded_for;
            proxy_set_header X-Forwarded-Host $http_x_forwarded_host;
            proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def tls_odoo(tmp_path_factory, attached):
    """nginx with TLS in front of the real Odoo; yields (port, CA file)."""
    prefix = tmp_path_factory.mktemp("tls-odoo")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                    "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-days", "2",
                    "-keyout", str(prefix / "key.pem"), "-out", str(prefix / "cert.pem")],
                   check=True, capture_output=True, timeout=60)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, port=port, odoo=ODOO_URL))
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"),
                             "-c", str(conf), "-g", "daemon off;"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise AssertionError("nginx did not start: %s" % (
                        (prefix / "error.log").read_text()
                        if (prefix / "error.log").exists() else ""))
                time.sleep(0.05)
        yield port, str(prefix / "cert.pem")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def execute_kw(url, secret, model, method, args):
    proxy = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)
    try:
        return proxy.execute_kw(ODOO_DB, 2, secret, model, method, args)
    except xmlrpc.client.Fault as f:
        return repr(f)


def test_a_verified_https_upstream_serves_calls(tls_odoo):
    port, ca_file = tls_odoo
    key = new_key("admin", "tls upstream")
    direct = execute_kw(ODOO_URL, key, "res.partner", "search_count", [[]])
    assert isinstance(direct, int) and direct > 0
    kg = Keygate("https://localhost:%d" % port, "--upstream-ca-file", ca_file)
    try:
        assert execute_kw(kg.url, key, "res.partner", "search_count", [[]]) == direct
        version = xmlrpc.client.ServerProxy(kg.url + "/xmlrpc/2/common").version()
        assert version == xmlrpc.client.ServerProxy(ODOO_URL + "/xmlrpc/2/common").version()
        # Odoo's web login page passes through as well.
        page = requests.get(kg.url + "/web/login", timeout=30)
        assert page.status_code == 200 and "oe_login_form" in page.text
    finally:
        kg.stop()


def test_an_upstream_certificate_keygate_cannot_verify_is_never_used(tls_odoo):
    port, ca_file = tls_odoo
    key = new_key("admin", "tls upstream refused")
    # The system's authorities do not know the test certificate.
    kg = Keygate("https://localhost:%d" % port)
    try:
        assert execute_kw(kg.url, key, "res.partner", "search_count", [[]]) == UNAVAILABLE
        assert "certificate verify failed" in kg.text()
    finally:
        kg.stop()
    # The right authority, but the certificate does not name 127.0.0.1.
    kg = Keygate("https://127.0.0.1:%d" % port, "--upstream-ca-file", ca_file)
    try:
        assert execute_kw(kg.url, key, "res.partner", "search_count", [[]]) == UNAVAILABLE
        assert "certificate verify failed" in kg.text()
    finally:
        kg.stop()


def test_an_unreadable_ca_file_stops_serve_at_once(tmp_path, attached):
    not_pem = tmp_path / "ca.txt"
    not_pem.write_text("not a certificate")
    proc = subprocess.run([KEYGATE_BIN, "serve", "--http-port", str(free_port()),
                           "--upstream-url", "https://localhost:1", "--upstream-ca-file",
                           str(not_pem)],
                          capture_output=True, text=True, timeout=60, env=keygate_env())
    assert proc.returncode != 0
    assert ("option upstream_ca_file: cannot read certificate authorities (PEM) from %s"
            % not_pem) in proc.stderr
