"""/xmlrpc/2/object: execute_kw and execute on res.partner and res.users, with Odoo's answers
for bad credentials, unknown models and methods, private methods and malformed calls.
"""

import xmlrpc.client

import pytest

from conftest import (ADMIN_UID, DB, DEMO_NAMES, DEMO_PARTNERS, partner_ids_by_name,
                      random_key, sql, unique_login)

IN_DEMO = ("name", "in", DEMO_NAMES)


def kw(models, key, model, method, args, kwargs=None, uid=ADMIN_UID):
    if kwargs is None:
        return models.execute_kw(DB, uid, key, model, method, args)
    return models.execute_kw(DB, uid, key, model, method, args, kwargs)


def fault(fn, *args):
    with pytest.raises(xmlrpc.client.Fault) as e:
        fn(*args)
    return e.value


# --- reading -------------------------------------------------------------------------------


def test_search_read_fields_limit_offset_order(models, admin_key):
    rows = kw(models, admin_key, "res.partner", "search_read", [[IN_DEMO]],
              {"fields": ["name", "email"], "limit": 4, "offset": 3, "order": "name asc"})
    expected = sorted(DEMO_PARTNERS)[3:7]
    assert [r["name"] for r in rows] == [p[0] for p in expected]
    assert [r["email"] for r in rows] == [p[1] for p in expected]
    for r in rows:
        assert set(r) == {"id", "name", "email"}


def test_search_read_order_desc_and_two_keys(models, admin_key):
    rows = kw(models, admin_key, "res.partner", "search_read", [[IN_DEMO]],
              {"fields": ["name", "city"], "order": "city desc, name asc"})
    expected = sorted(DEMO_PARTNERS, key=lambda p: p[0])
    expected = sorted(expected, key=lambda p: p[2], reverse=True)
    assert [(r["city"], r["name"]) for r in rows] == [(p[2], p[0]) for p in expected]


def test_search_read_default_order_is_complete_name(models, admin_key):
    rows = kw(models, admin_key, "res.partner", "search_read", [[IN_DEMO]], {"fields": ["name"]})
    assert [r["name"] for r in rows] == sorted(DEMO_NAMES)


def test_search_read_positional_fields(models, admin_key):
    rows = kw(models, admin_key, "res.partner", "search_read",
              [[("name", "=", "Deco Addict")], ["email"]])
    assert len(rows) == 1
    assert set(rows[0]) == {"id", "email"}
    assert rows[0]["email"] == "deco_addict@example.com"


def test_search_and_read(models, admin_key):
    ids = kw(models, admin_key, "res.partner", "search", [[IN_DEMO]],
             {"order": "name desc", "limit": 3})
    assert isinstance(ids, list) and len(ids) == 3
    assert all(isinstance(i, int) for i in ids)
    rows = kw(models, admin_key, "res.partner", "read", [ids], {"fields": ["name", "is_company"]})
    assert [r["id"] for r in rows] == ids  # read keeps the order of the ids given
    by_name = {p[0]: p for p in DEMO_PARTNERS}
    assert [r["name"] for r in rows] == sorted(DEMO_NAMES, reverse=True)[:3]
    for r in rows:
        assert set(r) == {"id", "name", "is_company"}
        assert r["is_company"] is by_name[r["name"]][3]


def test_read_many2one_and_empty_values(models, admin_key):
    ids = partner_ids_by_name(models, admin_key)
    row = kw(models, admin_key, "res.partner", "read", [[ids["Deco Addict"]]],
             {"fields": ["company_id", "parent_id", "mobile"]})[0]
    assert row["company_id"] == [1, "My Company"]
    # Empty many2one and empty char fields read as False, as Odoo 18 sends them.
    assert row["parent_id"] is False
    assert row["mobile"] is False


def test_search_count(models, admin_key):
    assert kw(models, admin_key, "res.partner", "search_count", [[IN_DEMO]]) == 14
    assert kw(models, admin_key, "res.partner", "search_count",
              [[("city", "=", "Fremont")]]) == 3


def test_search_read_res_users(models, admin_key):
    rows = kw(models, admin_key, "res.users", "search_read", [[("login", "=", "admin")]],
              {"fields": ["login", "name"]})
    assert rows == [{"id": ADMIN_UID, "login": "admin", "name": "Mitchell Admin"}]


def test_archived_records_are_not_searched(models, admin_key):
    # OdooBot (partner 2) is archived in every database, as in Odoo.
    assert kw(models, admin_key, "res.partner", "search_count", [[("name", "=", "OdooBot")]]) == 0
    assert kw(models, admin_key, "res.partner", "search_count",
              [[("name", "=", "OdooBot"), ("active", "=", False)]]) == 1


def test_fields_get_with_attributes(models, admin_key):
    fields = kw(models, admin_key, "res.partner", "fields_get", [],
                {"attributes": ["string", "type"]})
    assert fields["name"] == {"string": "Name", "type": "char"}
    assert fields["email"] == {"string": "Email", "type": "char"}
    assert fields["is_company"] == {"string": "Is a Company", "type": "boolean"}
    assert {"id", "name", "email", "city", "parent_id", "company_id"} <= set(fields)
    rel = kw(models, admin_key, "res.partner", "fields_get", [["parent_id"]],
             {"attributes": ["type", "relation", "string"]})
    assert rel == {"parent_id": {"type": "many2one", "relation": "res.partner",
                                 "string": "Related Company"}}


def test_fields_get_without_attributes(models, admin_key):
    fields = kw(models, admin_key, "res.users", "fields_get", [])
    assert fields["login"]["type"] == "char"
    assert isinstance(fields["login"]["string"], str)


def test_context_get(models, admin_key):
    ctx = kw(models, admin_key, "res.users", "context_get", [])
    assert isinstance(ctx, dict)
    assert "lang" in ctx and "tz" in ctx


def test_execute_non_kw(models, admin_key):
    rows = models.execute(DB, ADMIN_UID, admin_key, "res.partner", "search_read",
                          [("name", "=", "Deco Addict")], ["name", "email"])
    assert len(rows) == 1
    assert rows[0]["name"] == "Deco Addict"
    assert rows[0]["email"] == "deco_addict@example.com"
    assert models.execute(DB, ADMIN_UID, admin_key, "res.partner", "search_count",
                          [IN_DEMO]) == 14


def test_context_kwarg_is_accepted(models, admin_key):
    assert kw(models, admin_key, "res.partner", "search_count", [[IN_DEMO]],
              {"context": {"lang": "en_US", "active_test": True}}) == 14


def test_nil_values_with_allow_none(server, admin_key):
    models = server.object(allow_none=True)
    rows = models.execute_kw(DB, ADMIN_UID, admin_key, "res.partner", "search_read",
                             [[("name", "=", "Deco Addict")]],
                             {"fields": ["name"], "limit": None, "order": None})
    assert [r["name"] for r in rows] == ["Deco Addict"]
    # kwargs given as nil
    assert models.execute_kw(DB, ADMIN_UID, admin_key, "res.partner", "search_count",
                             [[IN_DEMO]], None) == 14


# --- domains -------------------------------------------------------------------------------

NAME, EMAIL, CITY, COMPANY = range(4)


def where(pred):
    return {p[NAME] for p in DEMO_PARTNERS if pred(p)}


DOMAINS = [
    ("eq", [("city", "=", "Fremont")], where(lambda p: p[CITY] == "Fremont")),
    ("ne", [("city", "!=", "Fremont")], where(lambda p: p[CITY] != "Fremont")),
    ("ne_legacy", [("city", "<>", "Fremont")], where(lambda p: p[CITY] != "Fremont")),
    ("lt", [("name", "<", "C")], where(lambda p: p[NAME] < "C")),
    ("gt", [("name", ">", "N")], where(lambda p: p[NAME] > "N")),
    ("le", [("name", "<=", "Deco Addict")], where(lambda p: p[NAME] <= "Deco Addict")),
    ("ge", [("name", ">=", "Wood Corner")], {"Wood Corner"}),
    ("in", [("city", "in", ["Tracy", "Stockton"])],
     where(lambda p: p[CITY] in ("Tracy", "Stockton"))),
    ("not_in", [("city", "not in", ["Tracy", "Stockton"])],
     where(lambda p: p[CITY] not in ("Tracy", "Stockton"))),
    ("like_is_case_sensitive", [("name", "like", "deco")], set()),
    ("like_contains", [("name", "like", "Deco")], {"Deco Addict"}),
    ("not_like", [("name", "not like", "o")], where(lambda p: "o" not in p[NAME])),
    ("ilike", [("name", "ilike", "deco")], {"Deco Addict"}),
    ("not_ilike", [("name", "not ilike", "o")], where(lambda p: "o" not in p[NAME].lower())),
    ("eq_like_pattern", [("name", "=like", "D%")], where(lambda p: p[NAME].startswith("D"))),
    ("eq_like_is_case_sensitive", [("name", "=like", "d%")], set()),
    ("eq_ilike_pattern", [("name", "=ilike", "d%")], where(lambda p: p[NAME].startswith("D"))),
    ("email_like", [("email", "like", "@example.com")],
     where(lambda p: "@example.com" in p[EMAIL])),
    ("bool_true", [("is_company", "=", True)], where(lambda p: p[COMPANY])),
    ("bool_false", [("is_company", "=", False)], where(lambda p: not p[COMPANY])),
    ("or", ["|", ("city", "=", "Tracy"), ("city", "=", "Turlock")],
     where(lambda p: p[CITY] in ("Tracy", "Turlock"))),
    ("not", ["!", ("is_company", "=", True)], where(lambda p: not p[COMPANY])),
    ("explicit_and", ["&", ("is_company", "=", True), ("city", "=", "Turlock")],
     {"The Jackson Group", "Wood Corner"}),
    ("implicit_and", [("is_company", "=", False), ("city", "=", "Fremont")],
     {"Brandon Freeman", "Colleen Diaz"}),
    ("nested", ["|", "!", ("city", "=", "Fremont"), ("name", "=ilike", "a%")],
     where(lambda p: p[CITY] != "Fremont" or p[NAME].lower().startswith("a"))),
    ("true_leaf", [(1, "=", 1)], set(DEMO_NAMES)),
    ("false_leaf", [(0, "=", 1)], set()),
    ("email_set", [("email", "!=", False)], set(DEMO_NAMES)),
    ("int_compare", [("customer_rank", ">", 0)], set(DEMO_NAMES)),
    ("int_compare_none", [("customer_rank", "<=", 0)], set()),
]


@pytest.mark.parametrize("domain,expected", [d[1:] for d in DOMAINS], ids=[d[0] for d in DOMAINS])
def test_domain_operators(models, admin_key, domain, expected):
    rows = kw(models, admin_key, "res.partner", "search_read", [[IN_DEMO] + domain],
              {"fields": ["name"]})
    assert {r["name"] for r in rows} == expected


def test_domain_false_matches_null(models, admin_key):
    rows = kw(models, admin_key, "res.partner", "search_read",
              [[("name", "in", DEMO_NAMES + ["My Company"]), ("email", "=", False)]],
              {"fields": ["name"]})
    assert [r["name"] for r in rows] == ["My Company"]


def test_domain_child_of_and_parent_of(models, admin_key):
    ids = partner_ids_by_name(models, admin_key)
    deco = ids["Deco Addict"]
    for op in ("child_of", "parent_of"):
        got = kw(models, admin_key, "res.partner", "search", [[("id", op, [deco])]])
        assert got == [deco], op
    assert kw(models, admin_key, "res.partner", "search", [[("id", "child_of", deco)]]) == [deco]


# Odoo raises ValueError (fault 1, with a traceback) for a bad domain or field name; keygate sends
# the traceback's last line (README "Differences from Odoo").


def test_domain_unknown_field_is_fault_1(models, admin_key):
    f = fault(kw, models, admin_key, "res.partner", "search", [[("no_such_field", "=", 1)]])
    assert f.faultCode == 1
    assert f.faultString == (
        "ValueError: Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)")


def test_domain_unknown_operator_is_fault_1(models, admin_key):
    f = fault(kw, models, admin_key, "res.partner", "search", [[("name", "~~", "x")]])
    assert f.faultCode == 1
    assert f.faultString == "ValueError: Invalid leaf ('name', '~~', 'x')"


def test_domain_malformed_is_fault_2(models, admin_key):
    f = fault(kw, models, admin_key, "res.partner", "search", [["|", ("name", "=", "x")]])
    assert f.faultCode == 2
    assert f.faultString


def test_read_unknown_field_is_fault(models, admin_key):
    f = fault(kw, models, admin_key, "res.partner", "search_read", [[]],
              {"fields": ["no_such_field"]})
    assert (f.faultCode, f.faultString) == (
        1, "ValueError: Invalid field 'no_such_field' on model 'res.partner'")


def test_order_injection_is_refused(models, admin_key):
    # Odoo's _check_qorder raises a UserError: fault 2.
    f = fault(kw, models, admin_key, "res.partner", "search", [[]],
              {"order": "name; DROP TABLE res_partner"})
    assert f.faultCode == 2
    assert f.faultString == (
        'Invalid "order" specified (name; DROP TABLE res_partner). A valid "order" specification'
        ' is a comma-separated list of valid field names (optionally followed by asc/desc for'
        ' the direction)')
    assert kw(models, admin_key, "res.partner", "search_count", [[IN_DEMO]]) == 14


# --- credential failures -------------------------------------------------------------------


def test_bad_key_is_fault_3_access_denied(models):
    f = fault(kw, models, random_key(), "res.partner", "search", [[]])
    assert f.faultCode == 3
    assert f.faultString == "Access Denied"


def test_uid_false_after_failed_authenticate_is_fault_3(models, common):
    bad = random_key()
    uid = common.authenticate(DB, "admin", bad, {})
    assert uid is False
    f = fault(kw, models, bad, "res.partner", "search_read", [[]], {"limit": 1}, uid)
    assert f.faultCode == 3
    assert f.faultString == "Access Denied"


def test_uid_false_with_valid_key_is_fault_3(models, admin_key):
    f = fault(kw, models, admin_key, "res.partner", "search", [[]], None, False)
    assert f.faultCode == 3
    assert f.faultString == "Access Denied"


def test_key_of_another_user_is_fault_3(models, cli):
    login = unique_login("other-user")
    cli.add_user(login)
    other_key = cli.new_key(login).key
    f = fault(kw, models, other_key, "res.partner", "search", [[]], None, ADMIN_UID)
    assert f.faultCode == 3
    assert f.faultString == "Access Denied"


def test_unknown_uid_is_odoos_missing_error(models, admin_key):
    # Odoo's security.check reads the user's `active` first: a missing record.
    f = fault(kw, models, admin_key, "res.partner", "search", [[]], None, 999999)
    assert f.faultCode == 2
    assert f.faultString == ("Record does not exist or has been deleted.\n"
                             "(Record: res.users(999999,), User: 999999)")


# --- model and method errors ---------------------------------------------------------------


def test_unknown_model_is_fault_2(models, admin_key):
    f = fault(kw, models, admin_key, "x.y", "search", [[]])
    assert f.faultCode == 2
    assert f.faultString == "Object x.y doesn't exist"


def test_private_method_is_fault_4(models, admin_key):
    f = fault(kw, models, admin_key, "res.partner", "_foo", [[]])
    assert f.faultCode == 4
    assert f.faultString == (
        "Private methods (such as _foo) cannot be called remotely.")


def test_unknown_method_is_odoos_attribute_error(models, admin_key):
    f = fault(kw, models, admin_key, "res.partner", "frobnicate_all", [[]])
    assert (f.faultCode, f.faultString) == (
        1, "AttributeError: The method 'frobnicate_all' does not exist on the model 'res.partner'")


def test_bad_credentials_checked_before_model(models):
    # An unauthenticated caller learns nothing about models: Access Denied first.
    f = fault(kw, models, random_key(), "x.y", "search", [[]])
    assert f.faultCode == 3
    assert f.faultString == "Access Denied"


# --- malformed calls -----------------------------------------------------------------------


def test_execute_kw_too_few_arguments_is_fault_1(models, admin_key):
    f = fault(models.execute_kw, DB, ADMIN_UID, admin_key, "res.partner", "search")
    assert f.faultCode == 1
    assert "execute_kw()" in f.faultString
    assert "missing 1 required positional argument" in f.faultString


def test_execute_kw_too_many_arguments_is_fault_1(models, admin_key):
    f = fault(models.execute_kw, DB, ADMIN_UID, admin_key, "res.partner", "search", [[]], {}, 1)
    assert f.faultCode == 1
    assert "execute_kw()" in f.faultString
    assert "8 were given" in f.faultString


def test_uid_as_list_is_fault_1(models, admin_key):
    f = fault(models.execute_kw, DB, [2], admin_key, "res.partner", "search", [[]])
    assert f.faultCode == 1
    assert "uid" in f.faultString
    assert "list" in f.faultString


def test_args_not_a_list_is_fault_1(models, admin_key):
    f = fault(models.execute_kw, DB, ADMIN_UID, admin_key, "res.partner", "search", "oops")
    assert f.faultCode == 1
    assert "args" in f.faultString
    assert "list" in f.faultString


def test_kwargs_not_a_dict_is_fault_1(models, admin_key):
    f = fault(models.execute_kw, DB, ADMIN_UID, admin_key, "res.partner", "search", [[]], [1])
    assert f.faultCode == 1
    assert "kwargs" in f.faultString
    assert "dict" in f.faultString


def test_model_name_not_a_string_is_fault_1(models, admin_key):
    f = fault(models.execute_kw, DB, ADMIN_UID, admin_key, 42, "search", [[]])
    assert f.faultCode == 1
    assert "model" in f.faultString


def test_limit_of_wrong_type_is_fault_1(models, admin_key):
    f = fault(kw, models, admin_key, "res.partner", "search", [[]], {"limit": "many"})
    assert f.faultCode == 1
    assert "limit" in f.faultString or "many" in f.faultString


def test_domain_not_a_list_is_fault_1(models, admin_key):
    f = fault(kw, models, admin_key, "res.partner", "search", [42])
    assert (f.faultCode, f.faultString) == (
        1, "AssertionError: Domains to normalize must have a 'domain' form: a list or tuple of "
        "domain components")


def test_unknown_object_service_method_is_fault_1(models, admin_key):
    # odoo/service/model.py dispatch: db, uid and password first, then the method name.
    f = fault(models.frobnicate, DB, ADMIN_UID, admin_key)
    assert (f.faultCode, f.faultString) == (1, "NameError: Method not available frobnicate")
    f = fault(models.frobnicate)
    assert (f.faultCode, f.faultString) == (1, "IndexError: tuple index out of range")


# --- Odoo 18 behaviours the differential suite found -------------------------------------------


def test_copy_renames_and_takes_default(models, admin_key):
    pid = kw(models, admin_key, "res.partner", "create",
             [{"name": "Copy Source", "email": "src@copy.example", "city": "Mons"}])
    new = kw(models, admin_key, "res.partner", "copy", [pid])
    assert isinstance(new, list) and len(new) == 1 and new[0] != pid
    row = kw(models, admin_key, "res.partner", "read", [new], {"fields": ["name", "email", "city"]})
    assert row == [{"id": new[0], "name": "Copy Source (copy)", "email": "src@copy.example",
                    "city": "Mons"}]
    other = kw(models, admin_key, "res.partner", "copy", [pid], {"default": {"name": "Given"}})
    assert kw(models, admin_key, "res.partner", "read", [other],
              {"fields": ["name"]}) == [{"id": other[0], "name": "Given"}]


def test_contact_takes_its_company_s_address_and_its_changes(models, admin_key):
    company = kw(models, admin_key, "res.partner", "create",
                 [{"name": "Address Co", "street": "9 Sync Road",
                   "city": "Huy", "zip": "4500"}])
    contact = kw(models, admin_key, "res.partner", "create",
                 [{"name": "Addie", "parent_id": company, "city": "Elsewhere"}])
    fields = {"fields": ["street", "city", "zip"]}
    assert kw(models, admin_key, "res.partner", "read", [[contact]], fields) == [
        {"id": contact, "street": "9 Sync Road", "city": "Huy", "zip": "4500"}]
    kw(models, admin_key, "res.partner", "write", [[company], {"city": "Liège"}])
    assert kw(models, admin_key, "res.partner", "read", [[contact]], fields)[0]["city"] == "Liège"
    # An invoice address keeps its own.
    invoice = kw(models, admin_key, "res.partner", "create",
                 [{"name": "Billing", "parent_id": company, "type": "invoice", "city": "Spa"}])
    assert kw(models, admin_key, "res.partner", "read", [[invoice]], fields)[0]["city"] == "Spa"


def test_user_writes_its_own_safe_fields_without_rights_on_users(server, cli, models):
    login = unique_login("selfwrite")
    uid = cli.add_user(login)
    key = cli.new_key(login, name="self write", expires_days=30).key
    assert kw(models, key, "res.users", "write", [[uid], {"signature": "<p>mine</p>",
                                                         "tz": "Europe/Brussels"}],
              uid=uid) is True
    e = fault(kw, models, key, "res.users", "write", [[uid], {"login": "renamed"}], None, uid)
    assert e.faultCode == 4
    e = fault(kw, models, key, "res.users", "write", [[ADMIN_UID], {"signature": "x"}], None, uid)
    assert e.faultCode == 4


def test_unknown_context_lang_is_refused(models, admin_key):
    e = fault(kw, models, admin_key, "res.partner", "search_count", [[]],
              {"context": {"lang": "fr_FR"}})
    assert (e.faultCode, e.faultString) == (2, "Invalid language code: fr_FR")
    assert kw(models, admin_key, "res.partner", "search_count", [[("id", "=", 3)]],
              {"context": {"lang": "en_US"}}) == 1


def test_a_new_address_reaches_contacts_only_as_the_caller_may_write_them(cli, models,
                                                                          admin_key):
    # Odoo's update_address writes the contacts as the caller: a contact the caller's write rules
    # exclude refuses the whole call, and nothing changes.
    company = kw(models, admin_key, "res.partner", "create",
                 [{"name": "Locked Co", "is_company": True, "city": "Huy"}])
    contact = kw(models, admin_key, "res.partner", "create",
                 [{"name": "Locked Contact", "parent_id": company, "ref": "ADDR-LOCKED"}])
    rule = "test: contacts with ref ADDR-LOCKED are not writable"
    flag = "1 = 1"
    sql(cli.data_dir, DB, "INSERT INTO ir_rule (name, model_id, domain_force, perm_read, "
        "perm_write, perm_create, perm_unlink) SELECT '%s', id, "
        "'[(''ref'', ''!='', ''ADDR-LOCKED'')]', 1 = 0, %s, 1 = 0, 1 = 0 FROM ir_model "
        "WHERE model = 'res.partner'" % (rule, flag))
    sql(cli.data_dir, DB, "INSERT INTO rule_group_rel (rule_group_id, group_id) SELECT r.id, "
        "d.res_id FROM ir_rule r, ir_model_data d WHERE r.name = '%s' AND d.module = 'base' "
        "AND d.name = 'group_user' AND d.model = 'res.groups'" % rule)
    try:
        e = fault(kw, models, admin_key, "res.partner", "write", [[company], {"city": "Liège"}])
        assert e.faultCode == 4
        assert e.faultString == (
            "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, Mitchell "
            "Admin (id=2) doesn't have 'write' access to:\n- Contact (res.partner)\n\nIf you "
            "really, really need access, perhaps you can win over your friendly administrator "
            "with a batch of freshly baked cookies.")
        rows = kw(models, admin_key, "res.partner", "read", [[company, contact]],
                  {"fields": ["city"]})
        assert [r["city"] for r in rows] == ["Huy", "Huy"]
    finally:
        sql(cli.data_dir, DB, "DELETE FROM rule_group_rel WHERE rule_group_id IN "
            "(SELECT id FROM ir_rule WHERE name = '%s')" % rule)
        sql(cli.data_dir, DB, "DELETE FROM ir_rule WHERE name = '%s'" % rule)
    assert kw(models, admin_key, "res.partner", "write", [[company], {"city": "Liège"}]) is True


def test_read_group_by_week_labels_and_ranges_weeks_as_odoo_18(models, admin_key):
    # Weeks start on Sunday and are labelled as Odoo 18 does (babel, en_US): Saturday 2 January
    # 2027 is in the week of Sunday 27 December 2026, "W53 2026"; Sunday 3 January starts "W2 2027".
    partner = kw(models, admin_key, "res.partner", "create", [{"name": unique_login("weeks")}])
    for day in ("2027-01-02 23:30:00", "2027-01-03 00:00:00", "2027-01-09 12:00:00"):
        kw(models, admin_key, "sale.order", "create",
           [{"partner_id": partner, "date_order": day}])
    groups = kw(models, admin_key, "sale.order", "read_group",
                [[("partner_id", "=", partner)], ["partner_id"], ["date_order:week"]])
    assert [(g["date_order:week"], g["date_order_count"]) for g in groups] == [
        ("W53 2026", 1), ("W2 2027", 2)]
    assert groups[0]["__domain"] == [
        "&", ["partner_id", "=", partner],
        "&", ["date_order", ">=", "2026-12-27 00:00:00"], ["date_order", "<", "2027-01-03 00:00:00"]]
    assert groups[1]["__range"] == {"date_order:week": {"from": "2027-01-03 00:00:00",
                                                        "to": "2027-01-10 00:00:00"}}


def test_create_a_user_over_rpc_makes_its_partner_groups_and_companies_as_odoo(models, admin_key,
                                                                             cli):
    login = unique_login("rpcuser")
    uid = kw(models, admin_key, "res.users", "create",
             [{"name": "Rpc User", "login": login, "email": login + "@example.com"}])
    user = kw(models, admin_key, "res.users", "read", [[uid]],
              {"fields": ["name", "email", "partner_id", "company_id", "company_ids", "share"]})[0]
    assert (user["name"], user["email"], user["share"]) == ("Rpc User", login + "@example.com",
                                                            False)
    assert user["company_ids"] == [user["company_id"][0]]
    partner = kw(models, admin_key, "res.partner", "read", [[user["partner_id"][0]]],
                 {"fields": ["name", "email", "active", "company_id", "user_ids"]})[0]
    assert partner == {"id": user["partner_id"][0], "name": "Rpc User",
                       "email": login + "@example.com", "active": True, "company_id": False,
                       "user_ids": [uid]}
    shown = cli.run("user", "show", "--db", DB, login).stdout
    # Odoo's new internal user, with the group Internal User implies stored too.
    assert ("Groups:           Extra Rights / Contact Creation; Extra Rights / Technical Features; "
            "Technical / Access to export feature; User types / Internal User\n") in shown
    # The login is unique, archived users included; the partner made for a refused user is not
    # kept.
    partners = kw(models, admin_key, "res.partner", "search_count", [[("name", "=", "Again")]])
    e = fault(kw, models, admin_key, "res.users", "create", [{"name": "Again", "login": login}])
    assert (e.faultCode, e.faultString) == (
        2, "The operation cannot be completed: You can not have two users with the same login!")
    assert kw(models, admin_key, "res.partner", "search_count",
              [[("name", "=", "Again")]]) == partners
