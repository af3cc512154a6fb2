"""A portal user end to end, with Odoo 18's access rights and record rules: it reads its own
commercial partner and its contacts, its companies, and the users whose partner it may read; it is
a share user, named by the company its partner names (company_name)."""

import json
import xmlrpc.client

import pytest

from conftest import ADMIN_UID, DB, unique_login

PORTAL_PASSWORD = "portal pass 1"


@pytest.fixture(scope="module")
def portal(server, cli, admin_key):
    """A portal user whose partner names its company (company_name) without a parent, as Odoo's
    demo portal user: its own commercial partner."""
    login = unique_login("portal")
    uid = cli.add_user(login, name="Joel Portal", password=PORTAL_PASSWORD)
    cli.run("group", "revoke", "--db", DB, login, "base.group_user")
    cli.run("group", "revoke", "--db", DB, login, "base.group_partner_manager")
    cli.run("group", "grant", "--db", DB, login, "base.group_portal")
    models = server.object()
    partner = models.execute_kw(DB, ADMIN_UID, admin_key, "res.users", "read", [[uid]],
                                {"fields": ["partner_id"]})[0]["partner_id"][0]
    models.execute_kw(DB, ADMIN_UID, admin_key, "res.partner", "write",
                      [[partner], {"company_name": "YourCompany"}])
    return {"login": login, "uid": uid, "partner": partner}


def as_portal(server, portal, model, method, args, kw=None):
    return server.object().execute_kw(DB, portal["uid"], PORTAL_PASSWORD, model, method, args,
                                      kw or {})


def test_portal_user_is_a_share_user_named_by_its_company(server, portal, admin_key):
    row = as_portal(server, portal, "res.users", "read", [[portal["uid"]]],
                    {"fields": ["share", "partner_id"]})[0]
    assert row["share"] is True
    assert row["partner_id"] == [portal["partner"], "YourCompany, Joel Portal"]


def test_portal_user_reads_its_own_partner_only(server, portal, admin_key):
    assert as_portal(server, portal, "res.partner", "search_read", [[]], {"fields": ["name"]}) \
        == [{"id": portal["partner"], "name": "Joel Portal"}]
    assert as_portal(server, portal, "res.partner", "search_count", [[("id", "=", 1)]]) == 0
    with pytest.raises(xmlrpc.client.Fault) as e:
        as_portal(server, portal, "res.partner", "read", [[1]], {"fields": ["name"]})
    assert e.value.faultCode == 4
    assert e.value.faultString.startswith(
        "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, "
        "Joel Portal (id=%d) doesn't have 'read' access to:\n- Contact (res.partner)" % portal["uid"])
    with pytest.raises(xmlrpc.client.Fault) as e:
        as_portal(server, portal, "res.partner", "create", [{"name": "x"}])
    assert e.value.faultCode == 4
    assert e.value.faultString.startswith(
        "You are not allowed to create 'Contact' (res.partner) records.")


def test_portal_user_reads_its_company_and_only_users_it_may_see(server, portal):
    companies = as_portal(server, portal, "res.company", "search_read", [[]], {"fields": ["id"]})
    assert companies == [{"id": 1}]
    assert as_portal(server, portal, "res.company", "check_access_rights", ["read"],
                     {"raise_exception": False}) is True
    # res.users gets res.partner's rules through partner_id (Odoo's _inherits)
    assert as_portal(server, portal, "res.users", "search", [[]]) == [portal["uid"]]
    with pytest.raises(xmlrpc.client.Fault) as e:
        as_portal(server, portal, "res.users", "read", [[ADMIN_UID]], {"fields": ["login"]})
    assert e.value.faultCode == 4
    assert "doesn't have 'read' access to:\n- User (res.users)" in e.value.faultString


def test_user_add_with_the_portal_type_makes_a_portal_user_of_that_type_only(server, cli):
    login = unique_login("portal")
    uid = int(cli.run("user", "add", "--db", DB, login, "--group", "User types / Portal",
                      "--password-stdin", input_text=PORTAL_PASSWORD + "\n").stdout.strip())
    shown = cli.run("user", "show", "--db", DB, login).stdout
    assert "Groups:           User types / Portal\n" in shown
    # Not an internal user: no contact creation.
    with pytest.raises(xmlrpc.client.Fault) as e:
        as_portal(server, {"uid": uid}, "res.partner", "create", [{"name": "x"}])
    assert e.value.faultCode == 4
    # A second user type is refused, with Odoo's sentence, and changes nothing.
    refused = cli.run("group", "grant", "--db", DB, login, "base.group_user", check=False)
    assert refused.returncode == 1
    assert refused.stderr == (
        'keygate: error: The user cannot have more than one user types: "%s" would be in '
        '"User types / Internal User" and "User types / Portal" (revoke the other user type '
        'first)\n' % login)
    assert cli.run("user", "show", "--db", DB, login).stdout == shown


def test_a_second_user_type_through_the_data_api_is_odoos_validation_error(server, cli,
                                                                            admin_key):
    models = server.object()
    login = unique_login("typed")
    uid = cli.add_user(login, name="Typed User")
    groups = json.loads(cli.run("group", "list", "--db", DB, "--json").stdout)
    group = lambda xml_id: [g["id"] for g in groups if g["xml_id"] == xml_id][0]
    portal, internal = group("base.group_portal"), group("base.group_user")
    with pytest.raises(xmlrpc.client.Fault) as e:
        models.execute_kw(DB, ADMIN_UID, admin_key, "res.users", "write",
                          [[uid], {"groups_id": [(4, portal)]}])
    assert e.value.faultCode == 2
    assert e.value.faultString == "The user cannot have more than one user types."
    read = lambda: models.execute_kw(DB, ADMIN_UID, admin_key, "res.users", "read", [[uid]],
                                     {"fields": ["groups_id", "share"]})[0]
    assert portal not in read()["groups_id"] and read()["share"] is False
    # Out of Internal User (and the groups implying it) the user is shared; then Portal is fine.
    models.execute_kw(DB, ADMIN_UID, admin_key, "res.users", "write",
                      [[uid], {"groups_id": [(3, internal)]}])
    assert read()["share"] is True
    models.execute_kw(DB, ADMIN_UID, admin_key, "res.users", "write",
                      [[uid], {"groups_id": [(4, portal)]}])
    assert portal in read()["groups_id"] and read()["share"] is True
