"""The JSON-2 cases (`POST /json/2/<model>/<method>`, Odoo 19), run against the real Odoo 19 and
against keygate by test_json2.py. The world is that of world.py on both; the database is named by
the X-Odoo-Database header (each target's own name) unless a case says otherwise.

An answer is the HTTP status, the content type, the WWW-Authenticate header when there is one
(trimmed) and the body: JSON normalised as the other cases' (record ids to labels, Odoo's
traceback in "debug" reduced to its last line), or "<html>" for a page.
"""

import json
from dataclasses import dataclass
from typing import Callable

import requests

from targets import DB, R, S, reduce_traceback

IDS_METHODS = {"search", "create", "exists"}
ROW_METHODS = {"read", "search_read"}


@dataclass
class Json2Case:
    id: str
    run: Callable


JSON2_CASES = []

DIF = ["ref", "=like", "DIF-%"]
ANNA = R("res.partner", "Anna Alpha")
ALPHA = R("res.partner", "Alpha Widgets")


def normalise(t, model, method, status, ctype, body):
    if ctype != "application/json":
        return "<html>" if body.lstrip().startswith(b"<") else body.decode("utf-8", "replace")
    doc = json.loads(body)
    if status != 200:
        if isinstance(doc, dict) and isinstance(doc.get("debug"), str):
            doc["debug"] = reduce_traceback(doc["debug"])
        return t.normalise(doc)
    if method in IDS_METHODS:
        return t.normalise_ids(doc, model)
    if method == "name_search" and isinstance(doc, list):
        return [[t.label_of(model, r[0]), r[1]] for r in doc]
    if method in ROW_METHODS:
        return t.normalise(doc, model)
    if method == "web_search_read" and isinstance(doc, dict):
        return dict(doc, records=t.normalise(doc.get("records"), model))
    return t.normalise(doc)


def json2_case(cid, model, method, body=None, key=S("admin_key"), db=DB,
               ctype="application/json", http_method="POST", raw=None, authorization=None,
               path=None):
    """body: the arguments as a JSON object (refs resolved per target); raw: bytes sent as they
    are instead. key: the bearer key (None: no Authorization header); authorization: the header
    as given. db: the X-Odoo-Database header (None: none)."""
    assert all(c.id != cid for c in JSON2_CASES), cid

    def run(t):
        headers = {}
        if ctype is not None:
            headers["Content-Type"] = ctype
        if authorization is not None:
            headers["Authorization"] = authorization
        elif key is not None:
            headers["Authorization"] = "bearer " + t.resolve(key)
        if db is not None:
            headers["X-Odoo-Database"] = t.resolve(db)
        data = raw if raw is not None else json.dumps(t.resolve(body or {})).encode()
        url = t.url + (path or "/json/2/%s/%s" % (model, method))
        r = requests.request(http_method, url, data=data, headers=headers, timeout=60,
                             allow_redirects=False)
        ctype_out = r.headers.get("Content-Type", "").split(";")[0].strip()
        out = {"status": r.status_code, "type": ctype_out,
               "body": normalise(t, model, method, r.status_code, ctype_out, r.content)}
        if "WWW-Authenticate" in r.headers:
            # A field value's trailing whitespace is not part of it (RFC 9110, 5.5): Odoo sends
            # "Bearer ", which an HTTP layer may trim.
            out["www_authenticate"] = r.headers["WWW-Authenticate"].strip()
        return out
    JSON2_CASES.append(Json2Case(cid, run))


COUNT = {"domain": [DIF]}

# -- credentials and database ------------------------------------------------------------------
json2_case("auth.admin_key", "res.partner", "search_count", COUNT)
json2_case("auth.admin_key_null_scope", "res.partner", "search_count", COUNT,
           key=S("admin_key_null"))
json2_case("auth.demo_key", "res.partner", "search_count", COUNT, key=S("demo_key"))
json2_case("auth.portal_key", "res.partner", "search_count", COUNT, key=S("portal_key"))
json2_case("auth.missing", "res.partner", "search_count", COUNT, key=None)
json2_case("auth.wrong", "res.partner", "search_count", COUNT, key="not a key")
json2_case("auth.password", "res.partner", "search_count", COUNT, key=S("admin_pw"))
json2_case("auth.revoked", "res.partner", "search_count", COUNT, key=S("revoked_key"))
json2_case("auth.expired", "res.partner", "search_count", COUNT, key=S("expired_key"))
json2_case("auth.other_scope", "res.partner", "search_count", COUNT, key=S("scope_key"))
json2_case("auth.scheme_capitalised", "res.partner", "search_count", COUNT,
           authorization="Bearer not a key")
json2_case("auth.scheme_basic", "res.partner", "search_count", COUNT,
           authorization="Basic YWRtaW46YWRtaW4=")
json2_case("auth.empty_bearer", "res.partner", "search_count", COUNT, authorization="bearer ")
json2_case("db.unknown", "res.partner", "search_count", COUNT, db="nodb")
json2_case("db.header_missing", "res.partner", "search_count", COUNT, db=None)
json2_case("db.unknown.no_key", "res.partner", "search_count", COUNT, db="nodb", key=None)

# -- routing, HTTP and bodies ------------------------------------------------------------------
json2_case("route.unknown_model", "res.nosuch", "search_count", COUNT)
json2_case("route.unknown_method", "res.partner", "foo_bar", {})
json2_case("route.private_method", "res.partner", "_foo", {})
json2_case("route.name_get", "res.partner", "name_get", {"ids": [ANNA]})
json2_case("route.search_fetch", "res.partner", "search_fetch", {"domain": [], "field_names": []})
json2_case("route.unknown_model.no_key", "res.nosuch", "search_count", COUNT, key=None)
json2_case("route.no_method", "res.partner", None, {}, path="/json/2/res.partner")
json2_case("route.get", "res.partner", "search_count", COUNT, http_method="GET")
json2_case("body.text_plain", "res.partner", "search_count", COUNT, ctype="text/plain")
json2_case("body.no_content_type", "res.partner", "search_count", COUNT, ctype=None)
json2_case("body.not_json", "res.partner", "search_count", raw=b"{not json")
json2_case("body.list", "res.partner", "search_count", raw=b"[]")
json2_case("body.empty", "res.partner", "search_count", raw=b"")
json2_case("body.empty_object", "res.partner", "search_count", raw=b"{}")
json2_case("body.unknown_argument", "res.partner", "search_count", {"domain": [], "bogus": 1})
json2_case("body.ids_to_model_method", "res.partner", "search", {"ids": [ANNA], "domain": []})
json2_case("body.missing_argument", "res.partner", "search", {})
json2_case("body.context_string", "res.partner", "search_count", {"domain": [DIF],
                                                                  "context": "x"})

# -- methods -------------------------------------------------------------------------------------
json2_case("search", "res.partner", "search", {"domain": [DIF], "order": "name", "limit": 3,
                                               "offset": 1})
json2_case("search_read", "res.partner", "search_read",
           {"domain": [DIF], "fields": ["name", "city", "parent_id", "email"], "order": "ref"})
json2_case("search_read.limit", "res.partner", "search_read",
           {"domain": [DIF], "fields": ["name"], "order": "name desc", "limit": 2})
json2_case("read", "res.partner", "read", {"ids": [ANNA, ALPHA], "fields": ["name", "email"]})
json2_case("read.missing", "res.partner", "read", {"ids": [999999], "fields": ["name"]})
json2_case("read.missing_and_existing", "res.partner", "read",
           {"ids": [999999, ANNA], "fields": ["name"]})
json2_case("read.unknown_field", "res.partner", "read", {"ids": [ANNA], "fields": ["nosuch"]})
json2_case("read.ids_not_list", "res.partner", "read", {"ids": ANNA, "fields": ["name"]})
json2_case("name_search.domain", "res.partner", "name_search",
           {"name": "Alpha", "domain": [DIF, ["is_company", "=", True]]})
json2_case("name_search.args", "res.partner", "name_search",
           {"name": "Alpha", "args": [DIF, ["is_company", "=", True]]})
json2_case("name_search.limit", "res.partner", "name_search",
           {"name": "Beta", "domain": [DIF], "limit": 2})
json2_case("fields_get", "res.partner", "fields_get",
           {"allfields": ["name", "email", "parent_id"],
            "attributes": ["string", "type", "relation", "required"]})
json2_case("has_access", "res.partner", "has_access", {"ids": [ANNA], "operation": "write"})
json2_case("has_access.demo", "res.groups", "has_access", {"operation": "create"},
           key=S("demo_key"))
json2_case("exists", "res.partner", "exists", {"ids": [ANNA, 999999]})
json2_case("search_count.context", "res.partner", "search_count",
           {"domain": [DIF, ["active", "=", False]], "context": {"active_test": False}})
json2_case("create", "res.partner", "create",
           {"vals_list": [{"name": "Jay Two", "ref": "J2-1"}]})
json2_case("create.dict", "res.partner", "create", {"vals_list": {"name": "Jay Dict",
                                                                  "ref": "J2-2"}})
json2_case("create.unknown_field", "res.partner", "create",
           {"vals_list": [{"name": "Jay", "nosuch": 1}]})
json2_case("write", "res.partner", "write",
           {"ids": [R("res.partner", "Scratch One")], "vals": {"function": "Json Two"}})
json2_case("write.missing", "res.partner", "write", {"ids": [999999], "vals": {"function": "x"}})
json2_case("unlink.missing", "res.partner", "unlink", {"ids": [999999]})
json2_case("search_read.created", "res.partner", "search_read",
           {"domain": [["ref", "=like", "J2-%"]], "fields": ["name", "ref"], "order": "ref"})

# -- rights ------------------------------------------------------------------------------------
json2_case("demo.groups.create", "res.groups", "create", {"vals_list": [{"name": "G"}]},
           key=S("demo_key"))
json2_case("demo.users.write_admin", "res.users", "write",
           {"ids": [2], "vals": {"signature": "<p>x</p>"}}, key=S("demo_key"))
json2_case("portal.partner.read_other", "res.partner", "read",
           {"ids": [ANNA], "fields": ["name"]}, key=S("portal_key"))
json2_case("portal.partner.search_count", "res.partner", "search_count", COUNT,
           key=S("portal_key"))
json2_case("portal.partner.create", "res.partner", "create",
           {"vals_list": [{"name": "By portal"}]}, key=S("portal_key"))
