"""Three keygate processes serving one database, as behind a load balancer: a key revoked through
one process fails on the others within a second, the login cooldown, web sessions and per-key rate
limits hold across them.

Runs on both backends: on PostgreSQL the instances learn of a revocation by LISTEN/NOTIFY, on
SQLite (three processes on one data directory) by reading the auth generation on every call.
"""

import re
import threading
import time
import uuid
import xmlrpc.client

import pytest
import requests

from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, ADMIN_UID, Cli, Server, secret, unique_login

COOLDOWN_TEXT = "Too many login failures, please wait a bit before trying again."


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A data directory of its own, one database, and three servers on it (A, B, C)."""
    data_dir = tmp_path_factory.mktemp("keygate-multi")
    cli = Cli(data_dir)
    db = "multi-" + uuid.uuid4().hex[:8]
    cli.run("db", "create", db, "--demo")
    # Only the cooldown test below wants failures counted (on a database of its own).
    cli.run("config", "set", "--db", db, "base.login_cooldown_after", "0")
    servers = [Server(data_dir).start() for _ in range(3)]
    yield cli, db, servers
    for s in servers:
        s.stop()


def count(server, db, uid, key):
    return server.object().execute_kw(db, uid, key, "res.partner", "search_count", [[]])


def denied(server, db, uid, key):
    try:
        count(server, db, uid, key)
    except xmlrpc.client.Fault as e:
        assert e.faultCode == 3, e.faultString
        return True
    return False


def first_refusal(servers, db, uid, key, since, limit=1.0):
    """Polls every server at once until each refuses `key`; returns, per server, how long after
    `since` the first refused call started. (A refused call may itself take a while: a secret
    that is no longer a key is tried as the password, 600000 PBKDF2 rounds, as in Odoo.)"""
    started = {}

    def poll(s):
        while time.monotonic() - since < limit + 5:
            t0 = time.monotonic()
            if denied(s, db, uid, key):
                started[s.port] = t0 - since
                return
            time.sleep(0.01)

    threads = [threading.Thread(target=poll, args=(s,)) for s in servers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [started.get(s.port) for s in servers]


def test_revoked_key_fails_on_every_instance_within_a_second(cluster):
    cli, db, (a, b, c) = cluster
    key = cli.new_key(ADMIN_LOGIN, name="multi-revoke", db=db)
    kept = cli.new_key(ADMIN_LOGIN, name="multi-kept", db=db)
    for s in (a, b, c):
        for k in (key.key, kept.key):
            assert count(s, db, ADMIN_UID, k) >= 14
            assert count(s, db, ADMIN_UID, k) >= 14  # now from each instance's cache
    cli.revoke(key.id, db=db)
    delays = first_refusal([a, b, c], db, ADMIN_UID, key.key, time.monotonic())
    assert all(d is not None and d < 1.0 for d in delays), delays
    # Only that key.
    for s in (a, b, c):
        assert count(s, db, ADMIN_UID, kept.key) >= 14


def test_archived_user_fails_on_every_instance_within_a_second(cluster):
    cli, db, servers = cluster
    login = unique_login("multi-archive")
    uid = cli.add_user(login, db=db)
    key = cli.new_key(login, db=db)
    for s in servers:
        assert count(s, db, uid, key.key) >= 0
        assert count(s, db, uid, key.key) >= 0
    cli.archive(login, db=db)
    delays = first_refusal(servers, db, uid, key.key, time.monotonic())
    assert all(d is not None and d < 1.0 for d in delays), delays


def test_login_cooldown_is_shared(cluster):
    cli, _, (a, b, c) = cluster
    db = "multi-cd-" + uuid.uuid4().hex[:8]
    cli.run("db", "create", db, "--demo")
    cli.run("config", "set", "--db", db, "base.login_cooldown_after", "3")
    cli.run("config", "set", "--db", db, "base.login_cooldown_duration", "600")
    login = unique_login("multi-cd")
    password = secret("Right-" + uuid.uuid4().hex)
    uid = cli.add_user(login, password=password, db=db)
    for _ in range(3):
        assert a.common().authenticate(db, login, secret("wrong-" + uuid.uuid4().hex), {}) is False
    # B and C refuse even the right password, without checking it.
    for s in (b, c):
        assert s.common().authenticate(db, login, password, {}) is False
        with pytest.raises(xmlrpc.client.Fault) as e:
            count(s, db, uid, password)
        assert e.value.faultCode == 3
        assert e.value.faultString == COOLDOWN_TEXT


def jsonrpc(server, session, path, params):
    return session.post(server.url + path, json={"jsonrpc": "2.0", "method": "call", "id": 1,
                                                 "params": params}, timeout=30).json()


def test_session_made_on_one_instance_works_on_the_others(cluster):
    _, db, (a, b, c) = cluster
    s = requests.Session()
    reply = jsonrpc(a, s, "/web/session/authenticate",
                    {"db": db, "login": ADMIN_LOGIN, "password": ADMIN_PASSWORD})
    assert reply["result"]["uid"] == ADMIN_UID
    for other in (b, c):
        info = jsonrpc(other, s, "/web/session/get_session_info", {})
        assert info["result"]["uid"] == ADMIN_UID
        assert info["result"]["db"] == db
        got = jsonrpc(other, s, "/web/dataset/call_kw", {"model": "res.partner",
                                                          "method": "search_count",
                                                          "args": [[]], "kwargs": {}})
        assert got["result"] >= 14
    # Logging out on C ends the session everywhere.
    assert "result" not in jsonrpc(c, s, "/web/session/destroy", {})
    for other in (a, b):
        assert jsonrpc(other, s, "/web/session/get_session_info", {})["error"]["code"] == 100


def test_rate_limit_is_one_limit_for_all_instances(cluster):
    cli, db, servers = cluster
    key = cli.run("key", "new", "--db", db, ADMIN_LOGIN, "--name", "multi-rate",
                  "--rate-limit", "5/h").stdout.strip()
    secret(key)
    outcomes = []
    for i in range(9):
        s = servers[i % 3]
        try:
            count(s, db, ADMIN_UID, key)
            outcomes.append("ok")
        except xmlrpc.client.Fault as e:
            assert e.faultCode == 3
            m = re.fullmatch(r"API key rate limit exceeded \(5/h\), retry in (\d+) s",
                             e.faultString)
            assert m, e.faultString
            assert 1 <= int(m.group(1)) <= 720
            outcomes.append("limited")
    assert outcomes == ["ok"] * 5 + ["limited"] * 4
    # JSON-2 on any instance: HTTP 429 with Retry-After.
    for s in servers:
        resp = requests.post(s.url + "/json/2/res.partner/search_count",
                             json={"domain": []},
                             headers={"Authorization": "bearer " + key, "X-Odoo-Database": db},
                             timeout=30)
        assert resp.status_code == 429, resp.text
        assert 1 <= int(resp.headers["Retry-After"]) <= 720
