"""Failed-authentication detection and alerts (issue 5 §4), end to end: scripted attack traffic
over XML-RPC and JSON-RPC against a running keygate with low thresholds, behind a trusted proxy
(X-Forwarded-For gives each attacker its own address); exactly the expected alerts must appear in
`keygate alerts --json`, in keygate_alert and at a local webhook receiver. A replay of normal
traffic fires none; the webhook is retried when the receiver fails; `keygate watch` runs the same
detection outside the server.

Everything runs on databases and servers of its own (the shared demo database has the login
cooldown disabled, see conftest.py).
"""

import http.server
import json
import threading
import time
import uuid
import xmlrpc.client

import pytest
import requests

from conftest import SECRETS, Cli, Server, rpc_via_proxy as rpc, secret, sql, unique_login

PROXY = "127.0.0.1/32"
THRESHOLDS = ["--detect-interval-seconds", "0.2", "--detect-window-seconds", "600",
              "--detect-bruteforce-failures", "5", "--detect-spray-logins", "4",
              "--detect-distributed-addresses", "4", "--detect-access-errors", "5",
              "--alert-webhook-backoff-seconds", "0.3"]


class Receiver:
    """A local HTTP server receiving webhook POSTs; answers the scripted statuses, then 200."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.posts = []  # (status answered, parsed JSON body)
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    receiver.posts.append((status, self.path, self.headers.get("Content-Type"),
                                           json.loads(body)))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d/hooks/keygate?token=t0k3n" % self.httpd.server_address[1]

    def delivered(self, db):
        """The alerts accepted (HTTP 200) for `db`."""
        with self.lock:
            return [body for status, _, _, body in self.posts if status == 200 and body["db"] == db]

    def all_posts(self):
        with self.lock:
            return list(self.posts)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def authenticate(server, db, login, password, forwarded_for=None):
    return rpc(server, "common", forwarded_for).authenticate(db, login, password, {})


def jsonrpc_login(server, db, login, password, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    r = requests.post(server.url + "/jsonrpc", headers=headers, timeout=30, json={
        "jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"service": "common", "method": "login", "args": [db, login, password]}})
    r.raise_for_status()
    return r.json()["result"]


def search_count(server, db, uid, key, forwarded_for=None):
    return rpc(server, "object", forwarded_for).execute_kw(db, uid, key, "res.partner",
                                                           "search_count", [[]])


def denied(server, db, uid, key, code=3):
    with pytest.raises(xmlrpc.client.Fault) as e:
        search_count(server, db, uid, key)
    assert e.value.faultCode == code


def alerts(cli, db):
    return json.loads(cli.run("alerts", "--db", db, "--json").stdout)


def kinds(rows):
    return sorted((a["kind"], a["subject"]) for a in rows)


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def new_db(cli, cooldown_after="0"):
    name = "det-" + uuid.uuid4().hex[:8]
    cli.run("db", "create", name, "--demo")
    cli.run("config", "set", "--db", name, "base.login_cooldown_after", cooldown_after)
    return name


def user_with_key(cli, db, prefix, **key_args):
    """A passwordless internal user (wrong secrets cost no password hash) and a key."""
    login = unique_login(prefix)
    uid = cli.add_user(login, db=db)
    return login, uid, cli.new_key(login, db=db, **key_args)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return Cli(tmp_path_factory.mktemp("keygate-detection"))


@pytest.fixture(scope="module")
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(scope="module")
def server(env, receiver):
    srv = Server(env.data_dir, "--proxy-mode", "True", "--trusted-proxies", PROXY,
                 "--alert-webhook-url", receiver.url, *THRESHOLDS).start()
    yield srv
    srv.stop()


def test_attack_replay_fires_exactly_the_expected_alerts(env, server, receiver):
    db = new_db(env)
    wrong = secret("not-the-password-" + uuid.uuid4().hex[:6])
    expected = set()

    # Brute force: 5 wrong passwords for one login from one address.
    bf_login, _, _ = user_with_key(env, db, "bruteforce")
    for _ in range(5):
        assert authenticate(server, db, bf_login, wrong, "198.51.100.10") is False
    expected.add(("brute_force", bf_login + " from 198.51.100.10"))

    # Spraying: 4 logins from one address, over JSON-RPC.
    for name in ("alice", "bob", "carol", "dave"):
        assert jsonrpc_login(server, db, "spray-%s@example.invalid" % name, wrong,
                             "198.51.100.20") is False
    expected.add(("password_spraying", "198.51.100.20"))

    # Distributed: one login from 4 addresses, one attempt each.
    victim, _, _ = user_with_key(env, db, "victim")
    for i in range(1, 5):
        assert authenticate(server, db, victim, wrong, "203.0.113.%d" % i) is False
    expected.add(("distributed_brute_force", victim))

    # A revoked key, used again.
    _, r_uid, revoked = user_with_key(env, db, "revoked")
    assert search_count(server, db, r_uid, revoked.key) > 0
    env.revoke(revoked.id, db=db)
    denied(server, db, r_uid, revoked.key)
    expected.add(("revoked_key_use", "key %d" % revoked.id))

    # A key rotated out without grace, used again.
    _, o_uid, rotated = user_with_key(env, db, "rotated")
    proc = env.run("key", "rotate", "--db", db, str(rotated.id), "--grace", "0")
    SECRETS.add(proc.stdout.strip())
    denied(server, db, o_uid, rotated.key)
    expected.add(("rotated_key_use", "key %d" % rotated.id))

    # A key used from its usual network, then from a new one.
    _, n_uid, moving = user_with_key(env, db, "moving")
    assert search_count(server, db, n_uid, moving.key) > 0
    time.sleep(0.05)
    assert search_count(server, db, n_uid, moving.key, "192.0.2.50") > 0
    expected.add(("new_network", "key %d from 192.0.2.0/24" % moving.id))

    # Permission probing: a read-only key trying to create, 5 times.
    _, p_uid, probing = user_with_key(env, db, "probing", scope="rpc:readonly")
    models = rpc(server, "object")
    for i in range(5):
        with pytest.raises(xmlrpc.client.Fault) as e:
            models.execute_kw(db, p_uid, probing.key, "res.partner", "create",
                              [{"name": "probe %d" % i}])
        assert e.value.faultCode == 4
    expected.add(("access_error_burst", "key %d" % probing.id))

    # The (web login) cooldown hitting a private address that came without a proxy header.
    env.run("config", "set", "--db", db, "base.login_cooldown_after", "2")
    cd_login, _, _ = user_with_key(env, db, "cooldown")
    for _ in range(3):
        body = requests.post(server.url + "/web/session/authenticate", timeout=30, json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"db": db, "login": cd_login, "password": wrong}}).json()
        assert body["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    expected.add(("cooldown_private_address", "127.0.0.1"))

    wait_for(lambda: set(kinds(alerts(env, db))) >= expected)
    got = alerts(env, db)  # read again, so that a failure shows the difference
    assert set(kinds(got)) == expected
    time.sleep(1.5)  # several more detection passes: nothing fires twice, nothing else fires
    rows = alerts(env, db)
    assert kinds(rows) == sorted(expected)
    by_kind = {a["kind"]: a for a in rows}
    bf = by_kind["brute_force"]
    assert bf["count"] == 5 and bf["login"] == bf_login and bf["client_ip"] == "198.51.100.10"
    assert bf["severity"] == "warning" and bf["message"] and bf["recommendation"]
    assert by_kind["password_spraying"]["count"] == 4
    assert by_kind["distributed_brute_force"]["count"] == 4
    assert by_kind["revoked_key_use"]["key_id"] == revoked.id
    assert by_kind["access_error_burst"]["count"] == 5
    assert by_kind["new_network"]["client_ip"] == "192.0.2.50"
    assert "proxy_mode = True" in by_kind["cooldown_private_address"]["recommendation"]

    # The table holds the same rows.
    stored = sql(env.data_dir, db, "SELECT kind, subject FROM keygate_alert")
    assert sorted(stored) == sorted(expected)

    # The webhook got each alert once, as JSON at the configured path.
    delivered = wait_for(lambda: len(receiver.delivered(db)) >= len(expected) and
                         receiver.delivered(db))
    assert kinds(delivered) == sorted(expected)
    post = [p for p in receiver.all_posts() if p[3]["db"] == db][0]
    assert post[1] == "/hooks/keygate?token=t0k3n" and post[2] == "application/json"
    assert set(post[3]) == {"id", "db", "create_date", "kind", "severity", "subject", "login",
                            "client_ip", "key_id", "count", "first_seen", "last_seen", "message",
                            "recommendation", "source"}

    # One structured log line per alert; no webhook token in the log.
    lines = [line for line in server.log_lines() if " alert: kind=" in line and
             ("db=" + db) in line]
    assert sorted(line.split("kind=")[1].split(" ")[0] for line in lines) == \
        sorted(k for k, _ in expected)
    assert not any("t0k3n" in line for line in server.log_lines())

    # AccessErrors are in the event log with their key.
    events = json.loads(env.run("events", "--db", db, "--json", "--outcome", "failed").stdout)
    assert sum(1 for e in events if e["reason"] == "access_error" and
               e["key_id"] == probing.id) == 5
    assert any(e["reason"] == "key_revoked" and e["key_id"] == revoked.id for e in events)

    # The table view names each alert with its recommendation.
    table = env.run("alerts", "--db", db).stdout
    assert "brute_force" in table and "-> " in table


def test_normal_traffic_fires_nothing(env, server, receiver):
    db = new_db(env)
    login, uid, key = user_with_key(env, db, "normal")
    for _ in range(10):
        assert search_count(server, db, uid, key.key) > 0
    # One typo, then the right key.
    assert authenticate(server, db, login, secret("typo-" + uuid.uuid4().hex[:6])) is False
    assert authenticate(server, db, login, key.key) == uid
    for _ in range(5):
        assert search_count(server, db, uid, key.key) > 0
    # 17 attempts; the successes of one minute are one row with their count.
    evs = wait_for(lambda: sum(e["calls"] for e in json.loads(
        env.run("events", "--db", db, "--json").stdout)) >= 17)
    assert evs
    time.sleep(1.5)  # several detection passes over the new events
    assert alerts(env, db) == []
    assert sql(env.data_dir, db, "SELECT COUNT(*) FROM keygate_alert") == [("0",)]
    assert receiver.delivered(db) == []
    # The same replay, under `keygate watch --once`: nothing either.
    assert env.run("watch", "--db", db, "--once", "--since", "1h").stdout == ""


def test_webhook_is_retried_until_delivered(env):
    receiver = Receiver(statuses=[500])
    srv = Server(env.data_dir, "--alert-webhook-url", receiver.url, *THRESHOLDS).start()
    try:
        db = new_db(env)
        _, uid, key = user_with_key(env, db, "retry")
        env.revoke(key.id, db=db)
        denied(srv, db, uid, key.key)
        delivered = wait_for(lambda: receiver.delivered(db))
        assert kinds(delivered) == [("revoked_key_use", "key %d" % key.id)]
        posts = [p for p in receiver.all_posts() if p[3]["db"] == db]
        assert [p[0] for p in posts] == [500, 200]
        assert posts[0][3] == posts[1][3]
        assert any("attempt 1 failed (HTTP 500)" in line for line in srv.log_lines())
    finally:
        srv.stop()
        receiver.close()


def test_watch_detects_outside_the_server(env):
    receiver = Receiver()
    srv = Server(env.data_dir, "--detect-enabled", "False", *THRESHOLDS).start()
    try:
        db = new_db(env)
        _, uid, key = user_with_key(env, db, "watched")
        env.revoke(key.id, db=db)
        denied(srv, db, uid, key.key)
        wait_for(lambda: json.loads(env.run("events", "--db", db, "--json").stdout))
        time.sleep(0.5)
        assert alerts(env, db) == []  # the server does not detect
        args = ["watch", "--db", db, "--once", "--since", "1h", "--alert-webhook-url",
                receiver.url]
        out = env.run(*args).stdout
        assert out.count("\n") == 1 and "revoked_key_use" in out and "key %d" % key.id in out
        assert kinds(alerts(env, db)) == [("revoked_key_use", "key %d" % key.id)]
        assert kinds(receiver.delivered(db)) == [("revoked_key_use", "key %d" % key.id)]
        # Recorded once: a second watch finds it already there.
        assert env.run(*args).stdout == ""
        assert len(receiver.delivered(db)) == 1
        # --since filters the list.
        assert json.loads(env.run("alerts", "--db", db, "--json", "--since",
                                  "2000-01-01").stdout)
        bad = env.run("alerts", "--db", db, "--since", "yesterday", check=False)
        assert bad.returncode == 1 and "--since" in bad.stderr
    finally:
        srv.stop()
        receiver.close()
