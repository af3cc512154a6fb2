"""Two-factor authentication: enrolment by the CLI, RPC refusing the password, keys still working,
and the two-step web login with Odoo's auth_totp messages (codes accepted once, 5 checks/hour)."""

import os
import subprocess
import time
import xmlrpc.client

import pyotp
import pytest
import requests

from conftest import DB, SECRETS, unique_login

PASSWORD = "totp user pass 1"
DOUBLE_CHECK = "Verification failed, please double-check the 6-digit code"
LATEST = "Verification failed, please use the latest 6-digit code"
LIMIT = "You reached the limit of code verifications for your account, please try again later."


def enable_totp(cli, login):
    """Drives `keygate user totp enable` as a script would: read the secret, answer the code."""
    proc = subprocess.Popen(
        [os.environ.get("KEYGATE_BIN", "/work/main/build/keygate"), "--data-dir",
         str(cli.data_dir), "user", "totp", "enable", "--db", DB, login],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        encoding="utf-8")
    secret_line = proc.stdout.readline()
    assert secret_line.startswith("secret: ")
    secret = secret_line.split(": ", 1)[1].strip()
    SECRETS.add(secret)
    uri_line = proc.stdout.readline()
    assert uri_line.startswith("uri: otpauth://totp/keygate:")
    assert "secret=%s&issuer=keygate&algorithm=SHA1&digits=6&period=30" % secret in uri_line
    # Keep reading through the same buffered streams (communicate() would bypass their buffers).
    proc.stdin.write(pyotp.TOTP(secret).now() + "\n")
    proc.stdin.close()
    out = proc.stdout.read()
    err = proc.stderr.read()
    assert proc.wait(timeout=30) == 0, err
    assert "\u2588" in out  # the QR code was drawn
    assert secret not in err
    return secret


def web_login(server, login, password):
    s = requests.Session()
    r = s.post(server.url + "/web/session/authenticate",
               json={"jsonrpc": "2.0", "method": "call", "id": 1,
                     "params": {"db": DB, "login": login, "password": password}}, timeout=30)
    return s, r.json()


def totp_step(server, session, code):
    return session.post(server.url + "/web/session/totp",
                        json={"jsonrpc": "2.0", "method": "call", "id": 2,
                              "params": {"totp_token": code}}, timeout=30).json()


def call_kw(server, session):
    return session.post(server.url + "/web/dataset/call_kw",
                        json={"jsonrpc": "2.0", "method": "call", "id": 3,
                              "params": {"model": "res.partner", "method": "search_count",
                                         "args": [[]], "kwargs": {}}}, timeout=30).json()


@pytest.fixture(scope="module")
def totp_user(server, cli):
    login = unique_login("totp")
    uid = cli.add_user(login, password=PASSWORD)
    key = cli.new_key(login, name="totp user key").key
    secret = enable_totp(cli, login)
    return {"login": login, "uid": uid, "key": key, "secret": secret}


def test_wrong_first_code_enables_nothing(server, cli):
    login = unique_login("totp-wrong")
    cli.add_user(login)
    proc = cli.run("user", "totp", "enable", "--db", DB, login, input_text="000000\n", check=False)
    assert proc.returncode == 1
    assert DOUBLE_CHECK in proc.stderr
    listed = cli.run("user", "list", "--db", DB, "--json").stdout
    assert '"login":"%s","name":"%s","email":"","active":true,"two_factor":false' % (
        login, login) in listed


def test_password_refused_over_rpc_key_still_works(server, totp_user):
    common = server.common()
    models = server.object()
    assert common.authenticate(DB, totp_user["login"], PASSWORD, {}) is False
    with pytest.raises(xmlrpc.client.Fault) as f:
        models.execute_kw(DB, totp_user["uid"], PASSWORD, "res.partner", "search_count", [[]])
    assert f.value.faultCode == 3 and f.value.faultString == "Access Denied"
    assert common.authenticate(DB, totp_user["login"], totp_user["key"], {}) == totp_user["uid"]
    assert models.execute_kw(DB, totp_user["uid"], totp_user["key"], "res.partner",
                             "search_count", [[("id", "=", 3)]]) == 1
    assert any("reason=password_refused_2fa" in line for line in server.log_lines())


def test_web_login_needs_the_code_then_accepts_it_once(server, totp_user):
    session, first = web_login(server, totp_user["login"], PASSWORD)
    assert first["result"]["uid"] is None
    assert "session_id" in session.cookies
    expired = call_kw(server, session)
    assert expired["error"]["code"] == 100
    assert expired["error"]["data"]["message"] == "Session expired"

    wrong = totp_step(server, session, "000000")
    assert wrong["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert wrong["error"]["data"]["message"] == DOUBLE_CHECK

    # The next step's code: inside the +/- one step window and newer than the enrolment code.
    code = pyotp.TOTP(totp_user["secret"]).at(time.time() + 30)
    ok = totp_step(server, session, code)
    assert ok["result"]["uid"] == totp_user["uid"]
    assert call_kw(server, session)["result"] >= 14

    other, again = web_login(server, totp_user["login"], PASSWORD)
    assert again["result"]["uid"] is None
    reused = totp_step(server, other, code)
    assert reused["error"]["data"]["message"] == LATEST


def test_five_code_checks_per_hour(server, cli):
    login = unique_login("totp-limit")
    cli.add_user(login, password=PASSWORD)
    enable_totp(cli, login)
    session, first = web_login(server, login, PASSWORD)
    assert first["result"]["uid"] is None
    for _ in range(5):
        assert totp_step(server, session, "000000")["error"]["data"]["message"] == DOUBLE_CHECK
    assert totp_step(server, session, "000000")["error"]["data"]["message"] == LIMIT


def test_disable_restores_password_rpc(server, cli):
    login = unique_login("totp-off")
    uid = cli.add_user(login, password=PASSWORD)
    enable_totp(cli, login)
    common = server.common()
    assert common.authenticate(DB, login, PASSWORD, {}) is False
    cli.run("user", "totp", "disable", "--db", DB, login)
    assert common.authenticate(DB, login, PASSWORD, {}) == uid
    proc = cli.run("user", "totp", "disable", "--db", DB, login, check=False)
    assert proc.returncode == 1 and "not enabled" in proc.stderr
