"""GET /metrics (Prometheus text format) and GET /healthz: the counters move by exactly what the
calls made, /healthz tells whether storage answers, and admin_http_port moves both endpoints to a
listener of their own.
"""

import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
import xmlrpc.client

import pytest

from conftest import DB, Server, random_key, unique_login

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?')


def parse_metrics(text):
    """{(name, ((label, value), ...)): value} of a text exposition; checks HELP/TYPE lines."""
    samples = {}
    helped, typed = set(), {}
    for line in text.splitlines():
        if line.startswith("# HELP "):
            helped.add(line.split(" ")[2])
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            typed[name] = kind
            continue
        m = SAMPLE.match(line)
        assert m, "not a sample line: %r" % line
        name, labels, value = m.group(1), m.group(2) or "", m.group(3)
        pairs = tuple(LABEL.findall(labels))
        assert "".join('%s="%s",' % p for p in pairs).rstrip(",") == labels, line
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in typed else name
        assert family in helped and family in typed, "no HELP/TYPE for %s" % name
        samples[(name, pairs)] = float(value)
    return samples


@pytest.fixture(scope="module")
def server(data_dir, demo_db):
    """A server that serves /metrics on its main port, as `public_metrics = True` asks."""
    srv = Server(data_dir, "--public-metrics", "True").start()
    yield srv
    srv.stop()


def scrape(url):
    with urllib.request.urlopen(url + "/metrics", timeout=15) as r:
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        return parse_metrics(r.read().decode("utf-8"))


def value(samples, name, **labels):
    for (n, pairs), v in samples.items():
        if n == name and dict(pairs) == labels:
            return v
    raise AssertionError("no sample %s%r" % (name, labels))


def delta(before, after, name, **labels):
    return value(after, name, **labels) - value(before, name, **labels)


def get(url, method="GET"):
    """(status, body) of a request, HTTP errors included."""
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_for_line(server, pattern, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in server.log_lines():
            m = re.search(pattern, line)
            if m:
                return m
        time.sleep(0.05)
    raise AssertionError("no line matching %r in:\n%s" % (pattern, "\n".join(server.log_lines())))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def api_user(cli):
    login = unique_login("metrics")
    uid = cli.add_user(login)
    return login, uid, cli.new_key(login).key


def count_partners(models, uid, key):
    return models.execute_kw(DB, uid, key, "res.partner", "search_count", [[]])


def test_calls_move_the_counters_by_what_they_did(server, api_user):
    login, uid, key = api_user
    models = server.object()
    before = scrape(server.url)

    assert count_partners(models, uid, key) >= 14  # verified: one key hash, a cache miss
    assert count_partners(models, uid, key) >= 14  # from the credential cache
    with pytest.raises(xmlrpc.client.Fault) as e:
        count_partners(models, uid, random_key())  # a wrong key: AccessDenied
    assert e.value.faultCode == 3
    assert get(server.url + "/no/such/page")[0] == 404

    after = scrape(server.url)
    requests = "keygate_http_requests_total"
    assert delta(before, after, requests, channel="xmlrpc", outcome="ok") == 2
    assert delta(before, after, requests, channel="xmlrpc", outcome="access_denied") == 1
    assert delta(before, after, requests, channel="other", outcome="not_found") == 1
    assert delta(before, after, requests, channel="jsonrpc", outcome="ok") == 0
    assert delta(before, after, "keygate_auth_failures_total", reason="unknown_key") == 1
    assert delta(before, after, "keygate_auth_failures_total", reason="wrong_password") == 0
    assert delta(before, after, "keygate_credential_cache_hits_total") == 1
    assert delta(before, after, "keygate_credential_cache_misses_total") == 2
    # The wrong key has no index in common with any key: no key hash, one password check.
    assert delta(before, after, "keygate_pbkdf2_verify_seconds_count", kind="key") == 1
    assert delta(before, after, "keygate_pbkdf2_verify_seconds_count", kind="password") == 1
    assert delta(before, after, "keygate_pbkdf2_verify_seconds_sum", kind="key") > 0

    # Latency: one observation per request, buckets cumulative up to +Inf == count.
    hist = "keygate_http_request_duration_seconds"
    assert delta(before, after, hist + "_count", channel="xmlrpc") == 3
    buckets = sorted(((float("inf") if dict(p)["le"] == "+Inf" else float(dict(p)["le"])), v)
                     for (n, p), v in after.items()
                     if n == hist + "_bucket" and dict(p)["channel"] == "xmlrpc")
    assert buckets[0][0] == 0.0001 and buckets[-2][0] == 5 and buckets[-1][0] == float("inf")
    counts = [v for _, v in buckets]
    assert counts == sorted(counts)
    assert counts[-1] == value(after, hist + "_count", channel="xmlrpc")

    # Process gauges.
    assert value(after, "keygate_uptime_seconds") > 0
    assert value(after, "keygate_auth_events_dropped_total") == 0
    assert value(after, "keygate_credential_cache_entries") >= 1


def test_jsonrpc_and_web_channels(server, api_user):
    login, uid, key = api_user
    before = scrape(server.url)
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw",
        "args": [DB, uid, key, "res.partner", "search_count", [[]]]}}).encode()
    req = urllib.request.Request(server.url + "/jsonrpc", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=15) as r:
        assert json.loads(r.read())["result"] >= 14
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 2, "params": {
        "db": DB, "login": login, "password": key}}).encode()
    req = urllib.request.Request(server.url + "/web/session/authenticate", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=15) as r:
        assert json.loads(r.read())["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    after = scrape(server.url)
    requests = "keygate_http_requests_total"
    assert delta(before, after, requests, channel="jsonrpc", outcome="ok") == 1
    assert delta(before, after, requests, channel="web", outcome="access_denied") == 1
    assert delta(before, after, "keygate_auth_failures_total",
                 reason="key_refused_interactive") == 1


def post_json(url, payload, headers=None):
    """(status, decoded body) of a JSON POST, HTTP errors included."""
    req = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


# An unknown service or method name is the client's mistake: Odoo 18's fault code and message
# (odoo/http.py dispatch_rpc: KeyError; odoo/service/common.py: Exception, db.py: KeyError
# "Method not found: "; model.py: NameError "Method not available "), the last line of Odoo's
# traceback, and /metrics counts it as bad_request, never as a server error.
@pytest.mark.parametrize("path, call, fault", [
    ("/xmlrpc/2/nope", lambda p: p.version(), "KeyError: 'nope'"),
    ("/xmlrpc/2/common", lambda p: p.nope(), "Exception: Method not found: nope"),
    ("/xmlrpc/2/db", lambda p: p.nope(), "KeyError: 'Method not found: nope'"),
])
def test_unknown_xmlrpc_names_are_client_errors(server, path, call, fault):
    before = scrape(server.url)
    with pytest.raises(xmlrpc.client.Fault) as e:
        call(server.proxy(path))
    assert (e.value.faultCode, e.value.faultString) == (1, fault)
    after = scrape(server.url)
    requests = "keygate_http_requests_total"
    assert delta(before, after, requests, channel="xmlrpc", outcome="bad_request") == 1
    assert delta(before, after, requests, channel="xmlrpc", outcome="error") == 0


def test_unknown_object_method_checks_the_credentials_first(server, api_user):
    """As odoo/service/model.py: db, uid and password are read and checked, then the method."""
    login, uid, key = api_user
    before = scrape(server.url)
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().nope(DB, uid, key)
    assert (e.value.faultCode, e.value.faultString) == (1, "NameError: Method not available nope")
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().nope(DB, uid, random_key())
    assert (e.value.faultCode, e.value.faultString) == (3, "Access Denied")
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().nope(DB, uid)
    assert (e.value.faultCode, e.value.faultString) == (1, "IndexError: tuple index out of range")
    after = scrape(server.url)
    requests = "keygate_http_requests_total"
    assert delta(before, after, requests, channel="xmlrpc", outcome="bad_request") == 2
    assert delta(before, after, requests, channel="xmlrpc", outcome="access_denied") == 1
    assert delta(before, after, requests, channel="xmlrpc", outcome="error") == 0


def test_unknown_legacy_xmlrpc_service_is_a_client_error(server):
    before = scrape(server.url)
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.proxy("/xmlrpc/nope").version()
    assert (e.value.faultCode, e.value.faultString) == ("nope", "KeyError: 'nope'")
    after = scrape(server.url)
    requests = "keygate_http_requests_total"
    assert delta(before, after, requests, channel="xmlrpc-legacy", outcome="bad_request") == 1
    assert delta(before, after, requests, channel="xmlrpc-legacy", outcome="error") == 0


@pytest.mark.parametrize("service, method, name, message, debug", [
    ("nope", "version", "builtins.KeyError", "nope", "KeyError: 'nope'"),
    ("common", "nope", "builtins.Exception", "Method not found: nope",
     "Exception: Method not found: nope"),
    ("db", "nope", "builtins.KeyError", "Method not found: nope",
     "KeyError: 'Method not found: nope'"),
])
def test_unknown_jsonrpc_names_are_client_errors(server, service, method, name, message, debug):
    before = scrape(server.url)
    status, body = post_json(server.url + "/jsonrpc", {
        "jsonrpc": "2.0", "method": "call", "id": 7,
        "params": {"service": service, "method": method, "args": []}})
    assert status == 200
    assert body == {"jsonrpc": "2.0", "id": 7, "error": {
        "code": 200, "message": "Odoo Server Error", "data": {
            "name": name, "debug": debug,
            "message": message, "arguments": [message], "context": {}}}}
    after = scrape(server.url)
    requests = "keygate_http_requests_total"
    assert delta(before, after, requests, channel="jsonrpc", outcome="bad_request") == 1
    assert delta(before, after, requests, channel="jsonrpc", outcome="error") == 0


def test_json2_errors_are_counted_by_their_exception(server, api_user):
    login, uid, key = api_user
    before = scrape(server.url)
    bearer = {"Authorization": "bearer " + key, "X-Odoo-Database": DB}
    status, body = post_json(server.url + "/json/2/res.partner/nope", {}, bearer)
    assert (status, body["name"], body["message"]) == (
        404, "werkzeug.exceptions.NotFound", "The method 'res.partner.nope' does not exist")
    # (read() of a missing id answers [] as in Odoo; a write of one is the MissingError)
    status, body = post_json(server.url + "/json/2/res.partner/write",
                             {"ids": [999999], "vals": {"name": "x"}}, bearer)
    assert (status, body["name"]) == (404, "odoo.exceptions.MissingError")
    status, body = post_json(server.url + "/json/2/res.partner/search", {"nope": 1}, bearer)
    assert (status, body["name"]) == (422, "werkzeug.exceptions.UnprocessableEntity")
    status, body = post_json(server.url + "/json/2/res.partner/search", {},
                             {"Authorization": "bearer " + random_key(), "X-Odoo-Database": DB})
    assert (status, body["message"]) == (401, "Invalid apikey")
    after = scrape(server.url)
    requests = "keygate_http_requests_total"
    assert delta(before, after, requests, channel="json2", outcome="not_found") == 1
    assert delta(before, after, requests, channel="json2", outcome="user_error") == 1
    assert delta(before, after, requests, channel="json2", outcome="bad_request") == 1
    assert delta(before, after, requests, channel="json2", outcome="access_denied") == 1
    assert delta(before, after, requests, channel="json2", outcome="error") == 0


def test_healthz_answers_ok_json(server):
    status, body = get(server.url + "/healthz")
    assert status == 200
    doc = json.loads(body)
    assert doc["status"] == "ok"
    assert doc["backend"] == ("postgresql" if os.environ.get("KEYGATE_TEST_BACKEND") == "pg"
                              else "sqlite")
    assert get(server.url + "/metrics", method="POST")[0] == 405


def test_metrics_are_not_on_the_public_port_by_default(data_dir, demo_db):
    # Hardening item 11: traffic and failure figures are for operators, not for the public side.
    srv = Server(data_dir).start()
    try:
        assert get(srv.url + "/metrics")[0] == 404
        status, body = get(srv.url + "/healthz")  # load balancers still see the health
        assert status == 200 and json.loads(body)["status"] == "ok"
        assert any("/metrics is not served: set admin_http_port" in line
                   for line in srv.log_lines())
    finally:
        srv.stop()


def test_admin_port_serves_metrics_and_healthz_apart(data_dir, demo_db, api_user):
    login, uid, key = api_user
    srv = Server(data_dir, "--admin-http-port", "0").start()
    try:
        m = wait_for_line(srv, r"keygate admin on http://127\.0\.0\.1:(\d+) ")
        admin = "http://127.0.0.1:%d" % int(m.group(1))
        assert int(m.group(1)) != srv.port
        # Not on the public port any more.
        assert get(srv.url + "/metrics")[0] == 404
        assert get(srv.url + "/healthz")[0] == 404
        # The admin listener serves nothing else.
        assert get(admin + "/xmlrpc/2/common")[0] == 404
        status, body = get(admin + "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok"
        before = scrape(admin)
        assert count_partners(srv.object(), uid, key) >= 14
        after = scrape(admin)
        assert delta(before, after, "keygate_http_requests_total",
                     channel="xmlrpc", outcome="ok") == 1
        # The 404s on the public port were counted there, the admin requests not at all.
        assert value(after, "keygate_http_requests_total",
                     channel="other", outcome="not_found") == 2
    finally:
        srv.stop()


def test_healthz_unavailable_when_storage_is_not(tmp_path):
    if os.environ.get("KEYGATE_TEST_BACKEND") == "pg":
        # A PostgreSQL server that is not there.
        srv = Server(tmp_path, "--db-port", str(free_port())).start()
        gone = None
    else:
        data = tmp_path / "data"
        data.mkdir()
        srv = Server(data).start()
        gone = tmp_path / "moved"
    try:
        if gone is not None:
            assert get(srv.url + "/healthz")[0] == 200
            (tmp_path / "data").rename(gone)
        status, body = get(srv.url + "/healthz")
        assert status == 503
        doc = json.loads(body)
        assert doc["status"] == "unavailable"
        assert doc["reason"] in ("the data directory is not accessible",
                                 "the PostgreSQL server is unavailable")
    finally:
        srv.stop()


def test_failure_counters_do_not_tell_which_logins_exist(server):
    # One failed login for a login that does not exist and one for admin move the same series:
    # a reader of /metrics cannot tell them apart (the event log still can).
    common = server.common()
    before = scrape(server.url)
    assert common.authenticate(DB, unique_login("ghost"), "wrong", {}) is False
    mid = scrape(server.url)
    assert common.authenticate(DB, "admin", "wrong", {}) is False
    after = scrape(server.url)
    failures = "keygate_auth_failures_total"
    assert delta(before, mid, failures, reason="wrong_password") == 1
    assert delta(mid, after, failures, reason="wrong_password") == 1
    text = get(server.url + "/metrics")[1].decode("utf-8")
    for hidden in ("unknown_login", "user_archived", "password_refused_2fa"):
        assert 'reason="%s"' % hidden not in text


def test_calls_naming_a_missing_database_are_counted(server, api_user):
    # The log says reason=unknown_database; /metrics counts the same attempts, on every channel
    # that names a database: XML-RPC login and execute_kw, and JSON-2's X-Odoo-Database.
    _, uid, key = api_user
    before = scrape(server.url)
    with pytest.raises(xmlrpc.client.Fault):
        server.common().authenticate("nosuchdb", "admin", "admin", {})
    with pytest.raises(xmlrpc.client.Fault):
        server.object().execute_kw("nosuchdb", uid, key, "res.partner", "search_count", [[]])
    req = urllib.request.Request(server.url + "/json/2/res.partner/search_count", data=b"{}",
                                 headers={"Authorization": "bearer " + key,
                                          "X-Odoo-Database": "nosuchdb",
                                          "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 404
    after = scrape(server.url)
    assert delta(before, after, "keygate_auth_failures_total", reason="unknown_database") == 3
    assert delta(before, after, "keygate_auth_failures_total", reason="wrong_password") == 0
