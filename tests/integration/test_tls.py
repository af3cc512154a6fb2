"""keygate serving HTTPS itself (`tls_cert`, `tls_key`), so that keys never cross the network in
clear where no reverse proxy terminates TLS: Python's xmlrpc.client and requests verify the
certificate (made here for 127.0.0.1 and localhost), the session cookie is Secure, plain HTTP on
the HTTPS port gets no answer, and a certificate or key that cannot be used stops `serve` at once
with the file named.
"""

import socket
import ssl
import subprocess
import uuid
import xmlrpc.client

import pytest
import requests

from conftest import ADMIN_LOGIN, ADMIN_UID, KEYGATE_BIN, Cli, Server


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2",
                    "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
                   check=True, capture_output=True, timeout=60)
    subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-out", str(d / "other-key.pem")],
                   check=True, capture_output=True, timeout=60)
    return d


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return Cli(tmp_path_factory.mktemp("keygate-tls"))


@pytest.fixture(scope="module")
def db(env):
    name = "tls-" + uuid.uuid4().hex[:8]
    env.run("db", "create", name, "--demo")
    return name


@pytest.fixture(scope="module")
def server(env, db, certs):
    srv = Server(env.data_dir, "--tls-cert", certs / "cert.pem", "--tls-key",
                 certs / "key.pem").start()
    yield srv
    srv.stop()


def https(server):
    return "https://127.0.0.1:%d" % server.port


def test_the_server_says_it_serves_https(server):
    assert server.has_logged("keygate serving on https://127.0.0.1:%d" % server.port)


def test_xmlrpc_with_a_key_over_verified_https(env, db, server, certs):
    key = env.new_key(db=db).key
    context = ssl.create_default_context(cafile=str(certs / "cert.pem"))
    common = xmlrpc.client.ServerProxy(https(server) + "/xmlrpc/2/common", context=context)
    assert common.authenticate(db, ADMIN_LOGIN, key, {}) == ADMIN_UID
    models = xmlrpc.client.ServerProxy(https(server) + "/xmlrpc/2/object", context=context)
    count = models.execute_kw(db, ADMIN_UID, key, "res.partner", "search_count", [[]])
    assert isinstance(count, int) and count > 0
    # Several calls on one kept-alive TLS connection, then a refusal in Odoo's words.
    for _ in range(3):
        assert models.execute_kw(db, ADMIN_UID, key, "res.partner", "search_count", [[]]) == count
    # A body of megabytes (read in large pieces, on the large-body workers) arrives whole.
    assert models.execute_kw(db, ADMIN_UID, key, "res.partner", "search_count",
                             [[("name", "=", "x" * 3_000_000)]]) == 0
    with pytest.raises(xmlrpc.client.Fault) as fault:
        models.execute_kw(db, ADMIN_UID, "f" * 40, "res.partner", "search_count", [[]])
    assert (fault.value.faultCode, fault.value.faultString) == (3, "Access Denied")
    # The certificate names localhost too.
    by_name = xmlrpc.client.ServerProxy("https://localhost:%d/xmlrpc/2/common" % server.port,
                                        context=context)
    assert by_name.version()["server_version"] == "18.0"


def test_a_client_that_does_not_trust_the_certificate_sends_nothing(server):
    common = xmlrpc.client.ServerProxy(https(server) + "/xmlrpc/2/common",
                                       context=ssl.create_default_context())
    with pytest.raises(ssl.SSLCertVerificationError):
        common.version()


def test_the_session_cookie_is_secure_over_https(db, server, certs):
    r = requests.post(https(server) + "/web/session/authenticate", verify=str(certs / "cert.pem"),
                      timeout=30, json={"jsonrpc": "2.0", "method": "call", "id": 1,
                                        "params": {"db": db, "login": ADMIN_LOGIN,
                                                   "password": "admin"}})
    assert r.json()["result"]["uid"] == ADMIN_UID
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("session_id=") and "; Secure" in cookie and "HttpOnly" in cookie
    info = requests.post(https(server) + "/web/session/get_session_info",
                         verify=str(certs / "cert.pem"), timeout=30,
                         cookies={"session_id": r.cookies["session_id"]},
                         json={"jsonrpc": "2.0", "method": "call", "id": 2, "params": {}}).json()
    assert info["result"]["uid"] == ADMIN_UID


def test_plain_http_on_the_https_port_gets_no_answer(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"POST /xmlrpc/2/common HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        assert s.recv(4096) == b""  # closed after the failed handshake, nothing in clear
    assert server.alive()


def serve_fails(data_dir, *args):
    proc = subprocess.run([KEYGATE_BIN, "--data-dir", str(data_dir), "serve", "--http-port", "0",
                           *map(str, args)], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    return proc.stderr


def test_a_certificate_or_key_that_cannot_be_used_stops_serve(env, certs):
    assert ("HTTPS needs both a certificate (tls_cert) and its key (tls_key)"
            in serve_fails(env.data_dir, "--tls-cert", certs / "cert.pem"))
    assert ("the TLS key %s does not match the certificate %s"
            % (certs / "other-key.pem", certs / "cert.pem")
            in serve_fails(env.data_dir, "--tls-cert", certs / "cert.pem", "--tls-key",
                           certs / "other-key.pem"))
    missing = certs / "missing.pem"
    assert ("cannot use the TLS certificate %s" % missing
            in serve_fails(env.data_dir, "--tls-cert", missing, "--tls-key", certs / "key.pem"))
