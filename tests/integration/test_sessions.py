"""Web sessions (issue scenario a): login, session-bound calls, and every way a session ends with
Odoo's "Session expired"; API keys refused for sessions unless apikey_session_login."""

import odoorpc
import requests

from conftest import ADMIN_PASSWORD, ADMIN_UID, DB, Server, unique_login

EXPIRED = {"code": 100, "message": "Odoo Session Expired"}


def rpc(server, session, path, params, headers=None):
    return session.post(server.url + path, json={"jsonrpc": "2.0", "method": "call", "id": 7,
                                                 "params": params},
                        headers=headers or {}, timeout=30).json()


def login(server, user, password):
    s = requests.Session()
    return s, rpc(server, s, "/web/session/authenticate",
                  {"db": DB, "login": user, "password": password})


def call_kw(server, session, headers=None):
    return rpc(server, session, "/web/dataset/call_kw",
               {"model": "res.partner", "method": "search_count", "args": [[]], "kwargs": {}},
               headers)


def assert_expired(reply):
    assert reply["error"]["code"] == EXPIRED["code"]
    assert reply["error"]["message"] == EXPIRED["message"]
    assert reply["error"]["data"]["name"] == "odoo.http.SessionExpiredException"
    assert reply["error"]["data"]["message"] == "Session expired"


def test_login_then_calls_then_logout_expires(server):
    s, reply = login(server, "admin", ADMIN_PASSWORD)
    assert reply["result"]["uid"] == ADMIN_UID
    assert reply["result"]["db"] == DB
    assert reply["result"]["user_context"]["uid"] == ADMIN_UID
    cookie = next(c for c in s.cookies if c.name == "session_id")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert call_kw(server, s)["result"] >= 14
    info = rpc(server, s, "/web/session/get_session_info", {})
    assert info["result"]["uid"] == ADMIN_UID and info["result"]["username"] == "admin"
    # Odoo leaves "result" out of the answer when it is None.
    assert rpc(server, s, "/web/session/destroy", {}) == {"jsonrpc": "2.0", "id": 7}
    assert_expired(call_kw(server, s))


def test_no_cookie_and_the_old_header_are_expired(server):
    s, reply = login(server, "admin", ADMIN_PASSWORD)
    sid = s.cookies["session_id"]
    assert_expired(call_kw(server, requests.Session()))
    # The old X-Openerp-Session-Id header is not honoured (Odoo removed it for security).
    assert_expired(call_kw(server, requests.Session(), {"X-Openerp-Session-Id": sid}))
    assert call_kw(server, s)["result"] >= 14


def test_password_change_and_archive_end_sessions(server, cli):
    user = unique_login("session")
    cli.add_user(user, password="first pass 1")
    s, reply = login(server, user, "first pass 1")
    assert reply["result"]["uid"]
    assert call_kw(server, s)["result"] >= 0
    cli.passwd(user, "second pass 2")
    assert_expired(call_kw(server, s))
    s2, reply = login(server, user, "second pass 2")
    assert reply["result"]["uid"]
    cli.archive(user)
    assert_expired(call_kw(server, s2))


def test_api_key_refused_for_sessions_unless_enabled(server, cli, data_dir):
    k = cli.new_key(name="session key")
    _, reply = login(server, "admin", k.key)
    assert reply["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert reply["error"]["data"]["message"] == "Access Denied"
    assert any("reason=key_refused_interactive" in line for line in server.log_lines())

    allowing = Server(data_dir, "--apikey-session-login", "True").start()
    try:
        odoo = odoorpc.ODOO("127.0.0.1", port=allowing.port)
        odoo.login(DB, "admin", k.key)
        assert odoo.env.uid == ADMIN_UID
        partners = odoo.env["res.partner"].search_read([("id", "=", 3)], ["name"])
        assert partners == [{"id": 3, "name": "Mitchell Admin"}]
    finally:
        allowing.stop()
