"""Regressions of the hardening issue, each reproduced as the attacker sent it: a request that
killed the server, an address a client could choose behind a proxy, a uid no user has, a
context that cost quadratic time and a login that was kept whole however large.

Each test works on a database and servers of its own.
"""

import json
import time
import urllib.error
import urllib.request
import uuid
import xmlrpc.client

import pytest
import requests

from conftest import (ADMIN_LOGIN, ADMIN_UID, SECRETS, VERSION_18, Cli, Server, rpc_via_proxy,
                      sql)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return Cli(tmp_path_factory.mktemp("keygate-hardening"))


@pytest.fixture(scope="module")
def db(env):
    name = "hard-" + uuid.uuid4().hex[:8]
    env.run("db", "create", name, "--demo")
    # Wrong secrets are sent on purpose; the cooldown is tested in test_defences.py.
    env.run("config", "set", "--db", name, "base.login_cooldown_after", "0")
    return name


@pytest.fixture(scope="module")
def server(env, db):
    srv = Server(env.data_dir, "--proxy-mode", "True", "--trusted-proxies", "127.0.0.1").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def key(env, db, server):
    return env.new_key(ADMIN_LOGIN, name="hardening", db=db).key


def count(server, db, key, domain, uid=ADMIN_UID, **kw):
    return server.object().execute_kw(db, uid, key, "res.partner", "search_count", [domain], kw)


def wait_event(env, db, predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        rows = json.loads(env.run("events", "--db", db, "--json").stdout)
        hit = [r for r in rows if predicate(r)]
        if hit or time.monotonic() > deadline:
            return hit
        time.sleep(0.2)


# 1. A long dotted path in a domain killed the process (unbounded recursion).

@pytest.mark.parametrize("hops", [8, 10000, 100000])
def test_long_dotted_path_is_refused_and_the_server_lives(server, db, key, hops):
    path = "create_uid." * hops + "id"
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().execute_kw(db, ADMIN_UID, key, "res.users", "search_count",
                                   [[(path, "=", 1)]])
    assert e.value.faultCode == 2
    assert e.value.faultString == (
        "Invalid domain: the path of a term may name at most 8 fields (1024 bytes)")
    assert server.alive()
    assert server.common().version() == VERSION_18
    # Nothing of the path reached the log (no SQL statement, no echo of the term).
    assert not [l for l in server.log_lines() if "create_uid.create_uid.create_uid" in l]


# Found by the models fuzz target: an id given as a text past the integers' range recursed until
# the stack overflowed. Odoo passes the text to PostgreSQL, which refuses it (fault 1, its first
# line: asked the real Odoo 18).

@pytest.mark.parametrize("value", ["99999999999999999999999", "3000000000",
                                   ["1", "99999999999999999999999"]])
def test_an_id_past_the_integer_range_is_postgresqls_error_and_the_server_lives(server, db, key,
                                                                                value):
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().execute_kw(db, ADMIN_UID, key, "res.partner", "search_count",
                                   [[("id", "in" if isinstance(value, list) else "=", value)]])
    big = value[-1] if isinstance(value, list) else value
    assert e.value.faultCode == 1
    assert e.value.faultString == (
        'psycopg2.errors.NumericValueOutOfRange: value "%s" is out of range for type integer'
        % big)
    assert server.alive()
    assert count(server, db, key, [("id", "=", "2147483647")]) == 0


def test_path_of_eight_fields_still_works(server, db, key):
    path = "parent_id." * 7 + "id"
    assert count(server, db, key, [(path, "=", False)]) == 0


def alternating(depth):
    domain = [("id", "=", 1)]
    for i in range(depth):
        domain = ["&" if i % 2 else "|", ("id", "=", i)] + domain
    return domain


@pytest.mark.parametrize("method", ["search_count", "search_read", "read_group"])
def test_deep_domains_are_answered_or_refused_never_failed(server, env, db, key, method):
    # Every shape that nests: AND/OR groups, many2one and x2many paths, names, hierarchies; each
    # either answers or is refused with the domain's own fault, never a storage error.
    login = "deep-" + uuid.uuid4().hex[:6]
    callers = [(ADMIN_UID, key), (env.add_user(login, db=db), env.new_key(login, db=db).key)]
    shapes = []
    for depth in range(0, 40, 3):
        shapes.append(alternating(depth))
        shapes.append(["!"] + alternating(depth))
        for hops in range(0, 9):
            shapes.append(["|", ("parent_id." * hops + "name", "ilike", "a")] + alternating(depth))
            shapes.append(["|", ("parent_id." * hops + "parent_id", "child_of", "a")] +
                          alternating(depth))
            shapes.append(["|", ("child_ids." * hops + "id", "in", [1, 2])] + alternating(depth))
            shapes.append(["|", ("child_ids." * hops + "parent_id", "not ilike", "x")] +
                          alternating(depth))
    kw = {"fields": ["name"]} if method == "search_read" else {}
    if method == "read_group":
        kw = {"fields": ["id:count"], "groupby": ["is_company"]}
    refused = answered = 0
    proxy = server.object()
    for domain in shapes:
        for uid, secret in callers:
            try:
                proxy.execute_kw(db, uid, secret, "res.partner", method, [domain], kw)
                answered += 1
            except xmlrpc.client.Fault as e:
                assert e.faultCode == 2, (domain, e.faultString)
                assert e.faultString in (
                    "Invalid domain: nested too deeply",
                    "Invalid domain: the path of a term may name at most 8 fields (1024 bytes)"), (
                        domain, e.faultString)
                refused += 1
    assert answered > 100 and refused > 100
    assert server.alive()


# 3. Behind a proxy, a long X-Forwarded-For was cut before its right-most hops were read.

def test_long_forwarded_for_cannot_choose_the_address(server, env, db, key):
    forwarded = "a" * 4088 + ",6.6.6.6, 127.0.0.9"
    proxy = rpc_via_proxy(server, "object", forwarded)
    assert proxy.execute_kw(db, ADMIN_UID, key, "res.partner", "search_count", [[]]) > 0
    rows = wait_event(env, db, lambda r: r["client_ip"] in ("127.0.0.9", "6.6.6.6"))
    assert rows and {r["client_ip"] for r in rows} == {"127.0.0.9"}


# 5. uid 0 was accepted with a key once a JSON-2 call had cached it under uid 0.

def test_uid_zero_is_access_denied_even_after_a_bearer_call(server, env, db, key):
    import urllib.request
    req = urllib.request.Request(
        server.url + "/json/2/res.partner/search_count", data=b'{"domain": []}',
        headers={"Authorization": "bearer " + key, "X-Odoo-Database": db,
                 "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 200
    # Odoo 18 answers uid 0 with Access Denied (asked of the real server).
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().execute_kw(db, 0, key, "res.partner", "create", [{"name": "ghost"}])
    assert (e.value.faultCode, e.value.faultString) == (3, "Access Denied")
    with pytest.raises(xmlrpc.client.Fault):
        server.object().execute_kw(db, -1, key, "res.partner", "create", [{"name": "ghost"}])
    assert sql(env.data_dir, db, "SELECT count(*) FROM res_partner WHERE name = 'ghost'") == [
        ("0",)]


# 6. A context of many keys cost quadratic time in one worker.

def test_huge_context_costs_linear_time(server, db, key):
    # At the bound of members per struct (docs/security.md): merged in linear time.
    context = {"k%d" % i: i for i in range(10000)}
    proxy = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/object")
    started = time.monotonic()
    assert proxy.execute_kw(db, ADMIN_UID, key, "res.partner", "search_count", [[]],
                            {"context": context}) > 0
    # The margin is wide so that a loaded machine cannot fail it.
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("keys", [10001, 200000])
def test_a_context_past_the_member_bound_is_refused_before_it_is_read(server, db, key, keys):
    context = {"k%d" % i: i for i in range(keys)}
    proxy = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/object")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        proxy.execute_kw(db, ADMIN_UID, key, "res.partner", "search_count", [[]],
                         {"context": context})
    assert fault.value.faultCode == 1
    assert fault.value.faultString == \
        "malformed XML-RPC request: a <struct> holds more than 10000 members"
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw",
        "args": [db, ADMIN_UID, key, "res.partner", "search_count", [[]],
                 {"context": context}]}})
    # Over JSON-RPC a body keygate does not read is Odoo's answer to JSON it cannot decode.
    request = urllib.request.Request(server.url + "/jsonrpc", data=body.encode(),
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert (refused.value.code, refused.value.read()) == (400, b"Invalid JSON data")


# 7. A login of any size went whole into a log line, an event row and the cooldown counters.

def test_huge_login_is_refused_and_kept_short(server, env, db):
    login = "L" * (8 * 1024 * 1024)
    assert server.common().authenticate(db, login, "wrong password", {}) is False
    rows = wait_event(env, db, lambda r: r["login"].startswith("LLLL"))
    assert rows
    assert rows[-1]["login"] == "L" * 64 + "...(8388608 bytes)"
    assert rows[-1]["reason"] == "unknown_login"
    longest = max(len(l) for l in server.log_lines())
    assert longest < 2000
    assert server.common().version() == VERSION_18


def test_login_at_the_bound_is_looked_up(server, env, db):
    login = "b" * 256
    assert server.common().authenticate(db, login, "x", {}) is False
    rows = wait_event(env, db, lambda r: r["login"] == login)
    assert rows and rows[-1]["reason"] == "unknown_login"
    proc = env.run("user", "add", "--db", db, "c" * 257, check=False)
    assert proc.returncode != 0
    assert "A login may be at most 256 bytes long" in proc.stderr


# 14. dbfilter filtered only the database list: every call could still name any database.

def test_dbfilter_decides_what_is_served_on_every_channel(env, db, key):
    hidden = "hidden-" + uuid.uuid4().hex[:8]
    env.run("db", "create", hidden, "--demo")
    hidden_key = env.new_key(ADMIN_LOGIN, name="hidden", db=hidden).key
    srv = Server(env.data_dir, "--dbfilter", "^%s$" % db).start()
    try:
        assert srv.object().execute_kw(db, ADMIN_UID, key, "res.partner", "search_count",
                                       [[]]) > 0
        with pytest.raises(xmlrpc.client.Fault) as e:
            srv.object().execute_kw(hidden, ADMIN_UID, hidden_key, "res.partner",
                                    "search_count", [[]])
        assert e.value.faultString == 'database "%s" does not exist' % hidden
        with pytest.raises(xmlrpc.client.Fault) as e:
            srv.common().authenticate(hidden, ADMIN_LOGIN, hidden_key, {})
        assert e.value.faultString == 'database "%s" does not exist' % hidden
        req = urllib.request.Request(
            srv.url + "/json/2/res.partner/search_count", data=b'{"domain": []}',
            headers={"Authorization": "bearer " + hidden_key, "X-Odoo-Database": hidden,
                     "Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=10)
        assert e.value.code == 404
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "db": hidden, "login": ADMIN_LOGIN, "password": "admin"}}).encode()
        req = urllib.request.Request(srv.url + "/web/session/authenticate", data=body,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            answer = json.loads(r.read())
        assert answer["error"]["data"]["message"] == "Database not found."
    finally:
        srv.stop()


# 8. A web session opened with an API key kept none of the key's limits.

def session_rpc(srv, session, path, params, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return session.post(srv.url + path, json={"jsonrpc": "2.0", "method": "call", "id": 1,
                                              "params": params},
                        headers=headers, timeout=30).json()


def session_count(srv, session, model, forwarded_for=None):
    return session_rpc(srv, session, "/web/dataset/call_kw",
                       {"model": model, "method": "search_count", "args": [[]], "kwargs": {}},
                       forwarded_for)


def key_session(srv, db, key, forwarded_for=None):
    import requests
    session = requests.Session()
    reply = session_rpc(srv, session, "/web/session/authenticate",
                        {"db": db, "login": ADMIN_LOGIN, "password": key}, forwarded_for)
    assert reply["result"]["uid"] == ADMIN_UID, reply
    return session


@pytest.fixture(scope="module")
def key_session_server(env, db):
    srv = Server(env.data_dir, "--apikey-session-login", "True", "--proxy-mode", "True",
                 "--trusted-proxies", "127.0.0.1").start()
    yield srv
    srv.stop()


def test_key_opened_session_keeps_the_key_scope(key_session_server, env, db):
    scoped = env.new_key(ADMIN_LOGIN, name="partners only", scope="rpc:res.partner:read", db=db)
    session = key_session(key_session_server, db, scoped.key)
    assert session_count(key_session_server, session, "res.partner")["result"] > 0
    refused = session_count(key_session_server, session, "res.users")
    assert refused["error"]["data"]["name"] == "odoo.exceptions.AccessError"
    assert refused["error"]["data"]["message"] == (
        "API key does not have sufficient permissions: this key may not read 'res.users' "
        "records (its scope is 'rpc:res.partner:read').")
    # Like any AccessError of a key, it is in the event log for the detection of probing.
    assert wait_event(env, db, lambda r: r["reason"] == "access_error" and
                      r["key_id"] == scoped.id)


def test_key_opened_session_ends_with_the_key(key_session_server, env, db):
    doomed = env.new_key(ADMIN_LOGIN, name="to revoke", db=db)
    session = key_session(key_session_server, db, doomed.key)
    assert session_count(key_session_server, session, "res.partner")["result"] > 0
    env.revoke(doomed.id, db=db)
    ended = session_count(key_session_server, session, "res.partner")
    assert ended["error"]["data"]["name"] == "odoo.http.SessionExpiredException"
    info = session_rpc(key_session_server, session, "/web/session/get_session_info", {})
    assert info["error"]["data"]["name"] == "odoo.http.SessionExpiredException"


def test_key_opened_session_keeps_the_allowed_networks(key_session_server, env, db):
    proc = env.run("key", "new", "--db", db, ADMIN_LOGIN, "--name", "office session",
                   "--allow-ip", "203.0.113.0/24")
    office = proc.stdout.strip()
    SECRETS.add(office)
    session = key_session(key_session_server, db, office, forwarded_for="203.0.113.9")
    assert session_count(key_session_server, session, "res.partner", "203.0.113.9")["result"] > 0
    away = session_count(key_session_server, session, "res.partner", "198.51.100.1")
    assert away["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert away["error"]["data"]["message"] == "Access Denied"


def test_key_opened_session_keeps_the_rate_limit(key_session_server, env, db):
    proc = env.run("key", "new", "--db", db, ADMIN_LOGIN, "--name", "slow session",
                   "--rate-limit", "3/min")
    slow = proc.stdout.strip()
    SECRETS.add(slow)
    session = key_session(key_session_server, db, slow)  # the login takes one token
    for _ in range(2):
        assert session_count(key_session_server, session, "res.partner")["result"] > 0
    over = session_count(key_session_server, session, "res.partner")
    assert over["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert over["error"]["data"]["message"].startswith("API key rate limit exceeded (3/min)")
    # Recorded as any refused attempt, so that detection sees it.
    assert wait_event(env, db, lambda r: r["reason"] == "rate_limited" and r["channel"] == "web"
                      and r["login"] == ADMIN_LOGIN)


# 14. dbfilter also decides which databases a session cookie may reach.

def test_dbfilter_applies_to_session_cookies(server, env, db):
    import requests
    from conftest import ADMIN_PASSWORD
    session = requests.Session()
    reply = session_rpc(server, session, "/web/session/authenticate",
                        {"db": db, "login": ADMIN_LOGIN, "password": ADMIN_PASSWORD})
    assert reply["result"]["uid"] == ADMIN_UID
    filtered = Server(env.data_dir, "--dbfilter", "^only-this-one$").start()
    try:
        for path, params in (("/web/session/get_session_info", {}),
                             ("/web/dataset/call_kw", {"model": "res.partner",
                                                       "method": "search_count",
                                                       "args": [[]], "kwargs": {}})):
            answer = session.post(filtered.url + path, json={"jsonrpc": "2.0", "method": "call",
                                                             "id": 1, "params": params},
                                  timeout=30).json()
            assert answer["error"]["data"]["name"] == "odoo.http.SessionExpiredException", path
    finally:
        filtered.stop()
    # The server that serves the database still honours the session.
    assert session_count(server, session, "res.partner")["result"] > 0


# 9. One address could hold every connection, and a request its connection for a minute.

def connect_from(port, source, timeout=10):
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def closed_at_once(sock, within=3.0):
    """True when the server closes the connection without being sent anything."""
    import socket
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True


def version_over(sock):
    body = xmlrpc.client.dumps((), "version").encode()
    sock.sendall(b"POST /xmlrpc/2/common HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(body) + body)
    from conftest import read_http_response
    status, _, _ = read_http_response(sock)
    return status


def test_connections_per_address_are_capped(env, db):
    srv = Server(env.data_dir, "--max-connections-per-address", "4").start()
    held = []
    try:
        held = [connect_from(srv.port, "127.0.0.1") for _ in range(4)]
        assert version_over(held[0]) == 200  # at the bound: served
        extra = connect_from(srv.port, "127.0.0.1")
        held.append(extra)
        assert closed_at_once(extra)  # past it: closed at once
        other = connect_from(srv.port, "127.0.0.2")  # another address is not affected
        held.append(other)
        assert version_over(other) == 200
        assert srv.has_logged("connections from 127.0.0.1 reached max_connections_per_address (4)")
    finally:
        for s in held:
            s.close()
        srv.stop()


def test_trusted_proxies_are_exempt_from_the_connection_cap(env, db):
    srv = Server(env.data_dir, "--max-connections-per-address", "4", "--proxy-mode", "True",
                 "--trusted-proxies", "127.0.0.1").start()
    held = []
    try:
        held = [connect_from(srv.port, "127.0.0.1") for _ in range(8)]
        for s in held:
            assert version_over(s) == 200
    finally:
        for s in held:
            s.close()
        srv.stop()


def test_a_trickled_header_is_cut_long_before_the_idle_timeout(server):
    s = connect_from(server.port, "127.0.0.3", timeout=30)
    try:
        start = time.monotonic()
        s.sendall(b"POST /xmlrpc/2/common HTTP/1.1\r\nHost: x\r\n")
        # One header byte every 2 s would keep it for ever under a whole-request deadline.
        while time.monotonic() - start < 25:
            try:
                s.sendall(b"X")
            except (BrokenPipeError, ConnectionResetError):
                break
            s.settimeout(2)
            try:
                if s.recv(1) == b"":
                    break
            except OSError:
                pass
        took = time.monotonic() - start
        assert 9 <= took <= 14, took  # the header must be complete 10 s after its first byte
    finally:
        s.close()


def test_a_trickled_body_is_cut_by_its_rate(server):
    s = connect_from(server.port, "127.0.0.4", timeout=30)
    try:
        start = time.monotonic()
        s.sendall(b"POST /xmlrpc/2/common HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                  b"Content-Length: 100000\r\n\r\n")
        while time.monotonic() - start < 40:
            try:
                s.sendall(b"<" * 100)  # 100 bytes a second: far below 64 KiB/s
            except (BrokenPipeError, ConnectionResetError):
                break
            s.settimeout(1)
            try:
                if s.recv(1) == b"":
                    break
            except OSError:
                pass
        took = time.monotonic() - start
        # 10 s allowance + 100,000 bytes at 64 KiB/s: about 11.5 s, not the old 60 s.
        assert 10 <= took <= 16, took
    finally:
        s.close()


# Refusals are answered late (refusal_delay_ms, 1 s by default): a connection looping on wrong
# secrets or unreadable requests gets one answer a second, and the timing tells no reason.

def test_refusals_are_answered_after_the_refusal_delay(env, db, key):
    srv = Server(env.data_dir, "--refusal-delay-ms", "1000").start()
    try:
        def timed(call):
            started = time.monotonic()
            outcome = call()
            return outcome, time.monotonic() - started

        def wrong_key():
            with pytest.raises(xmlrpc.client.Fault) as fault:
                srv.object().execute_kw(db, ADMIN_UID, "0" * 40, "res.partner", "search_count",
                                        [[]])
            return fault.value.faultCode, fault.value.faultString

        assert timed(wrong_key)[0] == (3, "Access Denied")
        assert timed(wrong_key)[1] >= 1.0
        # An unknown login, which computes no hash, waits as long.
        answer, took = timed(lambda: srv.common().authenticate(db, "nobody", "x", {}))
        assert (answer, took >= 1.0) == (False, True)
        # The console's sign-in form too, for an unknown login and for a wrong password.
        for login in ("nobody", ADMIN_LOGIN):
            answer, took = timed(lambda: requests.post(
                srv.url + "/keygate/login", data={"db": db, "login": login, "password": "x"},
                allow_redirects=False, timeout=30))
            assert (answer.status_code, "Access Denied" in answer.text, took >= 1.0) == \
                (401, True, True), (login, answer.status_code, took)

        def malformed():
            s = connect_from(srv.port, "127.0.0.1")
            try:
                body = b"<methodCall><methodName>version</methodName><params>"
                s.sendall(b"POST /xmlrpc/2/common HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml"
                          b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                from conftest import read_http_response
                status, _, data = read_http_response(s)
                return status, b"<fault>" in data
            finally:
                s.close()

        answer, took = timed(malformed)
        assert answer == (200, True) and took >= 1.0, (answer, took)

        # JSON-RPC params nested too deep: refused in Odoo's envelope, late.
        def too_deep():
            body = '{"jsonrpc": "2.0", "id": 7, "params": ' + "[" * 5000 + "]" * 5000 + "}"
            r = requests.post(srv.url + "/jsonrpc", data=body,
                              headers={"Content-Type": "application/json"}, timeout=30)
            return r.status_code, r.json()["error"]["data"]["message"].startswith(
                "400 Bad Request: Invalid JSON data: ")

        answer, took = timed(too_deep)
        assert answer == (200, True) and took >= 1.0, (answer, took)

        def header_too_large():
            s = connect_from(srv.port, "127.0.0.1")
            try:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (70 * 1024) +
                          b"\r\n\r\n")
                from conftest import read_http_response
                return read_http_response(s)[0]
            finally:
                s.close()

        answer, took = timed(header_too_large)
        assert answer == 431 and took >= 1.0, (answer, took)

        # The wait holds no worker: good calls are answered while refusals wait.
        import threading
        refused = [threading.Thread(target=wrong_key) for _ in range(16)]
        for t in refused:
            t.start()
        answer, took = timed(lambda: srv.object().execute_kw(
            db, ADMIN_UID, key, "res.partner", "search_count", [[]]))
        assert answer > 0 and took < 1.0, (answer, took)
        for t in refused:
            t.join()
    finally:
        srv.stop()
