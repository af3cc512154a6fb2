"""`keygate doctor` end to end: each failure mode of the diagnosis catalogue (odoo-compat.md §10)
is staged against a running keygate (or a tiny fake web server), and the doctor must name the
right cause and fix and exit non-zero; the healthy case exits 0. The secret never appears in the
doctor's output.
"""

import http.server
import json
import os
import socket
import subprocess
import threading
import time

import pytest

from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, DB, KEYGATE_BIN, Server, random_key, secret, unique_login
from test_totp import enable_totp

ENV_VAR = "KG_DOCTOR_SECRET"


def doctor(url, login, key, *extra, db=DB, data_dir=None, global_data_dir=None, text=False):
    """Runs `keygate doctor`; returns (exit code, {step name: step}, stdout)."""
    cmd = [KEYGATE_BIN]
    if global_data_dir is not None:
        cmd += ["--data-dir", str(global_data_dir)]
    cmd += ["doctor", "--url", url, "--db", db, "--login", login, "--key-env", ENV_VAR,
            "--timeout", "10"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    if not text:
        cmd.append("--json")
    cmd += list(extra)
    env = dict(os.environ, **{ENV_VAR: key})
    env.pop("KEYGATE_DATA_DIR", None)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    if len(key.strip()) >= 12:
        assert key.strip() not in out, "the doctor printed the secret"
    if text:
        return proc.returncode, None, proc.stdout
    steps = {s["name"]: s for s in json.loads(proc.stdout)}
    failures = sum(1 for s in steps.values() if s["status"] == "fail")
    # The report is on stdout; stderr has the one outcome line of a run with failed steps.
    assert proc.stderr == ("keygate: error: doctor: %d step(s) failed\n" % failures
                           if failures else ""), proc.stderr
    return proc.returncode, steps, proc.stdout


def failed(steps):
    return sorted(name for name, s in steps.items() if s["status"] == "fail")


@pytest.fixture(scope="module")
def user_with_key(cli, server):
    """An internal user (no sales group) with a login that is not its e-mail, and a key."""
    login = unique_login("doctor").replace("@", "-at-")
    email = login + "@mail.example.com"
    cli.add_user(login, email=email)
    key = cli.new_key(login, name="doctor", expires_days=30)
    return login, email, key


# ---- The happy path and the API key on a web session (a warning only) ----

def test_healthy_setup_exits_0_with_the_session_warning(server, admin_key):
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, admin_key)
    assert code == 0
    assert failed(steps) == []
    assert steps["version"]["detail"] == "server_version 18.0, protocol_version 1"
    assert steps["authenticate (XML-RPC)"]["detail"] == "login 'admin' authenticated as uid 2"
    assert steps["authenticate (JSON-RPC)"]["status"] == "pass"
    assert steps["object call"]["status"] == "pass"
    session = steps["web session"]
    assert session["status"] == "warn"
    assert "API keys do not open web sessions" in session["cause"]
    assert "XML-RPC or /jsonrpc" in session["fix"]


def test_text_output(server, admin_key):
    code, _, out = doctor(server.url, ADMIN_LOGIN, admin_key, text=True)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("keygate doctor: %s, database demo, login admin, secret %s... "
                               "(40 characters)" % (server.url, admin_key[:4]))
    assert any(l.startswith("\u2714 reachable ") for l in lines)
    assert any(l.startswith("! web session ") for l in lines)
    assert "    cause: API keys do not open web sessions" in out
    assert lines[-1] == "11 passed, 0 failed, 1 warning(s), 1 skipped"  # session cookie: a key


# ---- Database ----

def test_wrong_database_name(server, admin_key):
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, admin_key, db="Demo")
    assert code == 1
    db = steps["database"]
    assert db["status"] == "fail"
    assert db["detail"].startswith("database 'Demo' is not among the ")
    assert db["detail"].endswith(" database(s) the server lists")
    assert "wrong database name" in db["cause"]
    assert "did you mean demo" in db["fix"]
    assert steps["authenticate (XML-RPC)"]["status"] == "skip"


@pytest.fixture(scope="module")
def unlisted_server(data_dir, demo_db):
    srv = Server(data_dir, "--list-db", "False").start()
    yield srv
    srv.stop()


def test_db_list_disabled_is_a_warning_and_the_name_is_still_checked(unlisted_server, admin_key):
    code, steps, _ = doctor(unlisted_server.url, ADMIN_LOGIN, admin_key)
    assert code == 0
    assert steps["db.list"]["status"] == "warn"
    assert "list_db = False" in steps["db.list"]["cause"]
    assert steps["database"]["status"] == "pass"
    assert "db.list is not available" in steps["database"]["detail"]

    code, steps, _ = doctor(unlisted_server.url, ADMIN_LOGIN, admin_key, db="demoo")
    assert code == 1
    assert steps["database"]["status"] == "fail"
    assert 'database "demoo" does not exist' in steps["database"]["detail"]
    assert steps["database"]["cause"] == "wrong database name (names are case-sensitive)"


# ---- Login ----

def test_login_is_not_the_email(server, cli, data_dir, user_with_key):
    login, email, key = user_with_key
    code, steps, _ = doctor(server.url, email, key.key)
    assert code == 1
    auth = steps["authenticate (XML-RPC)"]
    assert auth["detail"] == ("common.authenticate returned False for login '%s' on database "
                              "'demo'" % email)
    assert "often but not always their e-mail" in auth["cause"]
    assert "cannot be told apart" in auth["cause"]

    # With keygate's data, the exact cause and the login to use.
    code, steps, _ = doctor(server.url, email, key.key, data_dir=data_dir)
    assert code == 1
    assert steps["local: user"]["status"] == "fail"
    assert "--login %s" % login in steps["authenticate (XML-RPC)"]["fix"]


def test_unknown_login_that_is_no_email_and_uid_false(server, admin_key):
    code, steps, _ = doctor(server.url, "admn", admin_key)
    assert code == 1
    auth = steps["authenticate (XML-RPC)"]
    assert auth["status"] == "fail"
    assert "'admn' does not look like an e-mail" in auth["cause"]
    for cause in ("revoked", "archived", "scope", "two-factor", "cooldown"):
        assert cause in auth["cause"]
    uid_false = steps["uid False handling"]
    assert uid_false["status"] == "fail"
    assert "returning False, not by raising" in uid_false["cause"]
    assert "if not uid:" in uid_false["fix"]
    # No further login attempt after a failed one.
    assert steps["authenticate (JSON-RPC)"]["status"] == "skip"


# ---- Keys ----

def test_revoked_key(server, cli, data_dir):
    key = cli.new_key(ADMIN_LOGIN, name="doctor revoked")
    assert server.common().authenticate(DB, ADMIN_LOGIN, key.key, {}) == 2
    cli.revoke(key.id)
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, key.key, data_dir=data_dir)
    assert code == 1
    auth = steps["authenticate (XML-RPC)"]
    assert auth["cause"].startswith("key revoked: key %d was revoked on" % key.id)
    assert "create a new key" in auth["fix"]
    assert steps["local: secret"]["status"] == "fail"


def test_with_the_data_directory_a_refused_secret_is_never_sent(server, cli, data_dir):
    # The tables say the key is revoked: the doctor reads them instead of probing, so the server
    # records no attempt (no failed login towards the cooldown). Remotely it must probe once.
    login = unique_login("doctor-local")
    cli.add_user(login)
    key = cli.new_key(login, name="doctor local", expires_days=30)
    cli.revoke(key.id)

    def attempts():
        time.sleep(1.0)  # the server writes its buffered events every 200 ms
        return json.loads(cli.run("events", "--db", DB, "--login", login, "--json").stdout)

    code, steps, _ = doctor(server.url, login, key.key, data_dir=data_dir)
    assert code == 1
    assert steps["authenticate (XML-RPC)"]["detail"] == (
        "not sent: the local tables show that the server refuses this secret (reading them costs "
        "no failed login; sending it would)")
    assert steps["authenticate (XML-RPC)"]["cause"].startswith("key revoked: key %d" % key.id)
    for name in ("authenticate (JSON-RPC)", "uid False handling", "object call", "web session"):
        assert steps[name]["status"] == "skip", name
    assert attempts() == []
    code, steps, _ = doctor(server.url, login, key.key)
    assert code == 1
    assert [(e["outcome"], e["reason"]) for e in attempts()] == [("failure", "key_revoked")]


def test_never_issued_key(server, data_dir):
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, random_key(), global_data_dir=data_dir)
    assert code == 1
    assert steps["authenticate (XML-RPC)"]["cause"].startswith("key revoked or never issued here")


def test_expired_key(server, cli, data_dir):
    key = cli.new_key(ADMIN_LOGIN, name="doctor expiring", expires_days=2.0 / 86400)
    time.sleep(2.5)
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, key.key, data_dir=data_dir)
    assert code == 1
    auth = steps["authenticate (XML-RPC)"]
    assert "key expired" in auth["cause"]
    assert "create a new key" in auth["fix"]


def test_user_archived(server, cli, data_dir):
    login = unique_login("doctor-archived")
    cli.add_user(login)
    key = cli.new_key(login, name="doctor archived", expires_days=30)
    cli.archive(login)
    code, steps, _ = doctor(server.url, login, key.key, data_dir=data_dir)
    assert code == 1
    auth = steps["authenticate (XML-RPC)"]
    assert auth["cause"].startswith("user archived")
    assert "keygate user unarchive --db demo %s" % login in auth["fix"]
    assert steps["local: user"]["status"] == "fail"


def test_key_scope_not_rpc(server, cli, data_dir):
    key = cli.new_key(ADMIN_LOGIN, name="doctor calendar", scope="calendar", force=True)
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, key.key, data_dir=data_dir)
    assert code == 1
    auth = steps["authenticate (XML-RPC)"]
    assert auth["cause"].startswith("key scope 'calendar': only global keys")
    assert "without a scope" in auth["fix"]


def test_uuid_and_padded_secrets(server, admin_key):
    uuid = secret("3f5a8b2c-1234-5678-90ab-cdef12345678")
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, uuid)
    assert code == 1
    assert steps["secret format"]["cause"] == (
        "this looks like a UUID: Odoo API keys are 40 hex characters; the key was probably "
        "copied from an article/another system")

    code, steps, _ = doctor(server.url, ADMIN_LOGIN, admin_key + "\n")
    assert code == 1
    assert steps["secret format"]["status"] == "fail"
    assert steps["secret format"]["fix"].startswith("strip it")


# ---- Two-factor authentication ----

def test_2fa_user_with_a_password(server, cli, data_dir):
    login = unique_login("doctor-2fa")
    password = secret("doctor 2fa password")
    cli.add_user(login, password=password)
    enable_totp(cli, login)
    code, steps, _ = doctor(server.url, login, password)
    assert code == 1
    # Remotely: authenticate refused the secret, so the doctor sends it nowhere else (one failed
    # login per run at most) and lists the causes, two-factor authentication among them.
    assert "(5) two-factor authentication on and a password used instead of an API key" in \
        steps["authenticate (XML-RPC)"]["cause"]
    assert steps["web session"]["status"] == "skip"

    code, steps, _ = doctor(server.url, login, password, data_dir=data_dir)
    assert code == 1
    assert steps["local: secret"]["cause"].startswith("2FA user trying a password over RPC")
    assert "create an API key" in steps["authenticate (XML-RPC)"]["fix"]


# ---- Authorization ----

def test_access_error_after_a_successful_login(server, cli, user_with_key):
    login, _, key = user_with_key
    models = server.object()
    uid = server.common().authenticate(DB, login, key.key, {})
    code, steps, _ = doctor(server.url, login, key.key, "--model", "sale.order",
                            "--operation", "read")
    assert code == 1
    assert failed(steps) == ["access sale.order read"]
    access = steps["access sale.order read"]
    assert access["detail"].startswith(
        "AccessError: You are not allowed to access 'Sales Order' (sale.order) records.")
    assert access["cause"].startswith("authorization, not authentication")
    assert access["fix"].startswith("grant one of the groups: Sales/Administrator, "
                                    "Sales/User: Own Documents Only")
    assert steps["authenticate (XML-RPC)"]["detail"].endswith("as uid %d" % uid)

    code, steps, _ = doctor(server.url, login, key.key, "--model", "sale.order",
                            "--operation", "unlink")
    assert code == 1
    assert "not allowed to delete" in steps["access sale.order unlink"]["detail"]

    code, steps, _ = doctor(server.url, login, key.key, "--model", "res.partner")
    assert code == 0
    assert steps["access res.partner read"]["status"] == "pass"


def test_write_operations_are_checked_never_attempted(server, cli):
    login = unique_login("doctor-sales")
    cli.run("user", "add", "--db", DB, login, "--group", "Sales / Administrator")
    key = cli.new_key(login, name="doctor sales", expires_days=30)
    uid = server.common().authenticate(DB, login, key.key, {})
    models = server.object()
    before = models.execute_kw(DB, uid, key.key, "sale.order", "search", [[]])
    for operation in ("unlink", "write", "create"):
        code, steps, _ = doctor(server.url, login, key.key, "--model", "sale.order",
                                "--operation", operation)
        assert code == 0, steps
        assert steps["access sale.order %s" % operation]["detail"] == (
            "%s on sale.order is allowed for this user" % operation)
    assert models.execute_kw(DB, uid, key.key, "sale.order", "search", [[]]) == before


# ---- Cooldown, on a database of its own ----

def test_cooldown_is_named(server, cli, data_dir):
    db = "doctorcool"
    cli.run("db", "create", db, "--demo")
    cli.run("config", "set", "--db", db, "base.login_cooldown_after", "2")
    key = cli.new_key(ADMIN_LOGIN, name="doctor cooldown", db=db)
    common = server.common()
    for _ in range(3):
        assert common.authenticate(db, ADMIN_LOGIN, random_key(), {}) is False
    # A correct key is never put on cooldown: the doctor finds nothing wrong with it...
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, key.key, db=db)
    assert code == 0, steps
    # ...while the password is refused unchecked. Remotely the doctor lists the cooldown among the
    # causes (it sends a refused secret nowhere else); with the data directory it names it.
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, ADMIN_PASSWORD, db=db)
    assert code == 1
    assert "(6) login cooldown after repeated failures" in steps["authenticate (XML-RPC)"]["cause"]
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, ADMIN_PASSWORD, db=db, data_dir=data_dir)
    assert code == 1
    auth = steps["authenticate (XML-RPC)"]
    assert auth["cause"] == ("the server's verdict on the last attempt: refused by the login "
                             "cooldown after repeated failures")
    assert "proxy_mode" in auth["fix"]


# ---- Not XML-RPC at all ----

class _FakeWeb(http.server.BaseHTTPRequestHandler):
    status = 200
    headers_out = {}
    body = b""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(self.status)
        for k, v in self.headers_out.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def fake_web(status, headers, body):
    handler = type("Handler", (_FakeWeb,), {"status": status, "headers_out": headers,
                                            "body": body})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.mark.parametrize("status,headers,body,detail,cause", [
    (200, {"Content-Type": "text/html; charset=utf-8"},
     b"<!DOCTYPE html><html><head><title>Odoo | Website</title></head></html>",
     'an HTML page (HTTP 200), title "Odoo | Website"', "an HTML page where XML was expected"),
    (302, {"Location": "https://erp.example.com/xmlrpc/2/common"}, b"",
     "a redirect (HTTP 302) to https://erp.example.com/xmlrpc/2/common",
     "a redirect, not XML-RPC"),
    (303, {"Location": "/web/login"}, b"", "a redirect (HTTP 303) to /web/login",
     "a redirect to the web login page"),
    (502, {"Content-Type": "text/html"}, b"<html><title>502 Bad Gateway</title></html>",
     'HTTP 502, a proxy error page ("502 Bad Gateway")', "a proxy error"),
])
def test_not_xmlrpc(status, headers, body, detail, cause, admin_key):
    httpd = fake_web(status, headers, body)
    try:
        url = "http://127.0.0.1:%d" % httpd.server_address[1]
        code, steps, _ = doctor(url, ADMIN_LOGIN, admin_key)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert code == 1
    endpoint = steps["xmlrpc endpoint"]
    assert endpoint["status"] == "fail"
    assert detail in endpoint["detail"]
    assert endpoint["cause"].startswith(cause)
    assert steps["reachable"]["status"] == "pass"
    assert steps["authenticate (XML-RPC)"]["status"] == "skip"


def test_nothing_listening(admin_key):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    code, steps, _ = doctor("http://127.0.0.1:%d" % port, ADMIN_LOGIN, admin_key)
    assert code == 1
    reachable = steps["reachable"]
    assert reachable["detail"] == "connection refused by 127.0.0.1:%d" % port
    assert reachable["cause"].startswith("nothing listens on 127.0.0.1:%d" % port)
    assert "8069" in reachable["fix"]
    assert all(s["status"] == "skip" for n, s in steps.items() if n != "reachable")


def test_usage_errors():
    proc = subprocess.run([KEYGATE_BIN, "doctor", "--url", "ftp://x", "--db", DB, "--login",
                           "admin", "--key-stdin"], input="k\n", capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 1
    assert "the scheme must be http or https" in proc.stderr
    proc = subprocess.run([KEYGATE_BIN, "doctor", "--url", "http://127.0.0.1:1", "--db", DB,
                           "--login", "admin"], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert "exactly one of --key-env VAR or --key-stdin" in proc.stderr


# ---- The session cookie: missing, refused, Secure over http, the old header ----

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class _Proxy(http.server.BaseHTTPRequestHandler):
    """A reverse proxy in front of keygate with one misconfiguration (see `mode`)."""
    upstream = None  # (host, port)
    mode = ""

    def do_POST(self):
        import http.client
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        if self.mode == "drop_cookie":
            headers = {k: v for k, v in headers.items() if k.lower() != "cookie"}
        if self.mode == "forwarded_https":
            headers["X-Forwarded-Proto"] = "https"
        conn = http.client.HTTPConnection(*self.upstream, timeout=30)
        conn.request("POST", self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() in HOP_BY_HOP:
                continue
            if self.mode == "strip_set_cookie" and k.lower() == "set-cookie":
                continue
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    def log_message(self, *args):
        pass


def proxy_in_front(port, mode):
    handler = type("Handler", (_Proxy,), {"upstream": ("127.0.0.1", port), "mode": mode})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def user_with_password(cli, server):
    login = unique_login("doctor-session")
    password = secret("Session-Passw0rd-for-the-doctor")
    cli.add_user(login, password=password)
    return login, password


def test_session_cookie_healthy_and_old_header_explained(server, user_with_password):
    login, password = user_with_password
    code, steps, _ = doctor(server.url, login, password)
    assert code == 0, steps
    cookie = steps["session cookie"]
    assert cookie["status"] == "pass"
    assert "accepted by get_session_info" in cookie["detail"]
    assert "X-Openerp-Session-Id header is not accepted" in cookie["detail"]
    assert "must send the cookie" in cookie["detail"]


def test_session_cookie_step_with_a_key_says_why_it_did_not_run(server, admin_key):
    code, steps, _ = doctor(server.url, ADMIN_LOGIN, admin_key)
    assert code == 0
    assert steps["session cookie"]["status"] == "skip"
    assert "an API key cannot" in steps["session cookie"]["detail"]


@pytest.mark.parametrize("mode,detail,cause,fix", [
    ("strip_set_cookie", "set no session_id cookie", "removes or renames the Set-Cookie header",
     "pass Set-Cookie through unchanged"),
    ("drop_cookie", "refused by /web/session/get_session_info",
     "a proxy drops the Cookie request header", "forward the Cookie header"),
])
def test_session_cookie_broken_by_a_proxy(server, user_with_password, mode, detail, cause, fix):
    login, password = user_with_password
    proxy = proxy_in_front(server.port, mode)
    try:
        url = "http://127.0.0.1:%d" % proxy.server_address[1]
        code, steps, _ = doctor(url, login, password)
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert code == 1
    assert failed(steps) == ["session cookie"]
    step = steps["session cookie"]
    assert detail in step["detail"]
    assert cause in step["cause"]
    assert fix in step["fix"]
    assert steps["web session"]["status"] == "pass"


def test_secure_session_cookie_over_plain_http(data_dir, demo_db, user_with_password):
    """A proxy says X-Forwarded-Proto: https to a keygate in proxy mode while the client talks
    plain http: the cookie is Secure and no client sends it back."""
    login, password = user_with_password
    srv = Server(data_dir, "--proxy-mode", "True", "--trusted-proxies", "127.0.0.1/32").start()
    proxy = proxy_in_front(srv.port, "forwarded_https")
    try:
        url = "http://127.0.0.1:%d" % proxy.server_address[1]
        code, steps, _ = doctor(url, login, password)
    finally:
        proxy.shutdown()
        proxy.server_close()
        srv.stop()
    assert code == 1
    assert failed(steps) == ["session cookie"]
    step = steps["session cookie"]
    assert step["detail"] == "the session_id cookie is marked Secure but the URL is plain http"
    assert "X-Forwarded-Proto: https" in step["cause"]
    assert "https URL" in step["fix"]
