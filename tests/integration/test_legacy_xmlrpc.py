"""Legacy /xmlrpc/<service> (without /2/): the same services, with Odoo's string fault codes."""

import xmlrpc.client

import pytest

from conftest import ADMIN_UID, DB, VERSION_18, random_key


@pytest.fixture
def legacy_common(server):
    return server.proxy("/xmlrpc/common")


@pytest.fixture
def legacy_object(server):
    return server.proxy("/xmlrpc/object")


@pytest.fixture
def legacy_db(server):
    return server.proxy("/xmlrpc/db")


def fault(fn, *args):
    with pytest.raises(xmlrpc.client.Fault) as e:
        fn(*args)
    return e.value


def test_common_version_and_authenticate(legacy_common, admin_key):
    assert legacy_common.version() == VERSION_18
    assert legacy_common.about() == "See http://openerp.com"
    assert legacy_common.authenticate(DB, "admin", admin_key, {}) == ADMIN_UID
    assert legacy_common.login(DB, "admin", admin_key) == ADMIN_UID
    assert legacy_common.authenticate(DB, "admin", random_key(), {}) is False


def test_object_execute_kw_works(legacy_object, admin_key):
    rows = legacy_object.execute_kw(DB, ADMIN_UID, admin_key, "res.partner", "search_read",
                                    [[("name", "=", "Deco Addict")]], {"fields": ["email"]})
    assert [r["email"] for r in rows] == ["deco_addict@example.com"]


def test_object_bad_key_is_access_denied(legacy_object):
    f = fault(legacy_object.execute_kw, DB, ADMIN_UID, random_key(), "res.partner", "search",
              [[]])
    assert f.faultCode == "AccessDenied"
    assert f.faultString == "Access Denied"


def test_object_unknown_model_is_user_error(legacy_object, admin_key):
    f = fault(legacy_object.execute_kw, DB, ADMIN_UID, admin_key, "x.y", "search", [[]])
    assert f.faultCode == "warning -- UserError\n\nObject x.y doesn't exist"
    assert f.faultString == ""


def test_object_private_method_is_access_error(legacy_object, admin_key):
    f = fault(legacy_object.execute_kw, DB, ADMIN_UID, admin_key, "res.partner", "_foo", [[]])
    assert f.faultCode == (
        "warning -- AccessError\n\n"
        "Private methods (such as _foo) cannot be called remotely.")
    assert f.faultString == ""


def test_db_service(legacy_db):
    assert DB in legacy_db.list()
    assert legacy_db.db_exist(DB) is True
    assert legacy_db.db_exist("nodb") is False
    assert legacy_db.server_version() == "18.0"


def test_db_create_needs_master_password(legacy_db):
    f = fault(legacy_db.create_database, "nope", "x", False, "en_US", "admin")
    assert f.faultCode == "AccessDenied"
    assert f.faultString == "Access Denied"
