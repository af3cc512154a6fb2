"""The session info of a web login (/web/session/authenticate, get_session_info) with Odoo 18's
keys and values: 34 keys for an internal user, 31 for a portal user."""

import requests

import pytest

from conftest import ADMIN_PASSWORD, ADMIN_UID, DB, unique_login

PORTAL_PASSWORD = "portal pass 1"


@pytest.fixture(scope="module")
def portal(cli):
    login = unique_login("portal")
    cli.add_user(login, name="Joel Portal", password=PORTAL_PASSWORD)
    cli.run("group", "revoke", "--db", DB, login, "base.group_user")
    cli.run("group", "grant", "--db", DB, login, "base.group_portal")
    return {"login": login}


def web_login(server, login, password):
    s = requests.Session()
    reply = s.post(server.url + "/web/session/authenticate", timeout=30, json={
        "jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"db": DB, "login": login, "password": password}}).json()
    info = s.post(server.url + "/web/session/get_session_info", timeout=30, json={
        "jsonrpc": "2.0", "method": "call", "id": 2, "params": {}}).json()
    return reply["result"], info["result"]


INTERNAL_KEYS = {
    "active_ids_limit", "bundle_params", "cache_hashes", "currencies", "current_tour", "db",
    "display_switch_company_menu", "home_action_id", "is_admin", "is_internal_user", "is_public",
    "is_system", "max_file_upload_size", "name", "partner_display_name", "partner_id",
    "partner_write_date", "profile_collectors", "profile_params", "profile_session",
    "server_version", "server_version_info", "show_effect", "support_url", "test_mode",
    "tour_enabled", "uid", "user_companies", "user_context", "user_settings", "username",
    "view_info", "web.base.url", "websocket_worker_version"}


def test_session_info_has_odoos_keys_and_values(server, portal):
    result, info = web_login(server, "admin", ADMIN_PASSWORD)
    assert set(result) == INTERNAL_KEYS and len(result) == 34
    assert set(info) == INTERNAL_KEYS
    assert result["is_admin"] is True and result["is_system"] is True
    assert result["currencies"] == {"1": {"digits": [69, 2], "position": "before", "symbol": "$"}}
    assert result["active_ids_limit"] == 20000
    assert result["max_file_upload_size"] == 134217728
    assert result["home_action_id"] is False and result["current_tour"] is None
    assert result["user_settings"] == {"id": ADMIN_UID, "user_id": {"id": ADMIN_UID}}
    assert result["view_info"]["form"] == {"display_name": "Form", "icon": "fa fa-address-card",
                                           "multi_record": False}
    assert set(result["cache_hashes"]) == {"translations", "load_menus"}
    assert result["user_companies"]["current_company"] == 1
    assert result["show_effect"] is True and result["display_switch_company_menu"] is False
    # a portal user: no companies, menus or effects
    result, info = web_login(server, portal["login"], PORTAL_PASSWORD)
    portal_keys = INTERNAL_KEYS - {"user_companies", "show_effect", "display_switch_company_menu"}
    assert set(result) == portal_keys and set(info) == portal_keys
    assert result["is_internal_user"] is False and result["is_admin"] is False
    assert set(result["cache_hashes"]) == {"translations"}
    assert result["partner_display_name"] == "Joel Portal"
