"""The defences of issue 4, end to end: the login cooldown shared in the database and keyed by
client address and by login, client addresses behind a trusted proxy, per-key allowed networks
and rate limits, Odoo 18's expiry rules for keys, and the auth event log with its CLI.

Each test works on databases and servers of its own (the shared demo database runs with the
cooldown disabled, see conftest.py).
"""

import json
import re
import time
import uuid
import xmlrpc.client

import pytest
import requests

from conftest import (ADMIN_LOGIN, ADMIN_UID, SECRETS, Cli, Server, random_key, secret, sql,
                      rpc_via_proxy as rpc,
                      unique_login)

COOLDOWN_TEXT = "Too many login failures, please wait a bit before trying again."
PROXY = "127.0.0.1/32"


def count(server, db, uid, key, forwarded_for=None):
    return rpc(server, "object", forwarded_for).execute_kw(db, uid, key, "res.partner",
                                                           "search_count", [[]])


def fault(server, db, uid, key, forwarded_for=None):
    with pytest.raises(xmlrpc.client.Fault) as e:
        count(server, db, uid, key, forwarded_for)
    assert e.value.faultCode == 3
    return e.value.faultString


def events(cli, db, *args):
    proc = cli.run("events", "--db", db, "--json", *args)
    return json.loads(proc.stdout)


def wait_events(cli, db, predicate, *args, timeout=10):
    """Polls the event log (written in the background) until predicate(rows) holds."""
    deadline = time.monotonic() + timeout
    while True:
        rows = events(cli, db, *args)
        if predicate(rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A data directory of its own with one demo database per test that needs it."""
    data_dir = tmp_path_factory.mktemp("keygate-defences")
    return Cli(data_dir)


def new_db(cli, cooldown_after=None, cooldown_duration=None):
    name = "def-" + uuid.uuid4().hex[:8]
    cli.run("db", "create", name, "--demo")
    if cooldown_after is not None:
        cli.run("config", "set", "--db", name, "base.login_cooldown_after", cooldown_after)
    if cooldown_duration is not None:
        cli.run("config", "set", "--db", name, "base.login_cooldown_duration", cooldown_duration)
    return name


def user_with_key(cli, db, prefix, **key_args):
    """A passwordless internal user (so wrong secrets cost no password hash) and a key."""
    login = unique_login(prefix)
    uid = cli.add_user(login, db=db)
    return login, uid, cli.new_key(login, db=db, **key_args).key


@pytest.fixture(scope="module")
def proxied(env):
    """A server behind a trusted reverse proxy at 127.0.0.1."""
    srv = Server(env.data_dir, "--proxy-mode", "True", "--trusted-proxies", PROXY).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def direct(env):
    """A server with Odoo's defaults: no proxy mode, no trusted proxies."""
    srv = Server(env.data_dir).start()
    yield srv
    srv.stop()


def test_config_get_and_set(env):
    db = new_db(env)
    assert env.run("config", "get", "--db", db, "base.login_cooldown_after").stdout == "5\n"
    assert env.run("config", "get", "--db", db, "base.login_cooldown_duration").stdout == "60\n"
    env.run("config", "set", "--db", db, "base.login_cooldown_after", "7")
    assert env.run("config", "get", "--db", db, "base.login_cooldown_after").stdout == "7\n"
    bad = env.run("config", "set", "--db", db, "base.login_cooldown_after", "lots", check=False)
    assert bad.returncode == 1
    assert bad.stderr == ("keygate: error: base.login_cooldown_after must be a whole number of 0 "
                          "or more, got 'lots'\n")
    listed = json.loads(env.run("config", "list", "--db", db, "--json").stdout)
    assert listed["base.login_cooldown_after"] == "7"
    missing = env.run("config", "get", "--db", "nosuchdb", "x", check=False)
    assert missing.returncode == 1


def password_user(cli, db, prefix):
    login = unique_login(prefix)
    password = secret("pw-" + uuid.uuid4().hex)
    uid = cli.add_user(login, db=db, password=password)
    return login, uid, password


def web_login(server, db, login, password, forwarded_for=None):
    """POSTs /web/session/authenticate; returns the JSON-RPC body."""
    http = requests.Session()
    http.trust_env = False
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return http.post(server.url + "/web/session/authenticate", headers=headers, json={
        "jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"db": db, "login": login, "password": password}}, timeout=30).json()


def test_a_correct_key_is_never_refused_by_the_cooldown(env, proxied):
    db = new_db(env)  # Odoo's defaults: 5 failures, 60 s
    login, uid, key = user_with_key(env, db, "keyok")
    for _ in range(5):
        assert fault(proxied, db, uid, random_key(), "203.0.113.10") == "Access Denied"
    # The login is on cooldown for passwords from any address...
    assert fault(proxied, db, uid, random_key(), "203.0.113.11") == COOLDOWN_TEXT
    assert rpc(proxied, "common", "203.0.113.10").authenticate(db, login, "guess", {}) is False
    # ...but its key works, from the failing address too, on every channel.
    assert count(proxied, db, uid, key, "203.0.113.10") >= 14
    assert rpc(proxied, "common", "203.0.113.10").authenticate(db, login, key, {}) == uid
    http = requests.Session()
    http.trust_env = False
    body = http.post(proxied.url + "/jsonrpc", headers={"X-Forwarded-For": "203.0.113.10"}, json={
        "jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"service": "object", "method": "execute_kw",
                   "args": [db, uid, key, "res.partner", "search_count", [[]]]}},
        timeout=30).json()
    assert body["result"] >= 14
    r = http.post(proxied.url + "/json/2/res.partner/search_count",
                  headers={"Authorization": "bearer " + key, "X-Odoo-Database": db,
                           "X-Forwarded-For": "203.0.113.10"}, json={"domain": []}, timeout=30)
    assert r.status_code == 200 and r.json() >= 14
    rows = wait_events(env, db, lambda r: len(r) >= 11, "--login", login)
    reasons = [r["reason"] for r in reversed(rows)]
    assert reasons[:7] == ["unknown_key"] * 5 + ["cooldown", "cooldown"]
    assert reasons[7:] == ["ok"] * (len(reasons) - 7)
    assert {r["peer_address"] for r in rows} == {"127.0.0.1"}
    assert not any("might be a reverse proxy" in line for line in proxied.log_lines())


def test_rpc_neither_counts_nor_refuses_by_address(env, direct):
    # Odoo 18 applies no cooldown to XML-RPC or JSON-RPC: every client behind one address (here
    # 127.0.0.1) keeps working whatever the others do.
    db = new_db(env)
    for i in range(8):
        _, other_uid, _ = user_with_key(env, db, "noise-%d" % i)
        assert fault(direct, db, other_uid, random_key()) == "Access Denied"
    login, uid, password = password_user(env, db, "rpc-pw")
    assert direct.common().authenticate(db, login, password, {}) == uid
    assert count(direct, db, uid, password) >= 14
    assert sql(env.data_dir, db, "SELECT count(*) FROM keygate_login_failure WHERE kind = 'ip'") \
        == [("0",)]


def test_web_login_cooldown_is_per_address_as_in_odoo(env, proxied):
    db = new_db(env)
    login, uid, password = password_user(env, db, "web-pw")
    for i in range(5):
        # Five failed web logins from one address, each for another (unknown) login.
        body = web_login(proxied, db, unique_login("web-miss"), "nope", "203.0.113.30")
        assert body["error"]["data"]["message"] == "Access Denied"
    body = web_login(proxied, db, login, password, "203.0.113.30")
    assert body["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert body["error"]["data"]["message"] == COOLDOWN_TEXT
    # Another address logs in; the same address still works over XML-RPC.
    assert web_login(proxied, db, login, password, "203.0.113.31")["result"]["uid"] == uid
    assert rpc(proxied, "common", "203.0.113.30").authenticate(db, login, password, {}) == uid


def test_web_cooldown_behind_an_untrusted_proxy_warns(env, direct):
    db = new_db(env)
    for _ in range(5):
        web_login(direct, db, unique_login("web-proxy"), "nope")
    body = web_login(direct, db, unique_login("web-proxy"), "nope")
    assert body["error"]["data"]["message"] == COOLDOWN_TEXT
    warnings = [l for l in direct.log_lines()
                if "WARNING" in l and "Login cooldown hit the private address 127.0.0.1" in l]
    assert warnings, "no proxy misconfiguration warning in:\n" + "\n".join(direct.log_lines())
    assert "proxy_mode = True" in warnings[0] and "trusted_proxies" in warnings[0]


def test_strangers_cannot_lock_the_owner_out(env, proxied):
    db = new_db(env, cooldown_duration=3)
    login, uid, password = password_user(env, db, "owner")
    key = env.new_key(login, db=db).key
    # The owner signs in with the password from the office: that /24 becomes known.
    assert rpc(proxied, "common", "198.51.100.5").authenticate(db, login, password, {}) == uid
    # A flood of wrong passwords from many addresses.
    for i in range(8):
        assert rpc(proxied, "common", "203.0.113.%d" % (i + 1)).authenticate(
            db, login, "guess-%d" % i, {}) is False
    # Strangers are refused unchecked, even with the right password...
    assert fault(proxied, db, uid, password, "203.0.113.99") == COOLDOWN_TEXT
    # ...the owner's network is not, and the key works from anywhere.
    assert count(proxied, db, uid, password, "198.51.100.77") >= 14
    assert count(proxied, db, uid, key, "203.0.113.99") >= 14
    # The owner's success reset the counter.
    assert count(proxied, db, uid, password, "203.0.113.99") >= 14
    # Only a password actually verified (not one found in the cache) makes a network known.
    rows = sql(env.data_dir, db, "SELECT network FROM keygate_login_network WHERE login = '%s'"
               % login)
    assert rows == [("198.51.100.0/24",)]


def test_unknown_logins_are_counted_refused_and_paced_like_known_ones(env, proxied):
    db = new_db(env, cooldown_after=3)
    login, uid, password = password_user(env, db, "paced")
    common = rpc(proxied, "common", "192.0.2.1")
    ghost = unique_login("ghost")

    def timed(who):
        started = time.monotonic()
        assert common.authenticate(db, who, "wrong", {}) is False
        return time.monotonic() - started

    known, unknown = [], []
    for _ in range(3):
        known.append(timed(login))
        unknown.append(timed(ghost))
    # The unknown login computed no hash, yet its answer took as long as the password check
    # (medians of three, so that one check slowed by a busy machine decides nothing).
    assert sorted(unknown)[1] >= 0.5 * sorted(known)[1], (known, unknown)
    # Three failures each: both are refused alike, unchecked, from any new address.
    for who in (login, ghost):
        assert rpc(proxied, "common", "192.0.2.2").authenticate(db, who, password, {}) is False
    rows = wait_events(env, db, lambda r: len([x for x in r if x["reason"] == "cooldown"]) >= 2,
                       "--outcome", "failed")
    cooled = [r for r in rows if r["reason"] == "cooldown"]
    assert sorted(r["login"] for r in cooled) == sorted([login, ghost])


def test_cooldown_is_shared_by_instances_and_covers_every_channel(env):
    db = new_db(env, cooldown_after=3)
    login, uid, key = user_with_key(env, db, "shared")
    one = Server(env.data_dir).start()
    two = Server(env.data_dir).start()
    try:
        for _ in range(3):
            assert fault(one, db, uid, random_key()) == "Access Denied"
        # The second instance sees the counters the first one wrote: passwords are refused...
        assert fault(two, db, uid, "a password") == COOLDOWN_TEXT
        # ...on JSON-RPC and on the web login too, with the same text...
        http = requests.Session()
        http.trust_env = False
        body = http.post(two.url + "/jsonrpc", json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"service": "object", "method": "execute_kw",
                       "args": [db, uid, "a password", "res.partner", "search_count", [[]]]}},
            timeout=30).json()
        assert body["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
        assert body["error"]["data"]["message"] == COOLDOWN_TEXT
        body = web_login(two, db, login, secret("whatever-" + key[:4]))
        assert body["error"]["data"]["message"] == COOLDOWN_TEXT
        # ...while the key works on both.
        assert count(one, db, uid, key) >= 14 and count(two, db, uid, key) >= 14
        # Disabling the cooldown takes effect on the next request, without a restart.
        env.run("config", "set", "--db", db, "base.login_cooldown_after", "0")
        assert fault(two, db, uid, "a password") == "Access Denied"
    finally:
        one.stop()
        two.stop()
    rows = wait_events(env, db, lambda r: len(r) >= 8, "--login", login)
    channels = {(r["channel"], r["reason"]) for r in rows}
    assert ("jsonrpc", "cooldown") in channels
    assert ("web", "cooldown") in channels
    assert ("xmlrpc", "ok") in channels


def test_allowed_networks(env, proxied):
    db = new_db(env)
    login = unique_login("allow")
    uid = env.add_user(login, db=db)
    proc = env.run("key", "new", "--db", db, login, "--name", "office only", "--expires-days", "1",
                   "--allow-ip", "203.0.113.0/24", "--allow-ip", "2001:db8::/32")
    key = proc.stdout.strip()
    SECRETS.add(key)
    key_id = int(re.search(r"Created API key (\d+)", proc.stderr).group(1))
    assert "allowed from 203.0.113.0/24,2001:db8::/32" in proc.stderr
    assert count(proxied, db, uid, key, "203.0.113.77") >= 14
    assert count(proxied, db, uid, key, "2001:db8::7") >= 14
    # Outside the list: exactly a wrong key on the wire.
    assert fault(proxied, db, uid, key, "198.51.100.1") == "Access Denied"
    assert fault(proxied, db, uid, key) == "Access Denied"  # the proxy itself, no header
    assert rpc(proxied, "common", "198.51.100.1").authenticate(db, login, key, {}) is False
    rows = wait_events(env, db, lambda r: len(r) >= 3, "--outcome", "failed", "--login", login)
    assert {r["reason"] for r in rows} == {"address_not_allowed"}
    assert {r["key_id"] for r in rows} == {key_id}
    assert {r["key_index"] for r in rows} == {key[:8]}
    listed = json.loads(env.run("key", "list", "--db", db, login, "--json").stdout)
    assert listed[0]["allowed_networks"] == ["203.0.113.0/24", "2001:db8::/32"]
    assert listed[0]["rate_limit"] is None
    text = env.run("key", "list", "--db", db, login).stdout
    assert "allow 203.0.113.0/24,2001:db8::/32" in text
    bad = env.run("key", "new", "--db", db, login, "--name", "typo", "--expires-days", "1",
                  "--allow-ip", "10.0.0.1/8", check=False)
    assert bad.returncode == 1
    assert bad.stderr == ("keygate: error: invalid network '10.0.0.1/8': host bits set (did you "
                          "mean 10.0.0.0/8?)\n")
    assert bad.stdout == ""


def test_rate_limit(env, direct):
    db = new_db(env)
    login = unique_login("rate")
    uid = env.add_user(login, db=db)
    key = env.run("key", "new", "--db", db, login, "--name", "throttled", "--expires-days", "1",
                  "--rate-limit", "3/min").stdout.strip()
    SECRETS.add(key)
    for _ in range(3):
        assert count(direct, db, uid, key) >= 14
    message = fault(direct, db, uid, key)
    m = re.fullmatch(r"API key rate limit exceeded \(3/min\), retry in (\d+) s", message)
    assert m, message
    assert 1 <= int(m.group(1)) <= 20
    # Over the rate is not a login failure: no cooldown however often it happens.
    for _ in range(6):
        fault(direct, db, uid, key)
    assert "retry in" in fault(direct, db, uid, key)
    rows = wait_events(env, db, lambda r: len(r) >= 8, "--login", login, "--outcome", "failed")
    assert {r["reason"] for r in rows} == {"rate_limited"}
    listed = json.loads(env.run("key", "list", "--db", db, login, "--json").stdout)
    assert listed[0]["rate_limit"] == "3/min"
    bad = env.run("key", "new", "--db", db, login, "--name", "x", "--expires-days", "1",
                  "--rate-limit", "fast", check=False)
    assert bad.returncode == 1
    assert bad.stderr == ("keygate: error: invalid rate limit 'fast': expected COUNT/UNIT, e.g. "
                          "10/s, 600/min or 1000/h\n")


def test_expiry_rules_as_odoo_18(env):
    db = new_db(env)
    login = unique_login("expiry")
    uid = env.add_user(login, db=db)

    def new(*extra):
        return env.run("key", "new", "--db", db, login, "--name", "k", *extra, check=False)

    none = new()
    assert none.returncode == 1 and none.stdout == ""
    rule = " (the longest api_key_duration of the user's groups, Odoo 18's rule)\n"
    assert none.stderr == ('keygate: error: "%s" is not an administrator, so the key must expire: '
                           "add --expires-days N with N at most 90" % login + rule)
    too_long = new("--expires-days", "91")
    assert too_long.stderr == ('keygate: error: --expires-days 91 is over the maximum of 90 days '
                               'for "%s"' % login + rule)
    ok = new("--expires-days", "90")
    assert ok.returncode == 0
    SECRETS.add(ok.stdout.strip())
    # Without a group that sets a duration, the limit is 1 day.
    sql(env.data_dir, db, "DELETE FROM res_groups_users_rel WHERE uid = %d" % int(uid))
    assert new("--expires-days", "2").stderr == (
        'keygate: error: --expires-days 2 is over the maximum of 1 day for "%s"' % login + rule)
    one_day = new("--expires-days", "1")
    assert one_day.returncode == 0
    SECRETS.add(one_day.stdout.strip())
    # Administrators may create keys that never expire.
    admin = env.run("key", "new", "--db", db, ADMIN_LOGIN, "--name", "persistent")
    SECRETS.add(admin.stdout.strip())
    assert "no expiry" in admin.stderr


def test_expired_keys_are_purged(env):
    db = new_db(env)
    login = unique_login("purge")
    env.add_user(login, db=db)
    short = env.new_key(login, db=db, expires_days=0.00002)  # 1.7 s
    time.sleep(2.5)
    srv = Server(env.data_dir, "--maintenance-interval-seconds", "1").start()
    try:
        deadline = time.monotonic() + 10
        while any(k["id"] == short.id for k in
                  json.loads(env.run("key", "list", "--db", db, login, "--json").stdout)):
            assert time.monotonic() < deadline, "expired key not purged"
            time.sleep(0.3)
        assert any("expired API key(s)" in l for l in srv.log_lines())
    finally:
        srv.stop()


def test_events_cli_filters_and_flush_on_stop(env):
    db = new_db(env, cooldown_after=0)
    srv = Server(env.data_dir).start()
    login = unique_login("events")
    uid = env.add_user(login, db=db)
    key = env.new_key(login, db=db).key
    assert count(srv, db, uid, key) >= 14
    assert fault(srv, db, uid, key[:-1] + ("0" if key[-1] != "0" else "1")) == "Access Denied"
    assert srv.common().authenticate(db, "nobody@example.invalid", random_key(), {}) is False
    with pytest.raises(xmlrpc.client.Fault):
        srv.common().authenticate("no-such-db-" + uuid.uuid4().hex[:6], login, key, {})
    srv.stop()  # buffered events are written on stop
    rows = events(env, db)
    by_reason = {r["reason"]: r for r in rows}
    assert set(by_reason) == {"ok", "unknown_key", "unknown_login"}
    wrong = by_reason["unknown_key"]
    # A mistyped key shares the real key's index: the index is recorded, never more.
    assert wrong["key_index"] == key[:8] and wrong["user_id"] == uid and wrong["login"] == login
    assert by_reason["unknown_login"]["key_index"] is None
    assert by_reason["ok"]["user_agent"].startswith("Python-xmlrpc")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}", by_reason["ok"]["create_date"])
    assert any("reason=unknown_database" in l for l in srv.log_lines())
    assert [r["reason"] for r in events(env, db, "--outcome", "success")] == ["ok"]
    assert len(events(env, db, "--outcome", "failed")) == 2
    assert len(events(env, db, "--login", login)) == 2
    assert len(events(env, db, "--since", "1h")) == 3
    assert events(env, db, "--since", "2999-01-01") == []
    assert len(events(env, db, "--limit", "1")) == 1
    text = env.run("events", "--db", db, "--login", login).stdout
    assert "unknown_key" in text and "failed" in text and "success" in text
    bad = env.run("events", "--db", db, "--since", "yesterday", check=False)
    assert bad.returncode == 1 and "--since" in bad.stderr
    # No event row holds a secret of this suite.
    cells = [c for row in sql(env.data_dir, db, "SELECT * FROM keygate_auth_event") for c in row]
    for s in SECRETS:
        assert not any(s in c for c in cells)


def test_forwarded_proto_sets_the_secure_cookie_only_from_a_trusted_proxy(env, proxied, direct):
    db = new_db(env)
    http = requests.Session()
    http.trust_env = False
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1,
               "params": {"db": db, "login": ADMIN_LOGIN, "password": "admin"}}
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    trusted = http.post(proxied.url + "/web/session/authenticate", json=payload, headers=headers,
                        timeout=30)
    assert trusted.json()["result"]["uid"] == ADMIN_UID
    assert "; Secure" in trusted.headers["Set-Cookie"]
    untrusted = http.post(direct.url + "/web/session/authenticate", json=payload,
                          headers=headers, timeout=30)
    assert untrusted.json()["result"]["uid"] == ADMIN_UID
    assert "Secure" not in untrusted.headers["Set-Cookie"]
    rows = wait_events(env, db, lambda r: len(r) >= 2, "--login", ADMIN_LOGIN)
    assert {(r["client_ip"], r["channel"]) for r in rows} == {("203.0.113.9", "web"),
                                                              ("127.0.0.1", "web")}


def test_invalid_trusted_proxies_refuse_to_start(env):
    srv = Server(env.data_dir, "--proxy-mode", "True", "--trusted-proxies", "10.0.0.300/8")
    with pytest.raises(AssertionError) as e:
        srv.start()
    assert "trusted_proxies: invalid network '10.0.0.300/8'" in str(e.value)


def test_password_hashes_are_bounded_and_shared_fairly(env):
    # Hardening item 13: a burst of password logins took every worker. Now at most
    # max_password_checks hashes run at once, an address or a login gets a fair share, an attempt
    # past it is refused at once (uncounted), and keys never wait for a hash.
    db = new_db(env, cooldown_after=0)
    users = [password_user(env, db, "burst") for _ in range(8)]
    key_login, key_uid, key = user_with_key(env, db, "burst-key")
    srv = Server(env.data_dir, "--max-password-checks", "2", "--proxy-mode", "True",
                 "--trusted-proxies", PROXY).start()
    try:
        import concurrent.futures

        def wrong_password(user):
            login, uid, _ = user
            try:
                count(srv, db, uid, "wrong-" + uuid.uuid4().hex, "198.51.100.7")
                return "ok"
            except xmlrpc.client.Fault as e:
                return e.faultString

        with concurrent.futures.ThreadPoolExecutor(max_workers=9) as pool:
            burst = [pool.submit(wrong_password, u) for u in users]
            assert count(srv, db, key_uid, key) >= 14  # a key does not queue behind hashes
            answers = [f.result() for f in burst]
        busy = "Too many password checks at once, please retry in a moment"
        assert set(answers) <= {"Access Denied", busy}, answers
        # One address gets half the slots: most of a burst of eight from it is refused.
        assert answers.count(busy) >= 4, answers
        assert answers.count("Access Denied") >= 1, answers
        rows = wait_events(env, db, lambda r: sum(x["reason"] == "password_check_busy"
                                                  for x in r) >= 4, "--outcome", "failed")
        assert sum(r["reason"] == "password_check_busy" for r in rows) == answers.count(busy)
        # The real owner, from another address, is not refused for the burst.
        login, uid, password = users[0]
        assert count(srv, db, uid, password, "203.0.113.5") >= 14
    finally:
        srv.stop()
