"""Changes made by the CLI, in another process, while the server runs and has the credential in
its cache: the very next call sees them (revoked key, archived user, changed password, expiry).
"""

import time
import uuid
import xmlrpc.client

import pytest

from conftest import DB, secret, unique_login


def count_partners(models, uid, secret_):
    return models.execute_kw(DB, uid, secret_, "res.partner", "search_count", [[]])


def assert_access_denied(models, uid, secret_):
    with pytest.raises(xmlrpc.client.Fault) as e:
        count_partners(models, uid, secret_)
    assert e.value.faultCode == 3
    assert e.value.faultString == "Access Denied"


def warm(models, uid, secret_):
    """Two successful calls: the second one is served from the credential cache."""
    first = count_partners(models, uid, secret_)
    assert first >= 14
    assert count_partners(models, uid, secret_) == first


@pytest.fixture
def api_user(cli):
    login = unique_login("revocation")
    uid = cli.add_user(login)
    return login, uid


def test_revoked_key_fails_on_the_very_next_call(server, cli, api_user):
    login, uid = api_user
    key = cli.new_key(login)
    other = cli.new_key(login, name="kept")
    models, common = server.object(), server.common()
    warm(models, uid, key.key)
    warm(models, uid, other.key)
    cli.revoke(key.id)
    assert_access_denied(models, uid, key.key)
    assert common.authenticate(DB, login, key.key, {}) is False
    # Only that key: the user's other key still works.
    assert count_partners(models, uid, other.key) >= 14


def test_archived_user_fails_on_the_very_next_call(server, cli, api_user):
    login, uid = api_user
    key = cli.new_key(login)
    models, common = server.object(), server.common()
    warm(models, uid, key.key)
    assert common.authenticate(DB, login, key.key, {}) == uid
    cli.archive(login)
    assert_access_denied(models, uid, key.key)
    assert common.authenticate(DB, login, key.key, {}) is False
    # Unarchiving gives the same key back its power, as in Odoo (the key row was kept).
    cli.unarchive(login)
    assert count_partners(models, uid, key.key) >= 14


def test_changed_password_fails_on_the_very_next_call(server, cli):
    login = unique_login("passwd")
    old = secret("Old-Pa55word-" + uuid.uuid4().hex[:8])
    new = secret("New-Pa55word-" + uuid.uuid4().hex[:8])
    uid = cli.add_user(login, password=old)
    key = cli.new_key(login)
    models, common = server.object(), server.common()
    assert common.authenticate(DB, login, old, {}) == uid
    warm(models, uid, old)
    warm(models, uid, key.key)
    cli.passwd(login, new)
    assert_access_denied(models, uid, old)
    assert common.authenticate(DB, login, old, {}) is False
    assert common.authenticate(DB, login, new, {}) == uid
    assert count_partners(models, uid, new) >= 14
    # A password change does not revoke API keys (Odoo keeps them).
    assert count_partners(models, uid, key.key) >= 14


def test_scope_rpc_key_works(server, cli, api_user):
    login, uid = api_user
    key = cli.new_key(login, scope="rpc")
    assert server.common().authenticate(DB, login, key.key, {}) == uid
    assert count_partners(server.object(), uid, key.key) >= 14


def test_key_with_another_scope_never_authenticates_rpc(server, cli, api_user):
    login, uid = api_user
    key = cli.new_key(login, scope="mail", force=True)
    assert server.common().authenticate(DB, login, key.key, {}) is False
    assert_access_denied(server.object(), uid, key.key)


def test_key_with_future_expiry_works(server, cli, api_user):
    login, uid = api_user
    key = cli.new_key(login, expires_days=30)
    assert count_partners(server.object(), uid, key.key) >= 14


def test_expired_keys_fail_like_wrong_keys(server, cli, api_user):
    login, uid = api_user
    models, common = server.object(), server.common()
    # 0.00006 days is 5.18 s: it works now and has expired a few seconds later.
    created = time.monotonic()
    short = cli.new_key(login, name="short-lived", expires_days=0.00006)
    at_once = cli.new_key(login, name="expires at once", expires_days=0.000001)  # 86 ms
    warm(models, uid, short.key)
    assert time.monotonic() - created < 3, "the machine is too slow for this test's timing"
    time.sleep(max(0.0, created + 7.0 - time.monotonic()))
    for key in (short, at_once):
        assert_access_denied(models, uid, key.key)
        assert common.authenticate(DB, login, key.key, {}) is False
