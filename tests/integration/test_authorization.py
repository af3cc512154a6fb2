"""Authorization end to end with xmlrpc.client: groups, access rights in Odoo's exact words,
record rules, per-key scopes, and the CLI that manages them (`keygate group ...`, `keygate user
show`, `keygate access check`).

The permission matrix is computed from the shipped schema/access/ir.model.access.csv, the group
implications reported by `keygate group list --json` and the model descriptions in
schema/models/*.json, and checked call by call against the running server.
"""

import csv
import json
import pathlib
import xmlrpc.client

import pytest

from conftest import DB, rule_violation, unique_login

ROOT = pathlib.Path(__file__).resolve().parents[2]
ACCESS_CSV = ROOT / "schema" / "access" / "ir.model.access.csv"
MODELS_DIR = ROOT / "schema" / "models"
OPERATIONS = ["read", "write", "create", "unlink"]
VERB = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}

SALE_READ_DENIED = (
    "You are not allowed to access 'Sales Order' (sale.order) records.\n\n"
    "This operation is allowed for the following groups:\n"
    "\t- Sales/Administrator\n"
    "\t- Sales/User: Own Documents Only\n\n"
    "Contact your administrator to request access if necessary."
)


def fault(call):
    with pytest.raises(xmlrpc.client.Fault) as info:
        call()
    return info.value


def add_user(cli, prefix, groups=(), name=None):
    """An internal user in `groups` (full names or external ids), with a 30-day API key."""
    login = unique_login(prefix)
    args = ["user", "add", "--db", DB, login, "--name", name or login]
    for g in groups:
        args += ["--group", g]
    uid = int(cli.run(*args).stdout.strip())
    key = cli.new_key(login, name="authz", expires_days=30)
    return login, uid, key


def kw(models, uid, key, model, method, args, kwargs=None):
    return models.execute_kw(DB, uid, key.key, model, method, args, kwargs or {})


@pytest.fixture(scope="module")
def groups_info(cli, demo_db):
    return json.loads(cli.run("group", "list", "--db", DB, "--json").stdout)


@pytest.fixture(scope="module")
def manager(cli, server):
    """A Sales Administrator: creates the orders the record-rule tests look at."""
    return add_user(cli, "sales-admin", ["Sales / Administrator"], name="Sales Boss")


@pytest.fixture(scope="module")
def rpc(server):
    """/xmlrpc/2/object for the module-scoped fixtures."""
    return server.object()


@pytest.fixture(scope="module")
def customer_id(rpc, manager):
    login, uid, key = manager
    ids = kw(rpc, uid, key, "res.partner", "search", [[("customer_rank", ">", 0)]],
             {"limit": 1})
    assert ids, "the demo database has no customer"
    return ids[0]


# ---- The seed's "Fix 6": denied with the groups named, granted, allowed, revoked, denied ----

def test_fix6_grant_and_revoke_take_effect_on_the_next_call(cli, server, models):
    login, uid, key = add_user(cli, "fix6")
    call = lambda: models.execute_kw(DB, uid, key.key, "sale.order", "search_read", [[]],
                                     {"fields": ["name", "partner_id"], "limit": 5})
    f = fault(call)
    assert f.faultCode == 4
    assert f.faultString == SALE_READ_DENIED

    cli.run("group", "grant", "--db", DB, login, "Sales / User: All Documents")
    rows = call()
    assert isinstance(rows, list)
    assert all(set(r) == {"id", "name", "partner_id"} for r in rows)

    cli.run("group", "revoke", "--db", DB, login, "Sales/User: All Documents")
    f = fault(call)
    assert f.faultCode == 4
    assert f.faultString == SALE_READ_DENIED


def test_fix6_same_answer_on_jsonrpc(cli, server):
    import json as _json
    import urllib.request
    login, uid, key = add_user(cli, "fix6-json")
    body = _json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw",
        "args": [DB, uid, key.key, "sale.order", "search_count", [[]]]}}).encode()
    req = urllib.request.Request(server.url + "/jsonrpc", body,
                                 {"Content-Type": "application/json"})
    answer = _json.loads(urllib.request.urlopen(req, timeout=15).read())
    assert answer["error"]["data"]["name"] == "odoo.exceptions.AccessError"
    assert answer["error"]["data"]["message"] == SALE_READ_DENIED


# ---- Record rules ----

@pytest.fixture(scope="module")
def orders(cli, rpc, manager, customer_id):
    """Three orders: one for each of two salespeople, one without salesperson."""
    s1 = add_user(cli, "own-1", ["sales_team.group_sale_salesman"], name="Own One")
    s2 = add_user(cli, "own-2", ["Sales / User: Own Documents Only"], name="Own Two")
    login, uid, key = manager
    made = {}
    for label, user_id in (("s1", s1[1]), ("s2", s2[1]), ("none", False)):
        made[label] = kw(rpc, uid, key, "sale.order", "create",
                         [{"partner_id": customer_id, "user_id": user_id}])
    return {"s1": s1, "s2": s2, "ids": made}


def test_own_documents_sees_only_its_own_orders(models, orders, manager):
    login, uid, key = orders["s1"]
    rows = kw(models, uid, key, "sale.order", "search_read", [[]], {"fields": ["user_id"]})
    seen = {r["id"] for r in rows}
    assert orders["ids"]["s1"] in seen
    assert orders["ids"]["none"] in seen  # Odoo's rule: own orders and unassigned ones
    assert orders["ids"]["s2"] not in seen
    assert all(r["user_id"] is False or r["user_id"][0] == uid for r in rows)
    # Everything the rule lets through, and nothing else.
    m_login, m_uid, m_key = manager
    everything = kw(models, m_uid, m_key, "sale.order", "search_read", [[]],
                    {"fields": ["user_id"]})
    expected = {r["id"] for r in everything if r["user_id"] is False or r["user_id"][0] == uid}
    assert seen == expected
    assert kw(models, uid, key, "sale.order", "search_count", [[]]) == len(expected)


def test_all_documents_sees_every_order(cli, models, orders, manager):
    login, uid, key = add_user(cli, "all-docs", ["Sales / User: All Documents"])
    m_login, m_uid, m_key = manager
    mine = kw(models, uid, key, "sale.order", "search", [[]])
    assert set(orders["ids"].values()) <= set(mine)
    assert sorted(mine) == sorted(kw(models, m_uid, m_key, "sale.order", "search", [[]]))


def test_reading_another_salespersons_order_by_id_is_refused(models, orders):
    login, uid, key = orders["s1"]
    other = orders["ids"]["s2"]
    f = fault(lambda: kw(models, uid, key, "sale.order", "read", [[other]], {"fields": ["name"]}))
    assert f.faultCode == 4


def test_writing_another_salespersons_order_gives_odoos_rule_error(models, orders):
    login, uid, key = orders["s1"]
    other = orders["ids"]["s2"]
    f = fault(lambda: kw(models, uid, key, "sale.order", "write", [[other], {"note": "x"}]))
    assert f.faultCode == 4
    assert f.faultString == rule_violation("Own One", uid, "write", "Sales Order", "sale.order")
    # Its own order it may change.
    assert kw(models, uid, key, "sale.order", "write", [[orders["ids"]["s1"]], {"note": "ok"}])


# ---- Per-key scopes ----

def test_readonly_key_cannot_write_although_its_user_may(cli, models, orders):
    login, uid, _ = orders["s1"]
    ro = cli.new_key(login, name="read only", scope="rpc:readonly", expires_days=30)
    own = orders["ids"]["s1"]
    assert kw(models, uid, ro, "sale.order", "read", [[own]], {"fields": ["name"]})
    f = fault(lambda: kw(models, uid, ro, "sale.order", "write", [[own], {"note": "no"}]))
    assert f.faultCode == 4
    assert f.faultString == (
        "API key does not have sufficient permissions: this key may not write 'sale.order' "
        "records (its scope is 'rpc:readonly').")
    # The user's global key still writes.
    assert kw(models, uid, orders["s1"][2], "sale.order", "write", [[own], {"note": "yes"}])


def test_model_list_scope(cli, models, orders):
    login, uid, _ = orders["s1"]
    k = cli.new_key(login, name="orders only", scope="rpc:sale.order:read,write",
                    expires_days=30)
    assert isinstance(kw(models, uid, k, "sale.order", "search", [[]]), list)
    f = fault(lambda: kw(models, uid, k, "res.partner", "search", [[]]))
    assert f.faultString == (
        "API key does not have sufficient permissions: this key may not read 'res.partner' "
        "records (its scope is 'rpc:sale.order:read,write').")
    f = fault(lambda: kw(models, uid, k, "sale.order", "unlink", [[]]))
    # The user lacks unlink itself: Odoo's own message comes first.
    assert f.faultString.startswith("You are not allowed to delete 'Sales Order'")


def test_scope_never_exceeds_the_user(cli, models):
    login, uid, _ = add_user(cli, "scope-exceed")
    k = cli.new_key(login, name="wide", scope="rpc:sale.order:all", expires_days=30)
    f = fault(lambda: kw(models, uid, k, "sale.order", "search", [[]]))
    assert f.faultString == SALE_READ_DENIED


def test_invalid_scope_is_refused_at_creation(cli):
    login, uid, _ = add_user(cli, "scope-bad")
    proc = cli.run("key", "new", "--db", DB, login, "--name", "bad", "--scope",
                   "rpc:sale.order:delete", "--expires-days", "1", check=False)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "invalid API key scope 'rpc:sale.order:delete': unknown operation 'delete'" in \
        proc.stderr


def test_narrowed_keys_authenticate_and_other_odoo_scopes_never_do(cli, server, models):
    login, uid, _ = add_user(cli, "scope-auth")
    narrowed = cli.new_key(login, name="ro", scope="rpc:readonly", expires_days=30)
    assert server.common().authenticate(DB, login, narrowed.key, {}) == uid
    other = cli.new_key(login, name="plugin", scope="odoo.plugin.outlook", expires_days=30,
                        force=True)
    assert server.common().authenticate(DB, login, other.key, {}) is False
    f = fault(lambda: kw(models, uid, other, "res.partner", "search", [[]]))
    assert f.faultCode == 3
    assert f.faultString == "Access Denied"


# ---- CLI ----

def test_group_list_shows_odoos_groups(groups_info):
    by_xml = {g["xml_id"]: g for g in groups_info if g["xml_id"]}
    assert by_xml["sales_team.group_sale_salesman"]["full_name"] == \
        "Sales / User: Own Documents Only"
    assert by_xml["sales_team.group_sale_manager"]["implied"] == ["Sales / User: All Documents"]
    assert by_xml["sales_team.group_sale_salesman_all_leads"]["implied"] == \
        ["Sales / User: Own Documents Only"]
    assert by_xml["sales_team.group_sale_salesman"]["implied"] == ["User types / Internal User"]
    assert by_xml["account.group_account_invoice"]["full_name"] == "Accounting / Invoicing"
    assert by_xml["account.group_account_manager"]["implied"] == ["Accounting / Invoicing"]
    assert by_xml["stock.group_stock_user"]["full_name"] == "Inventory / User"
    assert by_xml["stock.group_stock_manager"]["implied"] == ["Inventory / User"]
    assert by_xml["base.group_system"]["full_name"] == "Administration / Settings"
    assert by_xml["base.group_erp_manager"]["full_name"] == "Administration / Access Rights"
    assert by_xml["base.group_user"]["api_key_duration"] == 90


def test_unknown_group_lists_close_matches(cli, demo_db):
    login = unique_login("grp")
    cli.run("user", "add", "--db", DB, login)
    proc = cli.run("group", "grant", "--db", DB, login, "Sales / Users", check=False)
    assert proc.returncode == 1
    assert 'no group "Sales / Users"; did you mean:' in proc.stderr
    assert "Sales / User: All Documents" in proc.stderr


def test_user_show(cli, demo_db):
    login, uid, key = add_user(cli, "show", ["Sales / Administrator"])
    info = json.loads(cli.run("user", "show", "--db", DB, login, "--json").stdout)
    assert info["id"] == uid
    # `user add` makes an internal user as Odoo does (Internal User, Contact Creation, Access to
    # export feature), and stores the groups its groups imply with them, as Odoo stores them.
    groups = ["Extra Rights / Contact Creation", "Extra Rights / Technical Features",
              "Sales / Administrator", "Sales / User: All Documents",
              "Sales / User: Own Documents Only", "Technical / Access to export feature",
              "User types / Internal User"]
    assert info["groups"] == groups
    assert info["effective_groups"] == groups
    assert [k["id"] for k in info["keys"]] == [key.id]
    text = cli.run("user", "show", "--db", DB, login).stdout
    assert "Effective groups:" in text and login in text


def test_access_check_explains(cli, demo_db):
    login, uid, key = add_user(cli, "check", ["sales_team.group_sale_salesman"])
    ok = cli.run("access", "check", "--db", DB, login, "sale.order", "write")
    assert ok.stdout.startswith("allowed: ")
    assert "keygate.access_sale_order" in ok.stdout
    assert "Personal Orders" in ok.stdout
    denied = cli.run("access", "check", "--db", DB, login, "sale.order", "unlink", check=False)
    assert denied.returncode == 2
    assert denied.stdout.startswith("denied: ")
    assert "would be granted by: Sales/Administrator" in denied.stdout
    ro = cli.new_key(login, name="ro", scope="rpc:readonly", expires_days=30)
    by_key = cli.run("access", "check", "--db", DB, login, "sale.order", "write", "--key-id",
                     ro.id, check=False)
    assert by_key.returncode == 2
    assert "key scope 'rpc:readonly': does not allow it" in by_key.stdout
    assert "API key does not have sufficient permissions" in by_key.stdout


# ---- The permission matrix: users x shipped models x operations, against the CSV ----

MATRIX_GROUPS = [
    [],
    ["sales_team.group_sale_salesman"],
    ["sales_team.group_sale_salesman_all_leads"],
    ["sales_team.group_sale_manager"],
    ["account.group_account_invoice"],
    ["account.group_account_manager"],
    ["stock.group_stock_user"],
    ["stock.group_stock_manager"],
    ["base.group_erp_manager"],
    ["base.group_system"],
    ["sales_team.group_sale_salesman", "stock.group_stock_user"],
]


def load_acl():
    with open(ACCESS_CSV, newline="") as f:
        return list(csv.DictReader(f))


def model_descriptions():
    out = {}
    for path in MODELS_DIR.glob("*.json"):
        d = json.loads(path.read_text())
        out[d["model"]] = d.get("description") or d["model"]
    return out


def model_of_ref(ref, descriptions):
    name = ref.split(".")[-1]
    for m in descriptions:
        if "model_" + m.replace(".", "_") == name:
            return m
    raise AssertionError("the CSV names an undeclared model: " + ref)


def test_permission_matrix(cli, server, models, groups_info):
    acl = load_acl()
    descriptions = model_descriptions()
    by_xml = {g["xml_id"]: g for g in groups_info if g["xml_id"]}
    by_full = {g["full_name"]: g for g in groups_info}

    def closure(xml_ids):
        todo = [by_xml[x]["full_name"] for x in xml_ids]
        seen = set()
        while todo:
            g = todo.pop()
            if g not in seen:
                seen.add(g)
                todo.extend(by_full[g]["implied"])
        return {by_full[g]["xml_id"] for g in seen}

    def odoo_name(xml_id):
        g = by_xml[xml_id]
        return (g["category"] + "/" + g["name"]) if g["category"] else g["name"]

    def sort_key(xml_id):
        g = by_xml[xml_id]
        return (g["category"] is None, g["category"] or "", g["name"])

    shipped = sorted({model_of_ref(r["model_id:id"], descriptions) for r in acl})
    checked = 0
    for groups in MATRIX_GROUPS:
        login, uid, key = add_user(cli, "matrix", groups)
        effective = closure(["base.group_user", "base.group_partner_manager"] + groups)
        for model in shipped:
            rows = [r for r in acl if model_of_ref(r["model_id:id"], descriptions) == model]
            for op in OPERATIONS:
                granting = [r for r in rows if r["perm_" + op] == "1"]
                allowed = any(not r["group_id:id"] or r["group_id:id"] in effective
                              for r in granting)
                # Allowed: the policy's answer (some models refuse changes through the API
                # for reasons of their own). Denied: the real method, and the policy's answer.
                calls = {
                    "read": lambda: kw(models, uid, key, model, "search_read", [[]],
                                       {"fields": ["id"], "limit": 1}),
                    "write": lambda: kw(models, uid, key, model, "write", [[], {}]),
                    "create": lambda: kw(models, uid, key, model, "create", [{}]),
                    "unlink": lambda: kw(models, uid, key, model, "unlink", [[]]),
                }
                # Odoo 18: None when allowed (which XML-RPC cannot send) or the AccessError;
                # raise_exception=False answers a bool.
                check = lambda: kw(models, uid, key, model, "check_access_rights", [op])
                has = lambda: kw(models, uid, key, model, "check_access_rights", [op],
                                 {"raise_exception": False})
                where = "%s %s on %s" % (groups or ["base.group_user"], op, model)
                if allowed:
                    try:
                        assert has() is True, where
                        if op == "read":
                            calls[op]()
                    except xmlrpc.client.Fault as e:
                        raise AssertionError("%s: denied: %s" % (where, e.faultString))
                else:
                    names = sorted({r["group_id:id"] for r in granting if r["group_id:id"]},
                                   key=sort_key)
                    middle = ("This operation is allowed for the following groups:\n"
                              + "\n".join("\t- " + odoo_name(x) for x in names)
                              if names else "No group currently allows this operation.")
                    expected = ("You are not allowed to %s '%s' (%s) records.\n\n%s\n\n"
                                "Contact your administrator to request access if necessary."
                                % (VERB[op], descriptions[model], model, middle))
                    for call in (calls[op], check):
                        e = fault(call)
                        assert e.faultCode == 4, where
                        assert e.faultString == expected, where
                checked += 1
    assert checked == len(MATRIX_GROUPS) * len(shipped) * 4
