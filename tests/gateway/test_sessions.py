"""Sessions are Odoo's and pass through keygate untouched; an API key where a web login's
credential goes is refused by keygate, never forwarded (Odoo 18 refuses it there too)."""

import json
import time

import requests

from conftest import ODOO_DB, ODOO_URL, cli, new_key, wait_for


def session_authenticate(url, password):
    body = {"jsonrpc": "2.0", "method": "call", "id": 5,
            "params": {"db": ODOO_DB, "login": "admin", "password": password}}
    return requests.post(url + "/web/session/authenticate", json=body, timeout=30)


def test_a_key_as_a_web_login_password_is_refused_and_never_forwarded(gateway):
    key = new_key("admin", "gw session key")
    # Odoo 18 itself refuses a key for a web login.
    direct = session_authenticate(ODOO_URL, key).json()
    assert direct["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    through = session_authenticate(gateway.url, key)
    assert through.status_code == 200
    assert through.json() == {
        "jsonrpc": "2.0", "id": 5,
        "error": {"code": 200, "message": "Odoo Server Error",
                  "data": {"name": "odoo.exceptions.AccessDenied",
                           "debug": "odoo.exceptions.AccessDenied: Access Denied",
                           "message": "Access Denied", "arguments": ["Access Denied"],
                           "context": {}}}}
    assert "set-cookie" not in {k.lower() for k in through.headers}
    # A bearer key on a session route is refused too, as late as every refusal
    # (refusal_delay_ms, 1 s by default).
    started = time.monotonic()
    bearer = requests.post(gateway.url + "/web/dataset/call_kw", json={"params": {}},
                           headers={"Authorization": "Bearer " + key}, timeout=30)
    assert bearer.json()["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert time.monotonic() - started >= 1.0
    log = gateway.text()
    assert "refused an API key in the password of /web/session/authenticate" in log
    assert "refused an API key in the authorization of /web/dataset/call_kw" in log
    assert key not in log
    # Both are in the event log of the attached database, with the key's index only: the first
    # names its database and login, the second none (the only database served is the one).
    def refusals():
        rows = json.loads(cli("events", "--db", ODOO_DB, "--since", "10m", "--json"))
        return [e for e in rows if e["reason"] == "key_outside_integration_calls"
                and e["key_index"] == key[:8]]
    rows = wait_for(lambda: len(refusals()) == 2 and refusals())
    assert sorted((e["channel"], e["login"], e["outcome"]) for e in rows) == [
        ("web", "", "failure"), ("web", "admin", "failure")]
    assert all(e["client_ip"] == "127.0.0.1" for e in rows)
    assert key not in json.dumps(rows)


def test_a_password_session_works_through_keygate_and_its_calls_pass_through(gateway):
    s = requests.Session()
    login = s.post(gateway.url + "/web/session/authenticate", timeout=30,
                   json={"jsonrpc": "2.0", "method": "call", "id": 1,
                         "params": {"db": ODOO_DB, "login": "admin", "password": "admin"}})
    assert login.json()["result"]["uid"] == 2
    read = s.post(gateway.url + "/web/dataset/call_kw/res.partner/read", timeout=30,
                  json={"jsonrpc": "2.0", "method": "call", "id": 2,
                        "params": {"model": "res.partner", "method": "read",
                                   "args": [[1], ["name"]], "kwargs": {}}})
    assert read.json()["result"][0]["id"] == 1
