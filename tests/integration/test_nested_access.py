"""Every way a request reaches a model goes through the same decision (hardening issue, items 2,
10 and 12): x2many commands nested in a write or create, and dotted paths in a domain, are held
to the access right, the record rules and the key scope of every model they touch, as Odoo 18
holds them (fields.py One2many/Many2many.write_real; expression.py, where each hop is a
`comodel._search` under the caller).

A salesman ("Sales / User: Own Documents Only") owns order A with line LA; another salesman owns
order B with line LB. Each test works on a database of its own.
"""

import uuid
import xmlrpc.client

import pytest

from conftest import (ADMIN_LOGIN, ADMIN_UID, Cli, Server, rule_violation, scope_denial,
                      unique_login)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return Cli(tmp_path_factory.mktemp("keygate-nested"))


@pytest.fixture(scope="module")
def db(env):
    name = "nest-" + uuid.uuid4().hex[:8]
    env.run("db", "create", name, "--demo")
    return name


@pytest.fixture(scope="module")
def server(env, db):
    srv = Server(env.data_dir).start()
    yield srv
    srv.stop()


class Caller:
    def __init__(self, server, db, uid, key, name):
        self.server, self.db, self.uid, self.key, self.name = server, db, uid, key, name

    def __call__(self, model, method, args, kwargs=None):
        return self.server.object().execute_kw(self.db, self.uid, self.key, model, method, args,
                                               kwargs or {})

    def fault(self, model, method, args, kwargs=None):
        with pytest.raises(xmlrpc.client.Fault) as info:
            self(model, method, args, kwargs)
        return info.value


def salesman(env, server, db, name, scope=None):
    login = unique_login("own")
    uid = int(env.run("user", "add", "--db", db, login, "--name", name, "--group",
                      "Sales / User: Own Documents Only").stdout.strip())
    key = env.new_key(login, name="nested", scope=scope, expires_days=30, db=db)
    caller = Caller(server, db, uid, key.key, name)
    caller.login = login
    return caller


@pytest.fixture(scope="module")
def admin(env, server, db):
    return Caller(server, db, ADMIN_UID, env.new_key(ADMIN_LOGIN, name="nested", db=db).key,
                  "Mitchell Admin")


@pytest.fixture(scope="module")
def world(env, server, db, admin):
    one = salesman(env, server, db, "Own One")
    two = salesman(env, server, db, "Own Two")
    customer = admin("res.partner", "search", [[("customer_rank", ">", 0)]], {"limit": 1})[0]
    ids = {}
    for label, user in (("a", one), ("b", two)):
        order = admin("sale.order", "create", [{"partner_id": customer, "user_id": user.uid,
                                                 "order_line": [(0, 0, {"name": "line " + label,
                                                                        "price_unit": 100.0})]}])
        ids[label] = order
        ids["l" + label] = admin("sale.order.line", "search", [[("order_id", "=", order)]])[0]
    return {"one": one, "two": two, "ids": ids, "customer": customer}


def line(admin, line_id):
    return admin("sale.order.line", "read", [[line_id]], {"fields": ["order_id", "price_unit"]})[0]


def test_update_command_cannot_change_another_salesmans_line(world, admin):
    one, ids = world["one"], world["ids"]
    f = one.fault("sale.order", "write",
                  [[ids["a"]], {"order_line": [(1, ids["lb"], {"price_unit": 0.01})]}])
    assert f.faultCode == 4
    assert f.faultString == rule_violation("Own One", one.uid, "write", "Sales Order Line",
                                           "sale.order.line")
    assert line(admin, ids["lb"])["price_unit"] == 100.0
    # Its own line it may change that way.
    assert one("sale.order", "write",
               [[ids["a"]], {"order_line": [(1, ids["la"], {"price_unit": 90.0})]}]) is True
    assert line(admin, ids["la"])["price_unit"] == 90.0


def test_link_command_cannot_take_another_salesmans_line(world, admin):
    one, ids = world["one"], world["ids"]
    f = one.fault("sale.order", "write", [[ids["a"]], {"order_line": [(4, ids["lb"])]}])
    assert f.faultCode == 4
    assert f.faultString == rule_violation("Own One", one.uid, "read", "Sales Order Line",
                                           "sale.order.line")
    assert line(admin, ids["lb"])["order_id"][0] == ids["b"]


def test_replace_command_cannot_take_another_salesmans_line(world, admin):
    one, ids = world["one"], world["ids"]
    f = one.fault("sale.order", "write",
                  [[ids["a"]], {"order_line": [(6, 0, [ids["la"], ids["lb"]])]}])
    assert f.faultCode == 4
    assert line(admin, ids["lb"])["order_id"][0] == ids["b"]
    assert line(admin, ids["la"])["order_id"][0] == ids["a"]


@pytest.mark.parametrize("command", [(2, None), (3, None)])
def test_delete_and_cut_commands_cannot_remove_another_salesmans_line(world, admin, command):
    one, ids = world["one"], world["ids"]
    f = one.fault("sale.order", "write",
                  [[ids["a"]], {"order_line": [(command[0], ids["lb"])]}])
    assert f.faultCode == 4
    # The line's order_id cascades: cutting it deletes it, so both are an unlink.
    assert f.faultString == rule_violation("Own One", one.uid, "unlink", "Sales Order Line",
                                           "sale.order.line")
    assert line(admin, ids["lb"])["order_id"][0] == ids["b"]


def test_key_scope_holds_for_the_lines_an_order_write_touches(env, server, db, world, admin):
    scope = "rpc:sale.order:read,write"
    scoped = salesman(env, server, db, "Scoped One", scope=scope)
    order = admin("sale.order", "create", [{"partner_id": world["customer"], "user_id": scoped.uid,
                                            "order_line": [(0, 0, {"name": "own line"})]}])
    own_line = admin("sale.order.line", "search", [[("order_id", "=", order)]])[0]
    for command, op in (((0, 0, {"name": "sneaked in"}), "create"),
                        ((1, own_line, {"price_unit": 0.01}), "write"),
                        ((2, own_line), "unlink"),
                        ((3, own_line), "unlink")):
        f = scoped.fault("sale.order", "write", [[order], {"order_line": [command]}])
        assert f.faultCode == 4
        assert f.faultString == scope_denial(op, "sale.order.line", scope)
    assert admin("sale.order.line", "search_count", [[("order_id", "=", order)]]) == 1
    # Creating an order with lines needs the scope to create lines too.
    all_orders = "rpc:sale.order:all"
    key = env.new_key(scoped.login, name="orders", scope=all_orders,
                      expires_days=30, db=db).key
    orders_only = Caller(server, db, scoped.uid, key, "Scoped One")
    f = orders_only.fault("sale.order", "create",
                          [{"partner_id": world["customer"],
                            "order_line": [(0, 0, {"name": "sneaked in"})]}])
    assert f.faultString == scope_denial("create", "sale.order.line", all_orders)
    assert admin("sale.order.line", "search_count", [[("name", "=", "sneaked in")]]) == 0


def test_nested_commands_cannot_write_the_read_only_groups(world, admin):
    uid = world["one"].uid
    group = admin("res.groups", "search", [[("name", "=", "Administrator")]], {"limit": 1})[0]
    for command, verb in (((0, 0, {"name": "evil"}), "create"),
                          ((1, group, {"name": "renamed"}), "modify"),
                          ((2, group), "delete")):
        f = admin.fault("res.users", "write", [[uid], {"groups_id": [command]}])
        assert f.faultCode == 4
        assert f.faultString == ("You are not allowed to %s 'Access Groups' (res.groups) records "
                                 "through the API." % verb)
    assert admin("res.groups", "search_count", [[("name", "=", "evil")]]) == 0
    assert admin("res.groups", "read", [[group]], {"fields": ["name"]})[0]["name"] == \
        "Administrator"


def test_dotted_path_cannot_search_a_model_the_key_may_not_read(env, server, db, world, admin):
    scope = "rpc:sale.order.line:read"
    key = env.new_key(ADMIN_LOGIN, name="lines only", scope=scope, db=db).key
    lines_only = Caller(server, db, ADMIN_UID, key, "Mitchell Admin")
    assert lines_only("sale.order.line", "search_count", [[]]) >= 2
    f = lines_only.fault("sale.order.line", "search_count",
                         [[("order_id.partner_id.email", "=like", "a%")]])
    assert f.faultCode == 4
    assert f.faultString == scope_denial("read", "sale.order", scope)
    f = lines_only.fault("sale.order.line", "search_count", [[("order_id", "ilike", "S0")]])
    assert f.faultString == scope_denial("read", "sale.order", scope)



def test_cutting_all_links_of_a_one2many_needs_the_read_of_its_lines(env, server, db, world, admin):
    # (5,) and (6, 0, ids) find the current lines with a search as the caller (Odoo's
    # comodel.search): a key that may write orders and lines but not read lines is refused.
    scope = "rpc:sale.order:read,write;sale.order.line:write,unlink"
    key = env.new_key(ADMIN_LOGIN, name="no line reads", scope=scope, db=db).key
    blind = Caller(server, db, ADMIN_UID, key, "Mitchell Admin")
    order = world["ids"]["b"]
    before = admin("sale.order.line", "search_count", [[("order_id", "=", order)]])
    for command in ((5,), (6, 0, [])):
        f = blind.fault("sale.order", "write", [[order], {"order_line": [command]}])
        assert f.faultCode == 4
        assert f.faultString == scope_denial("read", "sale.order.line", scope)
    assert admin("sale.order.line", "search_count", [[("order_id", "=", order)]]) == before
