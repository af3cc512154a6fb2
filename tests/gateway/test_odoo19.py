"""Gateway mode in front of the real Odoo 19 that `make test-odoo` starts: `keygate db attach`
learns Odoo 19 (groups named by their privilege), and Odoo 19's JSON-2 calls
(/json/2/<model>/<method> with a bearer key) pass keygate's gate as XML-RPC and JSON-RPC calls
do: narrowed keys read through keygate, are refused what their scope does not allow in JSON-2's
format, and can do nothing calling Odoo directly; allowed calls answer byte for byte as Odoo.
"""

import json
import re
import socket
import subprocess
import xmlrpc.client

import pytest
import requests

from conftest import (KEYGATE_BIN, ODOO19_DB, ODOO19_URL, ODOO19_WORKDIR, Keygate, cli,
                      keygate_env, wait_for)

pytestmark = pytest.mark.skipif(not ODOO19_URL, reason="no reference Odoo 19 (make test-odoo)")

ADMIN_UID = 2
DEMO_UID = 5
SCOPE_REFUSAL = ("API key does not have sufficient permissions: this key may not %s '%s' records "
                 "(its scope is '%s').")


def kg(*args, check=True):
    return cli(*args, check=check, workdir=ODOO19_WORKDIR)


def new_key(login, name, *options):
    return kg("key", "new", "--db", ODOO19_DB, login, "--name", name, *options).strip()


def newest_key_id():
    return max(k["id"] for k in json.loads(kg("key", "list", "--db", ODOO19_DB, "--json")))


def json2(url, key, model, method, body=None, headers=None, raw=None):
    """POST /json/2/<model>/<method>; the requests.Response."""
    h = {"Content-Type": "application/json", "X-Odoo-Database": ODOO19_DB}
    if key is not None:
        h["Authorization"] = "bearer " + key
    h.update(headers or {})
    data = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
    return requests.post("%s/json/2/%s/%s" % (url, model, method), data=data, headers=h,
                         timeout=30)


def execute_kw(url, uid, secret, model, method, args, kwargs=None):
    try:
        return xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True).execute_kw(
            ODOO19_DB, uid, secret, model, method, args, kwargs or {})
    except xmlrpc.client.Fault as f:
        return repr(f)


@pytest.fixture(scope="module")
def attached19():
    out = subprocess.run([KEYGATE_BIN, "db", "attach", ODOO19_DB], capture_output=True,
                         text=True, timeout=60, env=keygate_env(ODOO19_WORKDIR))
    assert out.returncode == 0, out.stderr
    assert re.search(r'ttached (keygate )?to Odoo 19\.0\.\d+\.\d+ database "%s"' % ODOO19_DB,
                     out.stderr), out.stderr
    return ODOO19_DB


@pytest.fixture(scope="module")
def gateway19(attached19):
    gw = Keygate(ODOO19_URL, workdir=ODOO19_WORKDIR)
    yield gw
    gw.stop()


def test_attach_reads_odoo19s_groups_by_their_privilege(attached19):
    shown = kg("user", "show", "--db", ODOO19_DB, "demo")
    assert re.search(r"^Groups: +Contact / Creation; Export / Allowed; Role / User$", shown,
                     re.M), shown
    groups = kg("group", "list", "--db", ODOO19_DB)
    assert re.search(r"^4 +Role / Administrator +base.group_system ", groups, re.M), groups
    # The user types of Odoo 19 (base.group_user, group_portal, group_public): a portal user
    # cannot be made internal too.
    refused = subprocess.run([KEYGATE_BIN, "group", "grant", "--db", ODOO19_DB, "portal",
                              "base.group_user"], capture_output=True, text=True, timeout=60,
                             env=keygate_env(ODOO19_WORKDIR))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        'keygate: error: The user cannot have more than one user types: "portal" would be in '
        '"Role / Portal" and "Role / User" (revoke the other user type first)')


def test_xmlrpc_through_the_gateway_to_odoo19(gateway19):
    readonly = new_key("admin", "gw19 xmlrpc readonly", "--scope", "rpc:readonly")
    count = execute_kw(gateway19.url, ADMIN_UID, readonly, "res.partner", "search_count", [[]])
    assert isinstance(count, int) and count > 0
    assert execute_kw(gateway19.url, ADMIN_UID, readonly, "res.partner", "write",
                      [[1], {"ref": "gw19"}]) == (
        '<Fault 4: "%s">' % SCOPE_REFUSAL % ("write", "res.partner", "rpc:readonly"))
    assert execute_kw(ODOO19_URL, ADMIN_UID, readonly, "res.partner", "search_count",
                      [[]]) == "<Fault 3: 'Access Denied'>"
    # Odoo decides the rest: its own AccessError comes back unchanged.
    demo = new_key("demo", "gw19 demo", "--expires-days", "1")
    assert execute_kw(gateway19.url, DEMO_UID, demo, "res.groups", "create", [{"name": "x"}]) == (
        execute_kw(ODOO19_URL, DEMO_UID, "demo", "res.groups", "create", [{"name": "x"}]))


def test_json2_readonly_key_reads_and_is_refused_a_write_odoo_would_allow(gateway19):
    readonly = new_key("admin", "gw19 readonly", "--scope", "rpc:readonly")
    full = new_key("admin", "gw19 full")
    direct = json2(ODOO19_URL, full, "res.partner", "search_count", {"domain": []})
    assert direct.status_code == 200
    through = json2(gateway19.url, readonly, "res.partner", "search_count", {"domain": []})
    assert (through.status_code, through.content) == (200, direct.content)
    refused = json2(gateway19.url, readonly, "res.partner", "write",
                    {"ids": [1], "vals": {"ref": "gw19"}})
    assert refused.status_code == 403
    assert refused.json()["name"] == "odoo.exceptions.AccessError"
    assert refused.json()["message"] == SCOPE_REFUSAL % ("write", "res.partner", "rpc:readonly")
    # A percent-encoded method is the method werkzeug routes to: unlink, refused as such.
    encoded = json2(gateway19.url, readonly, "res%2Epartner", "unl%69nk", {"ids": [999999]})
    assert encoded.status_code == 403
    assert encoded.json()["message"] == SCOPE_REFUSAL % ("unlink", "res.partner", "rpc:readonly")
    # Odoo alone lets the same user write.
    wrote = json2(ODOO19_URL, full, "res.partner", "write", {"ids": [1], "vals": {"ref": "gw19"}})
    assert (wrote.status_code, wrote.json()) == (200, True)


def test_json2_narrowed_keys_can_do_nothing_calling_odoo_directly(gateway19):
    readonly = new_key("admin", "gw19 readonly direct", "--scope", "rpc:readonly")
    limited = new_key("admin", "gw19 limited direct", "--rate-limit", "100/min")
    for key in (readonly, limited):
        for method, body in (("search_count", {"domain": []}),
                             ("write", {"ids": [1], "vals": {"ref": "x"}})):
            r = json2(ODOO19_URL, key, "res.partner", method, body)
            assert (r.status_code, r.json()["message"]) == (401, "Invalid apikey")
    assert json2(gateway19.url, limited, "res.partner", "search_count",
                 {"domain": []}).status_code == 200


def test_json2_model_scoped_key_cannot_reach_another_model(gateway19):
    key = new_key("admin", "gw19 partners", "--scope", "rpc:res.partner:read,create")
    ok = json2(gateway19.url, key, "res.partner", "read", {"ids": [1], "fields": ["name"]})
    assert ok.status_code == 200 and ok.json()[0]["id"] == 1
    other = json2(gateway19.url, key, "res.users", "search", {"domain": []})
    assert other.status_code == 403
    assert other.json()["message"] == SCOPE_REFUSAL % ("read", "res.users",
                                                        "rpc:res.partner:read,create")
    # An x2many command creates a contact tag: a create of res.partner.category.
    nested = json2(gateway19.url, key, "res.partner", "create",
                   {"vals_list": [{"name": "gw19", "category_id": [[0, 0, {"name": "t"}]]}]})
    assert nested.status_code == 403
    assert nested.json()["message"] == SCOPE_REFUSAL % ("create", "res.partner.category",
                                                         "rpc:res.partner:read,create")
    # A dotted path in a domain reads the comodel.
    dotted = json2(gateway19.url, key, "res.partner", "search_count",
                   {"domain": [["user_ids.login", "=", "admin"]]})
    assert dotted.status_code == 403
    assert dotted.json()["message"] == SCOPE_REFUSAL % ("read", "res.users",
                                                         "rpc:res.partner:read,create")
    # A body keygate cannot read cannot be inspected: refused for such keys.
    unread = json2(gateway19.url, key, "res.partner", "search_count", raw=b'{"domain": [')
    assert unread.status_code == 400
    assert unread.json()["message"].startswith("could not parse the body as json: ")


def test_json2_revoked_rate_limited_and_unknown_keys_are_refused_in_odoos_format(gateway19):
    revoked = new_key("admin", "gw19 to revoke")
    key_id = newest_key_id()
    assert json2(gateway19.url, revoked, "res.partner", "search_count", {"domain": []}).status_code == 200
    kg("key", "revoke", "--db", ODOO19_DB, str(key_id))
    r = json2(gateway19.url, revoked, "res.partner", "search_count", {"domain": []})
    assert (r.status_code, r.json()["name"], r.json()["message"]) == (
        401, "werkzeug.exceptions.Unauthorized", "Invalid apikey")
    assert r.headers["WWW-Authenticate"] == "Bearer"
    limited = new_key("admin", "gw19 rate-limited", "--rate-limit", "2/min")
    answers = [json2(gateway19.url, limited, "res.partner", "search_count", {"domain": []}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert re.fullmatch(r"API key rate limit exceeded \(2/min\), retry in \d+ s",
                        answers[2].json()["message"])
    assert int(answers[2].headers["Retry-After"]) > 0
    unknown = json2(gateway19.url, "0" * 40, "res.partner", "search_count", {"domain": []})
    direct = json2(ODOO19_URL, "0" * 40, "res.partner", "search_count", {"domain": []})
    assert (unknown.status_code, unknown.json()["message"]) == (
        direct.status_code, direct.json()["message"])
    # Every refusal is an event of the json2 channel; the revoked key's use raises the alert.
    events = wait_for(lambda: [e for e in json.loads(kg("events", "--db", ODOO19_DB, "--since",
                                                        "10m", "--json"))
                               if e["channel"] == "json2" and e["reason"] == "key_revoked"])
    assert events and events[0]["key_id"] == key_id
    alerts = wait_for(lambda: [a for a in json.loads(kg("alerts", "--db", ODOO19_DB, "--json"))
                               if a["kind"] == "revoked_key_use" and a["key_id"] == key_id])
    assert alerts, "no revoked_key_use alert"


def test_json2_allowed_calls_answer_byte_for_byte_as_odoo(gateway19):
    full = new_key("admin", "gw19 identical")
    readonly = new_key("admin", "gw19 identical readonly", "--scope", "rpc:readonly")
    calls = [
        ("res.partner", "search_count", {"domain": [["is_company", "=", True]]}),
        ("res.partner", "search_read", {"domain": [], "fields": ["name", "email"], "limit": 5,
                                        "order": "id"}),
        ("res.partner", "read", {"ids": [1, 3], "fields": ["name", "country_id"]}),
        ("res.partner", "fields_get", {"allfields": ["name"], "attributes": ["type", "string"]}),
        ("res.partner", "name_search", {"name": "Deco"}),
        ("res.partner", "nope", {}),
        ("res.partner", "read", {"ids": [1], "fields": ["no_such_field"]}),
        ("no.such.model", "search", {}),
    ]
    for model, method, body in calls:
        direct = json2(ODOO19_URL, full, model, method, body)
        through = json2(gateway19.url, full, model, method, body)
        assert (through.status_code, through.content) == (direct.status_code, direct.content), \
            (model, method)
        assert through.headers["Content-Type"] == direct.headers["Content-Type"]
        if direct.status_code == 200:
            narrowed = json2(gateway19.url, readonly, model, method, body)
            assert narrowed.content == direct.content, (model, method)
    # Usage is recorded per model and operation, with the key's last use on json2.
    keys = {k["name"]: k for k in json.loads(kg("key", "list", "--db", ODOO19_DB, "--json"))}
    assert keys["gw19 identical readonly"]["last_used_channel"] == "json2"


def test_json2_without_a_key_is_odoos_and_odoos_own_refusals_pass(gateway19):
    # No bearer key: a session's call (the web client), Odoo's to decide.
    direct = json2(ODOO19_URL, None, "res.partner", "search_count", {"domain": []})
    through = json2(gateway19.url, None, "res.partner", "search_count", {"domain": []})
    assert (through.status_code, through.json()["message"]) == (
        direct.status_code, direct.json()["message"]) == (
        401, "User not authenticated, use an API Key with a Bearer Authorization header.")
    # Odoo answers these before any key is looked at; keygate gives the same answer itself.
    full = new_key("admin", "gw19 shapes")
    for path_model, path_method, ctype in (("res.partner", "search_count", "text/plain"),
                                           ("res.partner", "", "application/json")):
        url_d = "%s/json/2/%s/%s" % (ODOO19_URL, path_model, path_method)
        url_t = "%s/json/2/%s/%s" % (gateway19.url, path_model, path_method)
        h = {"Authorization": "bearer " + full, "Content-Type": ctype,
             "X-Odoo-Database": ODOO19_DB}
        d = requests.post(url_d, data=b"{}", headers=h, timeout=30)
        t = requests.post(url_t, data=b"{}", headers=h, timeout=30)
        assert t.status_code == d.status_code, (path_method, ctype)
    # A database keygate has not attached: Odoo's page for one that does not exist, not forwarded.
    r = json2(gateway19.url, full, "res.partner", "search_count", {},
              headers={"X-Odoo-Database": "not_attached"})
    assert r.status_code == 404
    assert "No database is selected" in r.text


def test_healthz_reports_the_odoo19_upstream(gateway19):
    assert requests.get(gateway19.url + "/healthz", timeout=30).json()["upstream"] == "ok"


def test_json2_with_odoo_down_gets_502_in_json2s_format(attached19):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    key = new_key("admin", "gw19 odoo down")
    gw = Keygate("http://127.0.0.1:%d" % dead, workdir=ODOO19_WORKDIR)
    try:
        r = json2(gw.url, key, "res.partner", "search_count", {"domain": []})
        assert r.status_code == 502
        assert (r.json()["name"], r.json()["message"]) == (
            "werkzeug.exceptions.ServiceUnavailable",
            "The Odoo server behind keygate is unavailable, please retry.")
    finally:
        gw.stop()
