"""Odoo 19's JSON-2 API: POST /json/2/<model>/<method> with a bearer API key."""

import uuid

import requests

from conftest import ADMIN_UID, DB, SECRETS, Cli, Server, run_cli


def post(server, path, key=None, body=None, db=DB, scheme="bearer", headers=None):
    h = {"Content-Type": "application/json"}
    if key is not None:
        h["Authorization"] = "%s %s" % (scheme, key)
    if db is not None:
        h["X-Odoo-Database"] = db
    h.update(headers or {})
    return requests.post(server.url + path, json=body if body is not None else {}, headers=h,
                         timeout=30)


REASONS = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 422: "Unprocessable Entity"}


def assert_error(resp, status, name, message):
    """Odoo 19's error body: werkzeug's exceptions carry their status in arguments and debug."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["name"] == name
    assert body["message"] == message
    assert body["context"] == {}
    if name.startswith("werkzeug.exceptions."):
        assert body["arguments"] == [message, status]
        assert body["debug"] == "%s: %d %s: %s" % (name, status, REASONS[status], message)
    else:
        assert body["arguments"] == [message]
        assert body["debug"] == "%s: %s" % (name.replace("builtins.", ""), message)


def test_search_read_with_named_arguments(server, admin_key):
    resp = post(server, "/json/2/res.partner/search_read", admin_key,
                {"domain": [["is_company", "=", True]], "fields": ["name"], "limit": 2,
                 "order": "name asc"})
    assert resp.status_code == 200
    assert resp.json() == [{"id": 4, "name": "Azure Interior"}, {"id": 5, "name": "Deco Addict"}]


def test_ids_and_context(server, admin_key):
    resp = post(server, "/json/2/res.partner/read", admin_key,
                {"ids": [3], "fields": ["name", "email"], "context": {"lang": "en_US"}})
    assert resp.status_code == 200
    assert resp.json() == [{"id": 3, "name": "Mitchell Admin",
                            "email": "admin@yourcompany.example.com"}]


def test_scheme_is_case_insensitive(server, admin_key):
    for scheme in ("Bearer", "BEARER", "bearer"):
        resp = post(server, "/json/2/res.partner/search_count", admin_key,
                    {"domain": [["id", "=", 3]]}, scheme=scheme)
        assert resp.status_code == 200 and resp.json() == 1


def test_no_key_is_401_with_challenge(server):
    resp = post(server, "/json/2/res.partner/search_read")
    assert_error(resp, 401, "werkzeug.exceptions.Unauthorized",
                 "User not authenticated, use an API Key with a Bearer Authorization header.")
    assert resp.headers["WWW-Authenticate"].strip() == "Bearer"


def test_wrong_key_and_password_are_invalid_apikey(server):
    for secret in ("0" * 40, "admin"):
        resp = post(server, "/json/2/res.partner/search_read", secret)
        assert_error(resp, 401, "werkzeug.exceptions.Unauthorized", "Invalid apikey")
        assert resp.headers["WWW-Authenticate"].strip() == "Bearer"


def test_revoked_key_fails_on_the_next_call(server, cli):
    k = cli.new_key(name="json2 revoke")
    assert post(server, "/json/2/res.partner/search_count", k.key, {"domain": []}).status_code == 200
    cli.revoke(k.id)
    resp = post(server, "/json/2/res.partner/search_count", k.key, {"domain": []})
    assert_error(resp, 401, "werkzeug.exceptions.Unauthorized", "Invalid apikey")


def test_unknown_model_method_and_private_method(server, admin_key):
    assert_error(post(server, "/json/2/x.y/search", admin_key), 404,
                 "werkzeug.exceptions.NotFound", "the model 'x.y' does not exist")
    assert_error(post(server, "/json/2/res.partner/frobnicate", admin_key), 404,
                 "werkzeug.exceptions.NotFound", "The method 'res.partner.frobnicate' does not exist")
    assert_error(post(server, "/json/2/res.partner/_private", admin_key), 403,
                 "odoo.exceptions.AccessError",
                 "Private methods (such as 'res.partner._private') cannot be called remotely.")


def test_bad_arguments_are_422(server, admin_key):
    resp = post(server, "/json/2/res.partner/search", admin_key, {"domain": [], "bogus": 1})
    assert_error(resp, 422, "werkzeug.exceptions.UnprocessableEntity",
                 "got an unexpected keyword argument 'bogus'")
    assert_error(post(server, "/json/2/res.partner/search", admin_key, {}), 422,
                 "werkzeug.exceptions.UnprocessableEntity", "missing a required argument: 'domain'")
    assert_error(post(server, "/json/2/res.partner/search", admin_key,
                      {"ids": [3], "domain": []}), 422,
                 "werkzeug.exceptions.UnprocessableEntity",
                 "cannot call res.partner.search with ids")
    # Odoo 19 renamed name_search's args to domain
    assert_error(post(server, "/json/2/res.partner/name_search", admin_key,
                      {"name": "Azure", "args": []}), 422,
                 "werkzeug.exceptions.UnprocessableEntity",
                 "got an unexpected keyword argument 'args'")
    resp = post(server, "/json/2/res.partner/name_search", admin_key,
                {"name": "Azure", "domain": [["is_company", "=", True]]})
    assert resp.status_code == 200 and resp.json() == [[4, "Azure Interior"]]


def test_methods_odoo_19_made_private_are_403(server, admin_key):
    for method in ("exists", "search_fetch"):
        assert_error(post(server, "/json/2/res.partner/" + method, admin_key, {"ids": [3]}), 403,
                     "odoo.exceptions.AccessError",
                     "Private methods (such as 'res.partner.%s') cannot be called remotely."
                     % method)


def test_context_must_be_what_dict_accepts(server, admin_key):
    resp = post(server, "/json/2/res.partner/search_count", admin_key,
                {"domain": [], "context": "x"})
    assert_error(resp, 422, "builtins.ValueError",
                 "dictionary update sequence element #0 has length 1; 2 is required")


def test_missing_record_is_404(server, admin_key):
    resp = post(server, "/json/2/res.partner/write", admin_key,
                {"ids": [999999], "vals": {"name": "x"}})
    assert resp.status_code == 404
    assert resp.json()["name"] == "odoo.exceptions.MissingError"


def test_read_leaves_missing_records_out(server, admin_key):
    resp = post(server, "/json/2/res.partner/read", admin_key, {"ids": [999999], "fields": ["name"]})
    assert resp.status_code == 200
    assert resp.json() == []


def test_other_paths_get_the_hint(server, admin_key):
    hint = "Did you mean POST /json/2/<model>/<method>?"
    for path in ("/json/2", "/json/2/", "/json/2/res.partner", "/json/2/a/b/c"):
        assert_error(post(server, path, admin_key), 404, "werkzeug.exceptions.NotFound", hint)
    resp = requests.get(server.url + "/json/2/res.partner/search", timeout=10)
    assert_error(resp, 404, "werkzeug.exceptions.NotFound", hint)


def test_malformed_body_is_400_with_python_s_message(server, admin_key):
    resp = requests.post(server.url + "/json/2/res.partner/search_count", data=b"{not json",
                         headers={"Authorization": "bearer " + admin_key, "X-Odoo-Database": DB,
                                  "Content-Type": "application/json"}, timeout=10)
    assert_error(resp, 400, "werkzeug.exceptions.BadRequest",
                 "could not parse the body as json: Expecting property name enclosed in double "
                 "quotes: line 1 column 2 (char 1)")


def test_an_object_past_the_member_bound_is_refused(server, admin_key):
    # docs/security.md: at most 10,000 members per JSON object of a request.
    context = {"k%d" % i: i for i in range(10001)}
    resp = post(server, "/json/2/res.partner/search_count", admin_key,
                {"domain": [], "context": context})
    assert_error(resp, 400, "werkzeug.exceptions.BadRequest",
                 "could not parse the body as json: invalid JSON: an object holds more than "
                 "10000 members")
    del context["k0"]
    resp = post(server, "/json/2/res.partner/search_count", admin_key,
                {"domain": [], "context": context})
    assert resp.status_code == 200 and resp.json() > 0, resp.text


def test_a_body_that_is_no_object_adds_no_argument(server, admin_key):
    for body in (b"[]", b"", b"null"):
        resp = requests.post(server.url + "/json/2/res.partner/search_count", data=body,
                             headers={"Authorization": "bearer " + admin_key,
                                      "X-Odoo-Database": DB,
                                      "Content-Type": "application/json"}, timeout=10)
        assert_error(resp, 422, "werkzeug.exceptions.UnprocessableEntity",
                     "missing a required argument: 'domain'")


def test_a_body_not_json_by_its_content_type_is_415(server, admin_key):
    for headers in ({"Content-Type": "text/plain"}, {}):
        resp = requests.post(server.url + "/json/2/res.partner/search_count", data=b"{}",
                             headers=dict(headers, Authorization="bearer " + admin_key),
                             timeout=10)
        assert resp.status_code == 415
        assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
        assert "<title>415 Unsupported Media Type</title>" in resp.text


def test_unknown_database_is_404(server, admin_key):
    resp = post(server, "/json/2/res.partner/search_count", admin_key, {"domain": []}, db="nodb")
    assert resp.status_code == 404
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<p>No database is selected and the requested URL was not found" in resp.text


def test_key_alone_names_its_user_on_repeated_calls(server, cli):
    k = cli.new_key(name="json2 repeat")
    for _ in range(3):
        assert post(server, "/json/2/res.partner/search_count", k.key,
                    {"domain": []}).status_code == 200
    resp = post(server, "/json/2/res.users/context_get", k.key)
    assert resp.status_code == 200 and resp.json()["uid"] == ADMIN_UID


def test_database_header_optional_with_one_database_required_with_several(tmp_path):
    # Unique names and a dbfilter: on PostgreSQL the test server holds every database of the run.
    suffix = uuid.uuid4().hex[:8]
    one, two = "one" + suffix, "two" + suffix
    data = tmp_path / "data"
    data.mkdir()
    run_cli(data, "db", "create", one, "--demo")
    cli = Cli(data)
    k = cli.new_key(db=one, name="monodb")
    srv = Server(data, "--dbfilter", "^(%s|%s)$" % (one, two)).start()
    try:
        resp = post(srv, "/json/2/res.partner/search_count", k.key, {"domain": []}, db=None)
        assert resp.status_code == 200 and resp.json() >= 14
        run_cli(data, "db", "create", two)
        resp = post(srv, "/json/2/res.partner/search_count", k.key, {"domain": []}, db=None)
        assert resp.status_code == 404
        assert "X-Odoo-Database" in resp.json()["message"]
        resp = post(srv, "/json/2/res.partner/search_count", k.key, {"domain": []}, db=one)
        assert resp.status_code == 200
    finally:
        srv.stop()
        run_cli(data, "db", "drop", two)
        run_cli(data, "db", "drop", one)


def test_rate_limited_key_gets_429_with_retry_after(server, cli):
    proc = cli.run("key", "new", "--db", DB, "admin", "--name", "json2 rate", "--rate-limit",
                   "2/min")
    key = proc.stdout.strip()
    SECRETS.add(key)
    for _ in range(2):
        assert post(server, "/json/2/res.partner/search_count", key,
                    {"domain": []}).status_code == 200
    resp = post(server, "/json/2/res.partner/search_count", key, {"domain": []})
    assert resp.status_code == 429
    assert resp.json()["name"] == "werkzeug.exceptions.TooManyRequests"
    assert "rate limit" in resp.json()["message"]
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
