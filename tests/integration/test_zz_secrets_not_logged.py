"""Runs last (file name): no secret used during the session reached any server's log: no API key
made by the CLI, no password set or sent, no wrong key presented, and not the admin password.

The first test also makes its own successful and failed calls on every channel, so that it
checks something even when run alone.
"""

import re
import time
import xmlrpc.client

import requests

from conftest import ADMIN_PASSWORD, ADMIN_UID, DB, SECRETS, VERSION_18, Server, random_key, secret


def exercise_every_channel(server, cli):
    key = cli.new_key("admin", name="secrets check").key
    wrong_key = random_key()
    wrong_password = secret("Wrong-Pa55word-for-log-check")
    common = server.common()
    assert common.authenticate(DB, "admin", key, {}) == ADMIN_UID
    assert common.authenticate(DB, "admin", wrong_key, {}) is False
    assert common.login(DB, "admin", wrong_password) is False
    try:
        server.object().execute_kw(DB, ADMIN_UID, wrong_key, "res.partner", "search", [[]])
        raise AssertionError("a wrong key was accepted")
    except xmlrpc.client.Fault as f:
        assert f.faultCode == 3
    try:
        server.proxy("/xmlrpc/object").execute_kw(DB, ADMIN_UID, wrong_password, "res.partner",
                                                  "search", [[]])
        raise AssertionError("a wrong password was accepted")
    except xmlrpc.client.Fault as f:
        assert f.faultCode == "AccessDenied"
    http = requests.Session()
    http.trust_env = False
    body = http.post(server.url + "/jsonrpc", timeout=30, json={
        "jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"service": "object", "method": "execute_kw",
                   "args": [DB, ADMIN_UID, wrong_key, "res.partner", "search", [[]]]}}).json()
    assert body["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    body = http.post(server.url + "/web/session/authenticate", timeout=30, json={
        "jsonrpc": "2.0", "method": "call", "id": 2,
        "params": {"db": DB, "login": "admin", "password": key}}).json()
    assert "error" in body  # a key is not a password for an interactive login
    http.close()
    return key, wrong_key, wrong_password


def test_secrets_never_appear_in_the_log(server, cli):
    made = exercise_every_channel(server, cli)
    assert server.common().version() == VERSION_18
    time.sleep(0.3)  # let the reader threads catch up with the last lines written
    lines = server.log_lines()
    assert any("keygate serving on" in l for l in lines)
    assert set(made) <= SECRETS
    for s in sorted(SECRETS):
        if len(s) < 6:
            continue
        hits = [l for l in lines if s in l]
        assert not hits, "a secret appears in the log: %r" % hits[:3]
        # Nor the start of a key beyond its public 8-character index.
        if re.fullmatch(r"[0-9a-f]{40}", s):
            hits = [l for l in lines if s[:12] in l]
            assert not hits, "the beginning of a key appears in the log: %r" % hits[:3]


def test_admin_password_never_appears_in_the_log(server):
    # "admin" is also the administrator's login, which logs may name; the password may not be
    # written as a password-like value.
    assert server.common().login(DB, "admin", ADMIN_PASSWORD) == ADMIN_UID
    time.sleep(0.3)
    lines = server.log_lines()
    pattern = re.compile(
        r"(?i)(password|passwd|pwd|secret|api[_ -]?key|credential)s?\W{0,3}\s*[=:]?\s*[\"']?"
        + re.escape(ADMIN_PASSWORD) + r"\b")
    hits = [l for l in lines if pattern.search(l)]
    assert not hits, hits[:3]
    # The arguments of a call are never logged wholesale (db, login, password).
    hits = [l for l in lines if re.search(r"['\"]admin['\"],\s*['\"]admin['\"]", l)]
    assert not hits, hits[:3]


def test_every_server_started_logs_no_secret(server):
    assert Server.instances
    for srv in Server.instances:
        lines = srv.log_lines()
        for s in SECRETS:
            if len(s) >= 6:
                assert not [l for l in lines if s in l]
