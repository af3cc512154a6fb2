"""/xmlrpc/2/common: version, about, authenticate and login, as Odoo 18 answers them.

authenticate/login answer the uid or False for every bad credential, never a fault; only an
unknown database is a fault (1), as in Odoo where the database connection fails first.
"""

import xmlrpc.client

import pytest

from conftest import ADMIN_PASSWORD, ADMIN_UID, DB, VERSION_18, random_key, secret, unique_login


def test_version_is_odoo_18(common):
    assert common.version() == VERSION_18


def test_about(common):
    assert common.about() == "See http://openerp.com"


def test_authenticate_with_api_key(common, admin_key):
    assert common.authenticate(DB, "admin", admin_key, {}) == ADMIN_UID


def test_authenticate_with_password(common):
    assert common.authenticate(DB, "admin", ADMIN_PASSWORD, {}) == ADMIN_UID


def test_login_with_api_key(common, admin_key):
    assert common.login(DB, "admin", admin_key) == ADMIN_UID


def test_login_with_password(common):
    assert common.login(DB, "admin", ADMIN_PASSWORD) == ADMIN_UID


def test_authenticate_user_without_password_by_key(common, cli):
    login = unique_login("common-key")
    uid = cli.add_user(login)
    key = cli.new_key(login).key
    assert uid != ADMIN_UID
    assert common.authenticate(DB, login, key, {}) == uid
    # The key belongs to that user only.
    assert common.authenticate(DB, "admin", key, {}) is False


@pytest.fixture(scope="module")
def bad_credentials(cli, admin_key):
    """(login, secret) pairs that must all give False."""
    archived = unique_login("common-archived")
    cli.add_user(archived)
    archived_key = cli.new_key(archived).key
    cli.archive(archived)
    revoked = cli.new_key("admin", name="revoked in common tests")
    cli.revoke(revoked.id)
    return {
        "wrong_key": ("admin", random_key()),
        "wrong_password": ("admin", secret("not-the-admin-password-Qx81")),
        "unknown_login": ("nobody@example.invalid", admin_key),
        "login_in_other_case": ("Admin", admin_key),
        "login_in_other_case_password": ("ADMIN", ADMIN_PASSWORD),
        "archived_user": (archived, archived_key),
        "revoked_key": ("admin", revoked.key),
        "empty_password": ("admin", ""),
        "key_prefix_only": ("admin", admin_key[:8]),
        "key_with_extra_char": ("admin", admin_key + "0"),
    }


CASES = [
    "wrong_key",
    "wrong_password",
    "unknown_login",
    "login_in_other_case",
    "login_in_other_case_password",
    "archived_user",
    "revoked_key",
    # an empty password is Odoo's AssertionError (test_portal_and_false_passwords.py)
    "key_prefix_only",
    "key_with_extra_char",
]


@pytest.mark.parametrize("case", CASES)
def test_authenticate_bad_credentials_is_false(common, bad_credentials, case):
    login, password = bad_credentials[case]
    assert common.authenticate(DB, login, password, {}) is False


@pytest.mark.parametrize("case", CASES)
def test_login_bad_credentials_is_false(common, bad_credentials, case):
    login, password = bad_credentials[case]
    assert common.login(DB, login, password) is False


def test_authenticate_unknown_database_is_fault_1(common, admin_key):
    with pytest.raises(xmlrpc.client.Fault) as e:
        common.authenticate("nodb", "admin", admin_key, {})
    assert e.value.faultCode == 1
    assert 'database "nodb" does not exist' in e.value.faultString


def test_login_unknown_database_is_fault_1(common, admin_key):
    with pytest.raises(xmlrpc.client.Fault) as e:
        common.login("nodb", "admin", admin_key)
    assert e.value.faultCode == 1
    assert 'database "nodb" does not exist' in e.value.faultString


def test_execute_kw_unknown_database_is_fault_1(models, admin_key):
    with pytest.raises(xmlrpc.client.Fault) as e:
        models.execute_kw("nodb", ADMIN_UID, admin_key, "res.partner", "search", [[]])
    assert e.value.faultCode == 1
    assert 'database "nodb" does not exist' in e.value.faultString


def test_unknown_common_method_is_a_fault(common):
    with pytest.raises(xmlrpc.client.Fault) as e:
        common.no_such_method()
    assert (e.value.faultCode, e.value.faultString) == (
        1, "Exception: Method not found: no_such_method")


def test_authenticate_wrong_arity_is_fault_1(common):
    with pytest.raises(xmlrpc.client.Fault) as e:
        common.authenticate(DB, "admin")
    assert (e.value.faultCode, e.value.faultString) == (
        1, "TypeError: exp_authenticate() missing 2 required positional arguments: 'password' "
        "and 'user_agent_env'")
