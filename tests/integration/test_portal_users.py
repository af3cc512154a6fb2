"""A portal user end to end, with Odoo 18's access rights and record rules: it reads its own
commercial partner and its contacts, its companies, and the users whose partner it may read; it is
a share user, named by the company its partner names (company_name)."""

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
