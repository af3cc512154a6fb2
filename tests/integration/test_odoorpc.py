"""Debian's python3-odoorpc, a session client: it reads /web/webclient/version_info, logs in with
a password through /web/session/authenticate, then calls /jsonrpc with that password.
"""

import urllib.request
from http.cookiejar import CookieJar

import odoorpc
import pytest

from conftest import ADMIN_PASSWORD, ADMIN_UID, DB, DEMO_PARTNERS, random_key


def connect(server):
    # No proxy from the environment: the server is on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPCookieProcessor(CookieJar()))
    return odoorpc.ODOO("127.0.0.1", port=server.port, timeout=30, opener=opener)


def test_odoorpc_connects_and_sees_version(server):
    odoo = connect(server)
    assert odoo.version == "18.0"


def test_odoorpc_logs_in_and_reads_partners(server):
    odoo = connect(server)
    odoo.login(DB, "admin", ADMIN_PASSWORD)
    assert odoo.env.uid == ADMIN_UID
    assert odoo.env.db == DB
    partners = odoo.env["res.partner"].search_read(
        [("email", "like", "@example.com"), ("is_company", "=", True)], ["name", "email"],
        order="name asc")
    expected = sorted((n, e) for n, e, _, c in DEMO_PARTNERS if c and "@example.com" in e)
    assert [(p["name"], p["email"]) for p in partners] == expected
    assert odoo.env["res.partner"].search_count([("city", "=", "Fremont")]) == 3


def test_odoorpc_wrong_password_is_refused(server):
    odoo = connect(server)
    with pytest.raises(odoorpc.error.RPCError):
        odoo.login(DB, "admin", random_key())


def test_odoorpc_login_with_api_key_is_refused(server, admin_key):
    # A web session login is interactive: Odoo checks only the password there, never a key.
    odoo = connect(server)
    with pytest.raises(odoorpc.error.RPCError):
        odoo.login(DB, "admin", admin_key)
