"""Gateway mode end to end (issue 14): keygate in front of the real Odoo 18, keys narrowed by
keygate refused both through keygate (in Odoo's format) and directly by Odoo, allowed calls
answered byte for byte as Odoo answers them, the web client and real clients working unchanged,
brute force through keygate seen by keygate's detection, and Odoo down answered, not hung.
"""

import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.request
import xmlrpc.client
from http.cookiejar import CookieJar
from pathlib import Path

import odoorpc
import pytest
import requests

from conftest import (KEYGATE_BIN, ODOO_DB, ODOO_URL, Keygate, cli, new_key, odoo_sql,
                      wait_for)

ADMIN_UID = 2
DENIED = "<Fault 3: 'Access Denied'>"


def proxy(url, service):
    return xmlrpc.client.ServerProxy("%s/xmlrpc/2/%s" % (url, service), allow_none=True)


def call(url, secret, model, method, args, kwargs=None, uid=ADMIN_UID):
    """execute_kw; the result, or the Fault's repr."""
    try:
        return proxy(url, "object").execute_kw(ODOO_DB, uid, secret, model, method, args,
                                               kwargs or {})
    except xmlrpc.client.Fault as f:
        return repr(f)


def raw_xmlrpc(url, service, method, params, headers=None):
    body = xmlrpc.client.dumps(tuple(params), method, allow_none=True)
    r = requests.post("%s/xmlrpc/2/%s" % (url, service), data=body.encode(),
                      headers={"Content-Type": "text/xml", **(headers or {})}, timeout=30)
    return r


def raw_jsonrpc(url, service, method, args):
    body = {"jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"service": service, "method": method, "args": args}}
    return requests.post(url + "/jsonrpc", json=body, timeout=30)


def key_scope(key_id):
    keys = json.loads(cli("key", "list", "--db", ODOO_DB, "--json"))
    return next(k["scope"] for k in keys if k["id"] == key_id)


def newest_key_id():
    keys = json.loads(cli("key", "list", "--db", ODOO_DB, "--json"))
    return max(k["id"] for k in keys)


def test_readonly_key_reads_through_keygate_and_is_refused_a_write_odoo_would_allow(gateway):
    readonly = new_key("admin", "gw readonly", "--scope", "rpc:readonly")
    full = new_key("admin", "gw full")
    count = call(ODOO_URL, full, "res.partner", "search_count", [[]])
    assert isinstance(count, int) and count > 0
    assert call(gateway.url, readonly, "res.partner", "search_count", [[]]) == count
    assert call(gateway.url, readonly, "res.partner", "write", [[1], {"ref": "gw"}]) == (
        "<Fault 4: \"API key does not have sufficient permissions: this key may not write "
        "'res.partner' records (its scope is 'rpc:readonly').\">")
    # Odoo alone lets the same user write.
    assert call(ODOO_URL, full, "res.partner", "write", [[1], {"ref": "gw"}]) is True


def test_a_key_keygate_narrowed_can_do_nothing_calling_odoo_directly(gateway):
    readonly = new_key("admin", "gw readonly direct", "--scope", "rpc:readonly")
    assert proxy(ODOO_URL, "common").authenticate(ODOO_DB, "admin", readonly, {}) is False
    assert call(ODOO_URL, readonly, "res.partner", "search_count", [[]]) == DENIED
    assert call(ODOO_URL, readonly, "res.partner", "write", [[1], {"ref": "x"}]) == DENIED
    # An allow-listed or rate-limited key of scope rpc is stored as rpc:*:all, which Odoo refuses.
    limited = new_key("admin", "gw limited direct", "--rate-limit", "100/min")
    assert key_scope(newest_key_id()) == "rpc:*:all"
    assert call(ODOO_URL, limited, "res.partner", "search_count", [[]]) == DENIED
    assert isinstance(call(gateway.url, limited, "res.partner", "search_count", [[]]), int)
    # Through keygate the narrowed key authenticates (with the forwarding credential).
    assert proxy(gateway.url, "common").authenticate(ODOO_DB, "admin", readonly, {}) == ADMIN_UID


def test_a_model_scoped_key_is_refused_other_models(gateway):
    key = new_key("admin", "gw partners", "--scope", "rpc:res.partner:read")
    assert call(gateway.url, key, "res.partner", "read", [[1], ["name"]])[0]["id"] == 1
    assert call(gateway.url, key, "res.users", "search", [[]]) == (
        "<Fault 4: \"API key does not have sufficient permissions: this key may not read "
        "'res.users' records (its scope is 'rpc:res.partner:read').\">")
    assert call(gateway.url, key, "res.partner", "unlink", [[999999]]) == (
        "<Fault 4: \"API key does not have sufficient permissions: this key may not unlink "
        "'res.partner' records (its scope is 'rpc:res.partner:read').\">")
    # A method outside the table counts as a write.
    assert "may not write 'res.partner'" in call(gateway.url, key, "res.partner",
                                                 "action_archive", [[999999]])


def test_an_allow_listed_key_is_refused_from_another_address(proxied_gateway):
    key = new_key("admin", "gw allow-listed", "--allow-ip", "203.0.113.0/24")
    params = [ODOO_DB, ADMIN_UID, key, "res.partner", "search_count", [[]]]
    inside = raw_xmlrpc(proxied_gateway.url, "object", "execute_kw", params,
                        {"X-Forwarded-For": "203.0.113.9"})
    assert isinstance(xmlrpc.client.loads(inside.content)[0][0], int)
    outside = raw_xmlrpc(proxied_gateway.url, "object", "execute_kw", params,
                         {"X-Forwarded-For": "198.51.100.7"})
    with pytest.raises(xmlrpc.client.Fault) as fault:
        xmlrpc.client.loads(outside.content)
    assert (fault.value.faultCode, fault.value.faultString) == (3, "Access Denied")
    events = wait_for(lambda: [e for e in json.loads(cli("events", "--db", ODOO_DB, "--since",
                                                         "10m", "--json"))
                               if e["reason"] == "address_not_allowed"])
    assert events[0]["client_ip"] == "198.51.100.7"


def test_a_rate_limited_key_is_refused_past_its_limit(gateway):
    key = new_key("admin", "gw rate-limited", "--rate-limit", "3/min")
    answers = [call(gateway.url, key, "res.partner", "search_count", [[]]) for _ in range(4)]
    assert all(isinstance(a, int) for a in answers[:3])
    assert re.fullmatch(r"<Fault 3: 'API key rate limit exceeded \(3/min\), retry in \d+ s'>",
                        answers[3]), answers[3]


def test_a_revoked_key_is_refused_and_raises_an_alert(gateway):
    key = new_key("admin", "gw to revoke")
    key_id = newest_key_id()
    assert isinstance(call(gateway.url, key, "res.partner", "search_count", [[]]), int)
    cli("key", "revoke", "--db", ODOO_DB, str(key_id))
    assert call(gateway.url, key, "res.partner", "search_count", [[]]) == DENIED
    assert proxy(gateway.url, "common").authenticate(ODOO_DB, "admin", key, {}) is False
    alerts = wait_for(lambda: [a for a in json.loads(cli("alerts", "--db", ODOO_DB, "--json"))
                               if a["kind"] == "revoked_key_use" and a["key_id"] == key_id])
    assert alerts, "no revoked_key_use alert"


def test_allowed_calls_answer_byte_for_byte_as_odoo(gateway):
    full = new_key("admin", "gw identical")
    readonly = new_key("admin", "gw identical readonly", "--scope", "rpc:readonly")
    calls = [
        ("common", "version", []),
        ("common", "authenticate", [ODOO_DB, "admin", full, {}]),
        ("object", "execute_kw", [ODOO_DB, ADMIN_UID, full, "res.partner", "search_count",
                                  [[["is_company", "=", True]]]]),
        ("object", "execute_kw", [ODOO_DB, ADMIN_UID, full, "res.partner", "search_read",
                                  [[]], {"fields": ["name", "email", "is_company"],
                                         "limit": 5, "order": "id"}]),
        ("object", "execute_kw", [ODOO_DB, ADMIN_UID, full, "res.partner", "read",
                                  [[1, 3]], {"fields": ["name", "country_id"]}]),
        ("object", "execute_kw", [ODOO_DB, ADMIN_UID, full, "res.partner", "fields_get",
                                  [["name", "email"]], {"attributes": ["type", "string"]}]),
        ("object", "execute_kw", [ODOO_DB, ADMIN_UID, full, "res.partner", "name_search",
                                  ["Deco"]]),
        ("object", "execute_kw", [ODOO_DB, ADMIN_UID, "admin", "res.users", "read",
                                  [[ADMIN_UID]], {"fields": ["login", "name"]}]),
        ("object", "execute_kw", [ODOO_DB, ADMIN_UID, full, "res.partner", "nope", [[]]]),
    ]
    for service, method, params in calls:
        direct = raw_xmlrpc(ODOO_URL, service, method, params)
        through = raw_xmlrpc(gateway.url, service, method, params)
        assert (through.status_code, through.content) == (direct.status_code, direct.content)
        assert through.headers["Content-Type"] == direct.headers["Content-Type"]
        if service == "object" and params[2] == full:
            # The narrowed key through keygate: the same bytes as the full key directly.
            narrowed = raw_xmlrpc(gateway.url, service, method, params[:2] + [readonly] +
                                  params[3:])
            if params[4] != "nope":
                assert narrowed.content == direct.content, method
    for service, method, args in [
            ("common", "version", []),
            ("object", "execute_kw", [ODOO_DB, ADMIN_UID, full, "res.partner", "search_read",
                                      [[["id", "<", 10]]], {"fields": ["name"], "order": "id"}]),
            ("object", "execute_kw", [ODOO_DB, ADMIN_UID, full, "res.partner", "read", [[1]],
                                      {"fields": ["name"]}])]:
        direct = raw_jsonrpc(ODOO_URL, service, method, args)
        through = raw_jsonrpc(gateway.url, service, method, args)
        assert through.content == direct.content
        if service == "object":
            narrowed = raw_jsonrpc(gateway.url, service, method,
                                   args[:2] + [readonly] + args[3:])
            assert narrowed.content == direct.content


def test_odoos_web_login_page_works_through_keygate(gateway):
    s = requests.Session()
    page = s.get(gateway.url + "/web/login", timeout=30)
    assert page.status_code == 200
    assert "session_id" in s.cookies
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    login = s.post(gateway.url + "/web/login", data={"login": "admin", "password": "admin",
                                                     "csrf_token": csrf, "db": ODOO_DB},
                   allow_redirects=False, timeout=30)
    assert login.status_code == 303, login.text[:300]
    assert login.headers["Location"].endswith("/odoo")
    info = s.post(gateway.url + "/web/session/get_session_info", json={"params": {}},
                  timeout=30).json()
    assert info["result"]["uid"] == ADMIN_UID
    asset = s.get(gateway.url + "/web/static/img/favicon.ico", timeout=30)
    assert asset.status_code == 200
    assert asset.content == requests.get(ODOO_URL + "/web/static/img/favicon.ico").content


def test_client_forwarding_headers_never_reach_odoo(attached):
    """keygate's own X-Forwarded-* replace the client's (an upstream that echoes its headers)."""
    seen = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)

    def echo():
        conn, _ = listener.accept()
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        seen.append(data.decode())
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        conn.close()

    t = threading.Thread(target=echo, daemon=True)
    t.start()
    kg = Keygate("http://127.0.0.1:%d" % listener.getsockname()[1])
    try:
        r = requests.get(kg.url + "/web/x", headers={"X-Forwarded-For": "6.6.6.6",
                                                     "X-Real-IP": "6.6.6.6",
                                                     "X-Forwarded-Host": "evil.example",
                                                     "Forwarded": "for=6.6.6.6"}, timeout=30)
        assert r.text == "ok"
    finally:
        kg.stop()
        listener.close()
    headers = [line.lower() for line in seen[0].split("\r\n")]
    assert "x-forwarded-for: 127.0.0.1" in headers
    assert "x-forwarded-proto: http" in headers
    assert "x-forwarded-host: 127.0.0.1:%d" % kg.port in headers
    assert not [h for h in headers if "6.6.6.6" in h or "evil.example" in h]


def test_wrong_passwords_through_keygate_raise_the_brute_force_alert(gateway):
    common = proxy(gateway.url, "common")
    for i in range(12):
        assert common.authenticate(ODOO_DB, "portal", "wrong-%d" % i, {}) is False
    alerts = wait_for(lambda: [a for a in json.loads(cli("alerts", "--db", ODOO_DB, "--json"))
                               if a["kind"] == "brute_force" and a["login"] == "portal"])
    assert alerts and alerts[0]["client_ip"] == "127.0.0.1"
    events = json.loads(cli("events", "--db", ODOO_DB, "--since", "10m", "--login", "portal",
                            "--json"))
    reasons = {e["reason"] for e in events}
    assert "wrong_password" in reasons


def test_real_clients_work_through_the_gateway_unchanged(gateway):
    key = new_key("admin", "gw clients", "--scope", "rpc:readonly")
    uid = proxy(gateway.url, "common").authenticate(ODOO_DB, "admin", key, {})
    assert uid == ADMIN_UID
    names = proxy(gateway.url, "object").execute_kw(ODOO_DB, uid, key, "res.partner",
                                                    "search_read", [[["id", "=", 1]]],
                                                    {"fields": ["name"]})
    assert names[0]["id"] == 1
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPCookieProcessor(CookieJar()))
    odoo = odoorpc.ODOO("127.0.0.1", port=gateway.port, timeout=30, opener=opener)
    assert odoo.version == "18.0"
    odoo.login(ODOO_DB, "admin", "admin")
    assert odoo.env.uid == ADMIN_UID
    assert odoo.env["res.partner"].search_count([]) == call(ODOO_URL, "admin", "res.partner",
                                                            "search_count", [[]])


ODOO_AWAIT_SCRIPT = r"""
const OdooAwait = require('odoo-await');
(async () => {
  const cfg = JSON.parse(process.argv[1]);
  const odoo = new OdooAwait({baseUrl: cfg.url, port: cfg.port, db: cfg.db, username: 'admin',
                              password: cfg.key});
  const out = {};
  out.uid = await odoo.connect();
  out.partners = await odoo.searchRead('res.partner', [['id', '=', 1]], ['name']);
  try {
    await odoo.update('res.partner', 1, {ref: 'odoo-await'});
    out.write = 'allowed';
  } catch (e) {
    out.write = e.faultString || e.message || String(e);
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def test_odoo_await_works_through_the_gateway_unchanged(gateway):
    # npm's odoo-await, installed as the differential suite installs it (idempotent).
    clients = Path(__file__).resolve().parents[1] / "differential" / "clients"
    prefix = Path(os.environ.get("DIFF_NPM_PREFIX",
                                 str(Path(KEYGATE_BIN).resolve().parent / "differential-npm")))
    subprocess.run([str(clients / "install.sh"), str(prefix)], check=True, timeout=600)
    key = new_key("admin", "gw odoo-await", "--scope", "rpc:readonly")
    cfg = {"url": gateway.url, "port": gateway.port, "db": ODOO_DB, "key": key}
    proc = subprocess.run(["node", "-e", ODOO_AWAIT_SCRIPT, json.dumps(cfg)], capture_output=True,
                          text=True, timeout=120,
                          env=dict(os.environ, NODE_PATH=str(prefix / "node_modules")))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["uid"] == ADMIN_UID
    assert out["partners"][0]["id"] == 1
    assert out["write"] == ("API key does not have sufficient permissions: this key may not write "
                            "'res.partner' records (its scope is 'rpc:readonly').")


def test_a_database_keygate_has_not_attached_is_refused_not_forwarded(gateway):
    assert call(gateway.url, "admin", "res.partner", "search_count", [[]], uid=2).__class__ is int
    r = raw_xmlrpc(gateway.url, "object", "execute_kw",
                   ["postgres", ADMIN_UID, "admin", "res.partner", "search_count", [[]]])
    with pytest.raises(xmlrpc.client.Fault) as fault:
        xmlrpc.client.loads(r.content)
    assert (fault.value.faultCode, fault.value.faultString) == (
        1, 'database "postgres" does not exist')


def test_odoo_down_gets_odoos_format_at_once(attached):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    kg = Keygate("http://127.0.0.1:%d" % dead)
    try:
        start = time.time()
        assert call(kg.url, "admin", "res.partner", "search_count", [[]]) == (
            "<Fault 1: 'The Odoo server behind keygate is unavailable, please retry.'>")
        j = raw_jsonrpc(kg.url, "object", "execute_kw",
                        [ODOO_DB, ADMIN_UID, "admin", "res.partner", "search_count", [[]]]).json()
        assert j["error"]["data"]["name"] == "werkzeug.exceptions.ServiceUnavailable"
        assert j["error"]["data"]["message"] == (
            "The Odoo server behind keygate is unavailable, please retry.")
        page = requests.get(kg.url + "/web/login", timeout=30)
        assert page.status_code == 502
        health = requests.get(kg.url + "/healthz", timeout=30)
        assert (health.status_code, health.json()["upstream"]) == (503, "unavailable")
        assert time.time() - start < 10
    finally:
        kg.stop()
    # An upstream that accepts and never answers: the deadline, not a hang.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    kg = Keygate("http://127.0.0.1:%d" % listener.getsockname()[1],
                 "--upstream-timeout-seconds", "2")
    try:
        start = time.time()
        assert requests.get(kg.url + "/web/login", timeout=30).status_code == 502
        assert time.time() - start < 6
    finally:
        kg.stop()
        listener.close()


def test_healthz_reports_the_upstream(gateway):
    health = requests.get(gateway.url + "/healthz", timeout=30)
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "backend": "postgresql", "upstream": "ok"}


def forwarding_credentials():
    return odoo_sql("SELECT k.id FROM res_users_apikeys k JOIN "
                    "keygate.keygate_forwarding_credential f ON f.key_id = k.id "
                    "WHERE k.name = 'keygate forwarding credential' AND k.scope = 'rpc' "
                    "ORDER BY k.id")


def test_forwarding_credentials_are_not_listed_among_peoples_keys(gateway):
    readonly = new_key("admin", "gw hidden", "--scope", "rpc:readonly")
    assert isinstance(call(gateway.url, readonly, "res.partner", "search_count", [[]]), int)
    made = forwarding_credentials()
    assert made  # the gateway made one for uid 2, in Odoo's table
    listed = {k["id"] for k in json.loads(cli("key", "list", "--db", ODOO_DB, "--json"))}
    shown = {k["id"] for k in json.loads(cli("user", "show", "--db", ODOO_DB, "admin",
                                             "--json"))["keys"]}
    audited = {k["id"] for k in json.loads(cli("audit", "--db", ODOO_DB, "--json"))["keys"]}
    for ids in (listed, shown, audited):
        assert newest_key_id() in ids and not ids & {int(i) for i in made}, (ids, made)


def test_a_forwarding_credential_deleted_in_odoo_is_replaced_and_the_call_retried(gateway):
    readonly = new_key("admin", "gw retry", "--scope", "rpc:readonly")
    count = call(gateway.url, readonly, "res.partner", "search_count", [[]])
    assert isinstance(count, int)
    before = forwarding_credentials()
    assert before
    # Deleted as an administrator would; Odoo's workers remember a key they verified until
    # their caches are dropped (Odoo's own unlink does not drop them), so they are told to.
    odoo_sql("DELETE FROM res_users_apikeys WHERE id IN (%s)" % ",".join(before))
    odoo_sql("SELECT keygate.keygate_signal_odoo_caches()")
    assert call(gateway.url, readonly, "res.partner", "search_count", [[]]) == count
    after = forwarding_credentials()
    assert after and not set(after) & set(before)
    assert "Odoo refused the forwarding credential of uid 2" in gateway.text()


def test_a_start_deletes_the_forwarding_credentials_an_earlier_run_left(gateway):
    readonly = new_key("admin", "gw restart", "--scope", "rpc:readonly")
    assert isinstance(call(gateway.url, readonly, "res.partner", "search_count", [[]]), int)
    left = forwarding_credentials()
    assert left
    second = Keygate(ODOO_URL)
    try:
        assert isinstance(call(second.url, readonly, "res.partner", "search_count", [[]]), int)
        now = forwarding_credentials()
        assert not set(now) & set(left)
        assert "forwarding credential(s) left by an earlier run" in second.text()
    finally:
        second.stop()
    # The first instance gets its credential refused, makes a new one and goes on.
    assert isinstance(call(gateway.url, readonly, "res.partner", "search_count", [[]]), int)


def test_a_long_download_is_relayed_as_it_arrives(gateway):
    # A public attachment of 6 MB: Odoo answers it with a Content-Length, which keygate relays
    # from Odoo's connection as it arrives instead of holding it whole.
    import base64
    import hashlib
    import os
    data = os.urandom(6 * 1024 * 1024)
    attachment = proxy(ODOO_URL, "object").execute_kw(
        ODOO_DB, ADMIN_UID, "admin", "ir.attachment", "create",
        [{"name": "gateway-relay.bin", "datas": base64.b64encode(data).decode(), "public": True,
          "mimetype": "application/octet-stream"}])
    try:
        path = "/web/content/%d?download=true" % attachment
        direct = requests.get(ODOO_URL + path, timeout=60)
        through = requests.get(gateway.url + path, timeout=60)
        assert direct.status_code == through.status_code == 200
        assert through.headers["Content-Length"] == str(len(data))
        assert hashlib.sha256(through.content).digest() == hashlib.sha256(data).digest()
        assert through.headers["Content-Disposition"] == direct.headers["Content-Disposition"]
        # The connection serves on after the relayed body.
        with requests.Session() as session:
            assert session.get(gateway.url + path, timeout=60).content == data
            assert session.get(gateway.url + "/web/login", timeout=30).status_code == 200
        # HEAD is not relayed (no body): answered as Odoo answers it.
        head = requests.head(gateway.url + path, timeout=60)
        direct_head = requests.head(ODOO_URL + path, timeout=60)
        assert (head.status_code, head.headers.get("Content-Length")) == (
            direct_head.status_code, direct_head.headers.get("Content-Length"))
    finally:
        proxy(ODOO_URL, "object").execute_kw(ODOO_DB, ADMIN_UID, "admin", "ir.attachment",
                                             "unlink", [[attachment]])


def test_a_long_upload_is_streamed_to_odoo_as_it_arrives(gateway):
    # A session call (the web client's) with a 4 MB body: keygate never reads it, so it goes to
    # Odoo as it arrives (http_test's AStreamedUploadReachesTheHandlerAsItArrives shows the
    # pieces crossing before the end); Odoo stores exactly what was sent.
    import base64
    import hashlib
    import os
    data = os.urandom(3 * 1024 * 1024)
    with requests.Session() as session:
        login = session.post(gateway.url + "/web/session/authenticate", json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"db": ODOO_DB, "login": "admin", "password": "admin"}}, timeout=30)
        assert login.json()["result"]["uid"] == ADMIN_UID

        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 2, "params": {
            "model": "ir.attachment", "method": "create",
            "args": [{"name": "gateway-upload.bin", "datas": base64.b64encode(data).decode()}],
            "kwargs": {}}}).encode()
        created = session.post(gateway.url + "/web/dataset/call_kw/ir.attachment/create",
                               data=body, timeout=60, headers={"Content-Type": "application/json"})
        attachment = created.json()["result"]
        # The connection serves on after the streamed body.
        assert session.get(gateway.url + "/web/login", timeout=30).status_code == 200
    try:
        checksum = proxy(ODOO_URL, "object").execute_kw(
            ODOO_DB, ADMIN_UID, "admin", "ir.attachment", "read", [[attachment]],
            {"fields": ["checksum", "file_size"]})[0]
        assert checksum["file_size"] == len(data)
        assert checksum["checksum"] == hashlib.sha1(data).hexdigest()
    finally:
        proxy(ODOO_URL, "object").execute_kw(ODOO_DB, ADMIN_UID, "admin", "ir.attachment",
                                             "unlink", [[attachment]])
