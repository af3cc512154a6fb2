"""keygate behind a real reverse proxy: Debian's nginx, configured as Odoo's deployment
documentation recommends (X-Forwarded-Host, X-Forwarded-For $proxy_add_x_forwarded_for,
X-Forwarded-Proto $scheme, X-Real-IP $remote_addr), in front of a server started with
`--proxy-mode True --trusted-proxies 127.0.0.1/32`.

nginx connects to keygate from 127.0.0.1; the clients connect to nginx from other loopback
addresses (127.0.0.2, 127.0.0.3, ...), so each has a real address that differs from the proxy's.
Through a plain-HTTP and a TLS server block the tests check that keygate records the client's
real address, that per-key allowed networks and the web-login cooldown apply to it, that the
session cookie is Secure exactly over https, that headers a client forges change none of this,
and that the per-address connection cap does not apply to the proxy itself.
"""

import concurrent.futures
import http.client
import json
import shutil
import socket
import subprocess
import threading
import time
import uuid
import warnings
import xmlrpc.client

import pytest
import requests
import urllib3
from requests.adapters import HTTPAdapter

from conftest import ADMIN_LOGIN, ADMIN_UID, SECRETS, Cli, Server, secret, unique_login

COOLDOWN_TEXT = "Too many login failures, please wait a bit before trying again."
PROXY = "127.0.0.1/32"
COOLDOWN_AFTER = 3
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # Debian's nginx-light (install-deps.sh)


# --- clients bound to a loopback address of their own ----------------------------------------

class SourceAddressAdapter(HTTPAdapter):
    """A requests adapter whose connections leave from `source` (e.g. 127.0.0.2)."""

    def __init__(self, source, **kw):
        self._source = source
        super().__init__(**kw)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._source, 0)
        super().init_poolmanager(*args, **kwargs)


def client(source):
    http = requests.Session()
    http.trust_env = False
    adapter = SourceAddressAdapter(source)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http


class BoundTransport(xmlrpc.client.Transport):
    """An XML-RPC transport leaving from `source`, optionally adding headers of the client's."""

    def __init__(self, source, headers=None):
        super().__init__()
        self._source = source
        self._fixed = list((headers or {}).items())

    def make_connection(self, host):
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        chost, self._extra_headers, _ = self.get_host_info(host)
        self._connection = host, http.client.HTTPConnection(
            chost, source_address=(self._source, 0), timeout=30)
        return self._connection[1]

    def send_headers(self, connection, headers):
        super().send_headers(connection, list(headers) + self._fixed)


def free_ports(count):
    """`count` distinct free ports: each socket stays bound until all are chosen (one closed at
    once can be handed out again by the next bind)."""
    socks = [socket.socket() for _ in range(count)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def wait_listening(port, proc, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise


# --- nginx and keygate ------------------------------------------------------------------------

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

    # As Odoo 18's deployment documentation: the headers its proxy_mode reads.
    proxy_set_header X-Forwarded-Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Real-IP $remote_addr;

    server {{
        listen 127.0.0.1:{http_port};
        location / {{ proxy_pass http://127.0.0.1:{keygate_port}; }}
    }}
    server {{
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {prefix}/cert.pem;
        ssl_certificate_key {prefix}/key.pem;
        location / {{ proxy_pass http://127.0.0.1:{keygate_port}; }}
    }}
}}
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A data directory of its own."""
    return Cli(tmp_path_factory.mktemp("keygate-nginx"))


@pytest.fixture(scope="module")
def db(env):
    name = "ngx-" + uuid.uuid4().hex[:8]
    env.run("db", "create", name, "--demo")
    env.run("config", "set", "--db", name, "base.login_cooldown_after", COOLDOWN_AFTER)
    return name


@pytest.fixture(scope="module")
def keygate(env, db):
    srv = Server(env.data_dir, "--proxy-mode", "True", "--trusted-proxies", PROXY,
                 "--max-connections-per-address", "2").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, keygate):
    """nginx in front of `keygate`; yields (http base URL, https base URL)."""
    prefix = tmp_path_factory.mktemp("nginx")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                    "/CN=localhost", "-days", "1", "-keyout", str(prefix / "key.pem"),
                    "-out", str(prefix / "cert.pem")], check=True, capture_output=True,
                   timeout=60)
    http_port, https_port = free_ports(2)
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, http_port=http_port, https_port=https_port,
                                      keygate_port=keygate.port))
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"),
                             "-c", str(conf), "-g", "daemon off;"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        for port in (http_port, https_port):
            try:
                wait_listening(port, proc)
            except OSError:
                raise AssertionError("nginx did not start: %s\n%s" % (
                    proc.stdout.read() if proc.poll() is not None else "",
                    (prefix / "error.log").read_text() if (prefix / "error.log").exists()
                    else ""))
        yield "http://127.0.0.1:%d" % http_port, "https://127.0.0.1:%d" % https_port
    finally:
        proc.terminate()  # SIGTERM: fast shutdown of the master and its worker
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- helpers ----------------------------------------------------------------------------------

def events(env, db, *args):
    return json.loads(env.run("events", "--db", db, "--json", *args).stdout)


def wait_events(env, db, predicate, *args, timeout=10):
    """Polls the event log (written in the background) until predicate(rows) holds."""
    deadline = time.monotonic() + timeout
    while True:
        rows = events(env, db, *args)
        if predicate(rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def of_key(rows, key):
    return [r for r in rows if r["key_index"] == key[:8]]


def attempts(rows):
    """One row per attempt: the successes of a minute are one row with their count."""
    return [r for r in rows for _ in range(r["calls"])]


def rpc(base, source, service, headers=None):
    return xmlrpc.client.ServerProxy(base + "/xmlrpc/2/" + service,
                                     transport=BoundTransport(source, headers))


def count(base, source, db, uid, key, headers=None):
    return rpc(base, source, "object", headers).execute_kw(db, uid, key, "res.partner",
                                                           "search_count", [[]])


def web_login(base, source, db, login, password, headers=None):
    """POSTs /web/session/authenticate from `source`; returns the response."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        return client(source).post(
            base + "/web/session/authenticate", headers=headers or {}, verify=False, timeout=30,
            json={"jsonrpc": "2.0", "method": "call", "id": 1,
                  "params": {"db": db, "login": login, "password": password}})


def password_user(env, db, prefix):
    login = unique_login(prefix)
    password = secret("pw-" + uuid.uuid4().hex)
    return login, env.add_user(login, db=db, password=password), password


def new_key(env, db, login, *extra):
    proc = env.run("key", "new", "--db", db, login, "--name", "behind nginx",
                   "--expires-days", "1", *extra)
    key = proc.stdout.strip()
    SECRETS.add(key)
    return key


# --- tests ------------------------------------------------------------------------------------

def test_the_client_address_is_the_real_one_whatever_the_client_sends(env, db, nginx):
    plain, tls = nginx
    login = unique_login("ngx-addr")
    uid = env.add_user(login, db=db)
    key = new_key(env, db, login)
    forged = [None, {"X-Forwarded-For": "6.6.6.6"}, {"X-Real-IP": "6.6.6.6"},
              {"X-Forwarded-For": "6.6.6.6", "X-Real-IP": "6.6.6.6",
               "X-Forwarded-Host": "evil.example"}]
    for headers in forged:
        assert count(plain, "127.0.0.2", db, uid, key, headers) >= 14
    assert rpc(plain, "127.0.0.4", "common", {"X-Forwarded-For": "6.6.6.6"}).authenticate(
        db, login, key, {}) == uid
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        r = client("127.0.0.5").post(
            tls + "/json/2/res.partner/search_count", verify=False, timeout=30,
            headers={"Authorization": "bearer " + key, "X-Odoo-Database": db,
                     "X-Forwarded-For": "6.6.6.6", "X-Real-IP": "6.6.6.6"},
            json={"domain": []})
    assert r.status_code == 200 and r.json() >= 14
    # (A JSON-2 event names the key's uid and index; the bearer header carries no login.)
    rows = wait_events(env, db, lambda r: len(attempts(of_key(r, key))) >= 6)
    rows = attempts(of_key(rows, key))
    assert sorted((r["client_ip"], r["peer_address"], r["channel"], r["user_id"], r["reason"])
                  for r in rows) == (
        [("127.0.0.2", "127.0.0.1", "xmlrpc", uid, "ok")] * 4
        + [("127.0.0.4", "127.0.0.1", "xmlrpc", uid, "ok"),
           ("127.0.0.5", "127.0.0.1", "json2", uid, "ok")])


def test_allowed_networks_see_the_real_client(env, db, nginx):
    plain, tls = nginx
    login = unique_login("ngx-allow")
    uid = env.add_user(login, db=db)
    key = new_key(env, db, login, "--allow-ip", "127.0.0.2/32")
    assert count(plain, "127.0.0.2", db, uid, key) >= 14
    assert count(plain, "127.0.0.2", db, uid, key, {"X-Forwarded-For": "6.6.6.6"}) >= 14
    for headers in (None, {"X-Forwarded-For": "127.0.0.2"}, {"X-Real-IP": "127.0.0.2"},
                    {"X-Forwarded-For": "127.0.0.2", "X-Real-IP": "127.0.0.2"}):
        with pytest.raises(xmlrpc.client.Fault) as e:
            count(plain, "127.0.0.3", db, uid, key, headers)
        assert (e.value.faultCode, e.value.faultString) == (3, "Access Denied")
    rows = attempts(wait_events(env, db, lambda r: len(attempts(r)) >= 6, "--login", login))
    assert len(rows) == 6
    assert sorted((r["client_ip"], r["peer_address"], r["reason"]) for r in rows) == (
        [("127.0.0.2", "127.0.0.1", "ok")] * 2
        + [("127.0.0.3", "127.0.0.1", "address_not_allowed")] * 4)


def test_web_login_cooldown_is_per_real_client_address(env, db, keygate, nginx):
    plain, tls = nginx
    login, uid, password = password_user(env, db, "ngx-web")
    for i in range(COOLDOWN_AFTER):
        # Failed web logins from 127.0.0.3, each for another unknown login (so that only the
        # address counts), each pretending to come from elsewhere.
        body = web_login(plain if i % 2 else tls, "127.0.0.3", db, unique_login("ngx-miss"),
                         "nope", {"X-Forwarded-For": "198.51.100.%d" % i,
                                  "X-Real-IP": "198.51.100.%d" % i}).json()
        assert body["error"]["data"]["message"] == "Access Denied"
    # 127.0.0.3 is on cooldown, even with the right password and a forged address...
    for headers in (None, {"X-Forwarded-For": "127.0.0.2"}, {"X-Real-IP": "127.0.0.2"}):
        body = web_login(plain, "127.0.0.3", db, login, password, headers).json()
        assert body["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
        assert body["error"]["data"]["message"] == COOLDOWN_TEXT
    # ...while another client behind the same nginx logs in.
    assert web_login(plain, "127.0.0.2", db, login, password).json()["result"]["uid"] == uid
    rows = attempts(wait_events(env, db, lambda r: len(attempts(r)) >= 4, "--login", login))
    assert sorted((r["client_ip"], r["peer_address"], r["channel"], r["reason"])
                  for r in rows) == [("127.0.0.2", "127.0.0.1", "web", "ok")] + [
        ("127.0.0.3", "127.0.0.1", "web", "cooldown")] * 3
    # The cooldown hit an address resolved through the trusted proxy: no misconfiguration
    # warning.
    assert not any("might be a reverse proxy" in line or "cooldown_private_address" in line
                   for line in keygate.log_lines())


def test_session_cookie_is_secure_exactly_over_https(env, db, nginx):
    plain, tls = nginx
    over_tls = web_login(tls, "127.0.0.6", db, ADMIN_LOGIN, "admin")
    assert over_tls.json()["result"]["uid"] == ADMIN_UID
    cookie = over_tls.headers["Set-Cookie"]
    assert cookie.startswith("session_id=") and "; Secure" in cookie and "HttpOnly" in cookie
    over_http = web_login(plain, "127.0.0.6", db, ADMIN_LOGIN, "admin")
    assert over_http.json()["result"]["uid"] == ADMIN_UID
    assert over_http.headers["Set-Cookie"].startswith("session_id=")
    assert "Secure" not in over_http.headers["Set-Cookie"]
    forged = web_login(plain, "127.0.0.6", db, ADMIN_LOGIN, "admin",
                       {"X-Forwarded-Proto": "https", "X-Forwarded-For": "6.6.6.6"})
    assert forged.json()["result"]["uid"] == ADMIN_UID
    assert "Secure" not in forged.headers["Set-Cookie"]
    # The session opened over https works over https.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        info = client("127.0.0.6").post(
            tls + "/web/session/get_session_info", verify=False, timeout=30,
            cookies={"session_id": over_tls.cookies["session_id"]},
            json={"jsonrpc": "2.0", "method": "call", "id": 2, "params": {}}).json()
    assert info["result"]["uid"] == ADMIN_UID


def test_the_connection_cap_does_not_apply_to_the_proxy(env, db, keygate, nginx):
    plain, tls = nginx
    # The cap (2) is on: a third direct connection from one client address is closed at once.
    held = [socket.create_connection(("127.0.0.1", keygate.port), timeout=5,
                                     source_address=("127.0.0.7", 0)) for _ in range(2)]
    try:
        with socket.create_connection(("127.0.0.1", keygate.port), timeout=5,
                                      source_address=("127.0.0.7", 0)) as third:
            third.sendall(b"GET /web/webclient/version_info HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                assert third.recv(100) == b""
            except ConnectionResetError:
                pass
    finally:
        for s in held:
            s.close()
    # Through nginx, every client arrives from 127.0.0.1: six keep-alive clients at once, each
    # making a call held as long as a password check (an unknown login) and then a key call on
    # the same connection, so that more than two connections from nginx are open together.
    login = unique_login("ngx-cap")
    uid = env.add_user(login, db=db)
    key = new_key(env, db, login)
    start = concurrent.futures.ThreadPoolExecutor(max_workers=6)
    barrier = threading.Barrier(6)
    spans = []

    def one(i):
        source = "127.0.0.%d" % (10 + i)
        common = rpc(plain, source, "common")
        models = rpc(plain, source, "object")
        barrier.wait(10)
        started = time.monotonic()
        answers = [common.authenticate(db, unique_login("ngx-ghost"), "nope", {})]
        spans.append((started, time.monotonic()))
        answers.append(models.execute_kw(db, uid, key, "res.partner", "search_count", [[]]))
        answers.append(common.version()["server_version"])
        return answers

    with start:
        results = [f.result(timeout=60) for f in [start.submit(one, i) for i in range(6)]]
    assert all(r[0] is False and r[1] >= 14 and r[2] == "18.0" for r in results), results
    # The six held calls were all in flight together (nginx opens one connection per request).
    assert max(s for s, _ in spans) < min(e for _, e in spans), spans
    assert not any("connections from 127.0.0.1 reached" in line for line in keygate.log_lines())
    assert any("connections from 127.0.0.7 reached max_connections_per_address (2)" in line
               for line in keygate.log_lines())

