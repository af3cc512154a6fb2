"""Keys limited to some models cannot reach another model through a forwarded call (x2many
commands in values, dotted paths in domains, order and groupby), checked against the real Odoo 18;
the same key's plain calls and an unscoped key's nested calls go through unchanged."""

from conftest import ODOO_DB, ODOO_URL, new_key
from test_gateway import ADMIN_UID, call, raw_jsonrpc, raw_xmlrpc

SCOPE = "rpc:res.partner:read,write"


def refusal(op, model):
    return ("<Fault 4: \"API key does not have sufficient permissions: this key may not %s "
            "'%s' records (its scope is '%s').\">" % (op, model, SCOPE))


def test_a_partner_only_key_cannot_reach_other_models_through_a_partner_call(gateway):
    key = new_key("admin", "gw nested partners", "--scope", SCOPE)
    # One2many commands are operations on the comodel.
    assert call(gateway.url, key, "res.partner", "write",
                [[1], {"user_ids": [[4, ADMIN_UID]]}]) == refusal("read", "res.users")
    assert call(gateway.url, key, "res.partner", "write",
                [[1], {"user_ids": [[1, ADMIN_UID, {"login": "x"}]]}]) == refusal(
                    "write", "res.users")
    assert call(gateway.url, key, "res.partner", "write",
                [[1], {"child_ids": [[0, 0, {"name": "gw child"}]]}]) == refusal(
                    "create", "res.partner")
    assert call(gateway.url, key, "res.partner", "write",
                [[1], {"child_ids": [[0, 0, {"user_ids": [[0, 0, {"login": "gwx"}]]}]]}]) == (
                    refusal("create", "res.partner"))
    # Dotted paths read each hop, in domains (positional and keyword), order and groupby.
    assert call(gateway.url, key, "res.partner", "search",
                [[["user_ids.login", "=", "admin"]]]) == refusal("read", "res.users")
    assert call(gateway.url, key, "res.partner", "search_count", [],
                {"domain": [["user_ids", "any", [["login", "=", "admin"]]]]}) == refusal(
                    "read", "res.users")
    assert call(gateway.url, key, "res.partner", "search_read", [[]],
                {"fields": ["name"], "order": "company_id.name"}) == refusal(
                    "read", "res.company")
    assert call(gateway.url, key, "res.partner", "read_group",
                [[], ["id:count"], ["user_ids.login"]]) == refusal("read", "res.users")
    # JSON-RPC too, in Odoo's JSON format.
    answer = raw_jsonrpc(gateway.url, "object", "execute_kw",
                         [ODOO_DB, ADMIN_UID, key, "res.partner", "search",
                          [[["user_ids.login", "=", "admin"]]]]).json()
    assert answer["error"]["data"]["name"] == "odoo.exceptions.AccessError"
    assert answer["error"]["data"]["message"] == (
        "API key does not have sufficient permissions: this key may not read 'res.users' "
        "records (its scope is '%s')." % SCOPE)


def test_the_same_keys_plain_partner_calls_still_work(gateway):
    key = new_key("admin", "gw nested plain", "--scope", SCOPE)
    assert call(gateway.url, key, "res.partner", "write", [[1], {"ref": "gw nested"}]) is True
    found = call(gateway.url, key, "res.partner", "search", [[["ref", "=", "gw nested"]]])
    assert found == [1]
    # The record's own many2one by id and many2many links stay on res.partner.
    assert isinstance(call(gateway.url, key, "res.partner", "search",
                           [[["parent_id", "=", 1], ["parent_id.id", "in", [1]]]]), list)
    assert call(gateway.url, key, "res.partner", "write",
                [[1], {"category_id": [[6, 0, []]]}]) is True
    # A hop back into res.partner is within the scope.
    found = call(gateway.url, key, "res.partner", "search", [[["child_ids.name", "!=", False]]])
    assert isinstance(found, list) and found


def test_an_unscoped_keys_nested_calls_answer_byte_for_byte_as_odoo(gateway):
    full = new_key("admin", "gw nested full")
    calls = [
        ("search", [[["user_ids.login", "=", "admin"]]], {}),
        ("search_read", [[["user_ids", "any", [["login", "=", "admin"]]]]],
         {"fields": ["name"], "order": "id"}),
        ("read_group", [[], ["id:count"], ["company_id"]], {"orderby": "company_id"}),
        ("write", [[3], {"user_ids": [[4, ADMIN_UID]]}], {}),
    ]
    for method, args, kwargs in calls:
        params = [ODOO_DB, ADMIN_UID, full, "res.partner", method, args, kwargs]
        direct = raw_xmlrpc(ODOO_URL, "object", "execute_kw", params)
        through = raw_xmlrpc(gateway.url, "object", "execute_kw", params)
        assert direct.status_code == 200 and b"faultCode" not in direct.content, method
        assert (through.status_code, through.content) == (direct.status_code, direct.content)
