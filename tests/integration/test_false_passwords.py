"""Odoo 18's answers, end to end, to false passwords (None, False, '') on every RPC channel and
to a uid naming no user."""

import requests
import xmlrpc.client

import pytest

from conftest import ADMIN_UID, DB

ASSERTION = "AssertionError: scope and key required"


def jsonrpc(server, service, method, *args):
    return requests.post(server.url + "/jsonrpc", timeout=30, json={
        "jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"service": service, "method": method, "args": list(args)}}).json()


@pytest.mark.parametrize("password", [None, False, ""])
def test_false_password_on_authenticate_is_odoos_assertion(server, password):
    common = server.common(allow_none=True)
    for call in (lambda: common.authenticate(DB, "admin", password, {}),
                 lambda: common.login(DB, "admin", password),
                 # keygate tells no login apart: an unknown one gets the same answer
                 lambda: common.login(DB, "nobody-at-all", password)):
        with pytest.raises(xmlrpc.client.Fault) as e:
            call()
        assert (e.value.faultCode, e.value.faultString) == (1, ASSERTION)
    legacy = server.proxy("/xmlrpc/common", allow_none=True)
    with pytest.raises(xmlrpc.client.Fault) as e:
        legacy.authenticate(DB, "admin", password, {})
    assert (e.value.faultCode, e.value.faultString) == ("scope and key required", ASSERTION)
    error = jsonrpc(server, "common", "login", DB, "admin", password)["error"]
    assert error["code"] == 200
    assert error["data"]["name"] == "builtins.AssertionError"
    assert error["data"]["debug"] == ASSERTION
    assert error["data"]["message"] == "scope and key required"


@pytest.mark.parametrize("password", [None, False, ""])
def test_false_password_on_execute_kw_is_access_denied(server, password):
    models = server.object(allow_none=True)
    with pytest.raises(xmlrpc.client.Fault) as e:
        models.execute_kw(DB, ADMIN_UID, password, "res.partner", "search_count", [[]])
    assert (e.value.faultCode, e.value.faultString) == (3, "Access Denied")
    with pytest.raises(xmlrpc.client.Fault) as e:
        models.execute(DB, ADMIN_UID, password, "res.partner", "search_count", [])
    assert (e.value.faultCode, e.value.faultString) == (3, "Access Denied")
    error = jsonrpc(server, "object", "execute_kw", DB, ADMIN_UID, password, "res.partner",
                    "search_count", [[]])["error"]
    assert error["data"]["name"] == "odoo.exceptions.AccessDenied"


def test_unknown_uid_is_odoos_missing_error(server, admin_key):
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().execute_kw(DB, 999, admin_key, "res.partner", "search_count", [[]])
    assert e.value.faultCode == 2
    assert e.value.faultString == ("Record does not exist or has been deleted.\n"
                                   "(Record: res.users(999,), User: 999)")
    # an empty password is refused before the user is looked for
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().execute_kw(DB, 999, "", "res.partner", "search_count", [[]])
    assert e.value.faultCode == 3
