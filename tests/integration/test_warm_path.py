"""A warm authenticated call runs exactly one SQL statement, the model's own, on either backend:
the credential, the key's limits, the access policy (groups, access rights, record rules, scope)
and the auth generation all come from memory. And nothing is trusted past a change: a key revoked
from the command line fails on the very next call, a revoked group applies to the very next call.

Counted by keygate_sql_statements_total (statements sent by the threads serving requests), with
one serving thread and the event log's writes held back, so that no background commit can make
a call re-read the generation inside the measured window, and, on PostgreSQL, once the
notification watcher of the database listens. The module has a data directory and a database of
its own: on SQLite any commit to the database file, even by another server of the suite (its
detector, its event log), makes the next call re-read the generation.
"""

import os
import signal
import time
import urllib.request
import uuid
import xmlrpc.client

import pytest
import requests

from conftest import ADMIN_LOGIN, SECRETS, Cli, Server, scope_denial, sql, unique_login
from test_metrics import parse_metrics

WARM_UP_CALLS = 5
MEASURED_CALLS = 30
SETTLE_SECONDS = 15


# A database of the module's own, on PostgreSQL too (the cluster is shared by the suite).
DB = "warm-" + uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("keygate-warm")


@pytest.fixture(scope="module")
def cli(data_dir):
    env = Cli(data_dir)
    env.run("db", "create", DB, "--demo")
    return env


@pytest.fixture(scope="module")
def server(data_dir, cli):
    srv = Server(data_dir, "--public-metrics", "True", "--http-threads", "1",
                 "--event-flush-ms", "3600000").start()
    yield srv
    srv.stop()


def statements(server, channel="xmlrpc"):
    with urllib.request.urlopen(server.url + "/metrics", timeout=15) as r:
        samples = parse_metrics(r.read().decode("utf-8"))
    return samples[("keygate_sql_statements_total", (("channel", channel),))]


def statements_per_call(server, call, calls=MEASURED_CALLS, channel="xmlrpc", warm=1):
    """What one call costs once warm: `warm` statements is what the settling waits for."""
    for _ in range(WARM_UP_CALLS):
        call()
    # On PostgreSQL the database's notification watcher connects in the background after the
    # first call; until it listens, the generation is read on the caller's connection. Wait until
    # one call costs what a warm one does (or fail), then measure.
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        before = statements(server, channel)
        call()
        if statements(server, channel) - before == warm:
            break
        assert time.monotonic() < deadline, "a warm call never came down to %d statement(s)" % warm
        time.sleep(0.05)
    before = statements(server, channel)
    for _ in range(calls):
        call()
    return (statements(server, channel) - before) / calls


def web_session(server, login, password):
    """A requests session signed in with /web/session/authenticate; returns a call_kw function."""
    s = requests.Session()
    r = s.post(server.url + "/web/session/authenticate", timeout=30, json={
        "jsonrpc": "2.0", "method": "call", "params": {"db": DB, "login": login,
                                                       "password": password}})
    assert r.json()["result"]["db"] == DB, r.text

    def call_kw(model, method, args):
        return s.post(server.url + "/web/dataset/call_kw", timeout=30, json={
            "jsonrpc": "2.0", "method": "call", "params": {"model": model, "method": method,
                                                           "args": args, "kwargs": {}}}).json()
    return call_kw


def salesman(cli):
    login = unique_login("warm")
    uid = int(cli.run("user", "add", "--db", DB, login, "--name", login, "--group",
                      "Sales / User: Own Documents Only").stdout.strip())
    return login, uid, cli.new_key(login, name="warm path", expires_days=30, db=DB)


def test_a_warm_call_of_the_administrator_runs_one_statement(server, cli):
    key = cli.new_key(ADMIN_LOGIN, name="warm path", db=DB).key
    models = server.object()
    count = models.execute_kw(DB, 2, key, "res.partner", "search_count", [[]])
    assert count > 0
    call = lambda: models.execute_kw(DB, 2, key, "res.partner", "search_count", [[]])
    assert statements_per_call(server, call) == 1


def test_a_warm_call_under_record_rules_runs_one_statement(server, cli):
    # A salesman who sees only his own orders: the rule's domain and its variables (user.id)
    # come from the policy memo too.
    login, uid, key = salesman(cli)
    admin_key = cli.new_key(ADMIN_LOGIN, name="warm rule check", db=DB).key
    models = server.object()
    own = models.execute_kw(DB, 2, admin_key, "sale.order", "search_count",
                            [["|", ("user_id", "=", uid), ("user_id", "=", False)]])
    everything = models.execute_kw(DB, 2, admin_key, "sale.order", "search_count", [[]])
    assert own < everything  # the rule hides the other salespeople's orders
    call = lambda: models.execute_kw(DB, uid, key.key, "sale.order", "search_count", [[]])
    assert call() == own
    assert statements_per_call(server, call) == 1
    assert call() == own


def test_a_scoped_key_is_held_to_its_scope_on_the_warm_path(server, cli):
    key = cli.new_key(ADMIN_LOGIN, name="warm readonly", scope="rpc:readonly", db=DB).key
    models = server.object()
    read = lambda: models.execute_kw(DB, 2, key, "res.partner", "search_count", [[]])
    assert statements_per_call(server, read) == 1
    with pytest.raises(xmlrpc.client.Fault) as e:
        models.execute_kw(DB, 2, key, "res.partner", "create", [{"name": "warm"}])
    assert e.value.faultCode == 4
    assert e.value.faultString == scope_denial("create", "res.partner", "rpc:readonly")


def test_a_key_revoked_from_the_cli_fails_on_the_very_next_call(server, cli):
    key = cli.new_key(ADMIN_LOGIN, name="warm revoked", db=DB)
    models = server.object()
    call = lambda: models.execute_kw(DB, 2, key.key, "res.partner", "search_count", [[]])
    assert statements_per_call(server, call) == 1
    cli.revoke(key.id, db=DB)
    with pytest.raises(xmlrpc.client.Fault) as e:
        call()
    assert e.value.faultCode == 3
    assert e.value.faultString == "Access Denied"


def test_a_group_revoked_from_the_cli_applies_to_the_very_next_call(server, cli):
    login, uid, key = salesman(cli)
    models = server.object()
    call = lambda: models.execute_kw(DB, uid, key.key, "sale.order", "search_count", [[]])
    assert statements_per_call(server, call) == 1
    cli.run("group", "revoke", "--db", DB, login, "Sales / User: Own Documents Only")
    with pytest.raises(xmlrpc.client.Fault) as e:
        call()
    assert e.value.faultCode == 4
    assert e.value.faultString.startswith(
        "You are not allowed to access 'Sales Order' (sale.order) records.")


def test_a_warm_session_call_runs_the_session_lookup_and_its_own_statement(server, cli):
    # A web session (odoorpc's, odoo-await's way in): the session row is read on every call (it
    # may have ended), the access policy comes from memory, as on a key's warm call.
    login = unique_login("warm-web")
    password = "warm web pass " + uuid.uuid4().hex
    SECRETS.add(password)
    cli.run("user", "add", "--db", DB, login, "--name", login, "--password-stdin", "--group",
            "Sales / User: Own Documents Only", input_text=password + "\n")
    call_kw = web_session(server, login, password)
    count = lambda: call_kw("sale.order", "search_count", [[]])
    assert isinstance(count()["result"], int)
    assert statements_per_call(server, count, channel="web", warm=2) == 2
    # A group revoked from the command line applies to the very next call of the session.
    cli.run("group", "revoke", "--db", DB, login, "Sales / User: Own Documents Only")
    denied = count()["error"]["data"]
    assert denied["name"] == "odoo.exceptions.AccessError"
    assert denied["message"].startswith(
        "You are not allowed to access 'Sales Order' (sale.order) records.")


@pytest.mark.skipif(os.environ.get("KEYGATE_TEST_BACKEND") != "pg",
                    reason="PostgreSQL only: on SQLite every server reads the generation itself")
def test_a_command_waits_for_every_server_and_warns_about_one_that_does_not_answer(
        server, cli, data_dir):
    key = cli.new_key(ADMIN_LOGIN, name="warm watcher", db=DB)
    models = server.object()
    call = lambda: models.execute_kw(DB, 2, key.key, "res.partner", "search_count", [[]])
    assert statements_per_call(server, call) == 1  # the server's watcher listens
    watchers = sql(data_dir, DB, "SELECT application_name FROM pg_stat_activity "
                                 "WHERE application_name LIKE 'keygate auth watcher %'")
    assert len(watchers) >= 1
    # A running server confirms at once: no warning.
    revoked = cli.run("key", "revoke", "--db", DB, cli.new_key(ADMIN_LOGIN, name="w2", db=DB).id)
    assert "did not confirm" not in revoked.stderr
    # A stopped server cannot: the command waits 2 s, then says so, and still succeeds.
    os.kill(server.proc.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        revoked = cli.run("key", "revoke", "--db", DB, key.id)
        waited = time.monotonic() - started
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
    assert waited >= 2
    assert ("keygate: warning: 1 running keygate server(s) watching database %s did not confirm "
            "the change within 2 s" % DB) in revoked.stderr
    with pytest.raises(xmlrpc.client.Fault) as e:
        call()
    assert e.value.faultString == "Access Denied"
