"""PostgreSQL stopped and started again under load (PostgreSQL only: SQLite has no server). While
it is down every call fails cleanly and quickly: XML-RPC Fault 1 and JSON-2 HTTP 503 with one
clear line, no stack trace, no SQL. When it is back keygate recovers by itself: the pool opens
fresh connections and the notification listener reconnects and resyncs.
"""

import os
import subprocess
import threading
import time
import uuid
import xmlrpc.client

import pytest
import requests

from conftest import ADMIN_LOGIN, ADMIN_UID, Cli, Server

pytestmark = pytest.mark.skipif(
    os.environ.get("KEYGATE_TEST_BACKEND") != "pg",
    reason="restarts the PostgreSQL server: runs with KEYGATE_TEST_BACKEND=pg only")

UNAVAILABLE = "the database server is unavailable"


def pg_ctl(*args):
    ctl = os.environ["KEYGATE_TEST_PG_CTL"]  # scripts/with-postgres.sh
    return subprocess.run([ctl, *args], capture_output=True, text=True, timeout=60)


def pg_running():
    return pg_ctl("status").returncode == 0


class Load:
    """Calls in a loop on a thread of its own, each outcome recorded with its duration."""

    def __init__(self, server, db, key):
        self.server, self.db, self.key = server, db, key
        self.outcomes = []  # (monotonic start, seconds, "ok" | fault string)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        proxy = self.server.object()
        while not self._stop.is_set():
            start = time.monotonic()
            try:
                proxy.execute_kw(self.db, ADMIN_UID, self.key, "res.partner", "search_count", [[]])
                outcome = "ok"
            except xmlrpc.client.Fault as e:
                outcome = "fault %d: %s" % (e.faultCode, e.faultString)
            self.outcomes.append((start, time.monotonic() - start, outcome))
            time.sleep(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(30)


def json2(server, db, key):
    return requests.post(server.url + "/json/2/res.partner/search_count", json={"domain": []},
                         headers={"Authorization": "bearer " + key, "X-Odoo-Database": db},
                         timeout=30)


def test_calls_fail_cleanly_while_postgres_is_down_and_recover_after(tmp_path):
    cli = Cli(tmp_path)
    db = "restart-" + uuid.uuid4().hex[:8]
    cli.run("db", "create", db, "--demo")
    cli.run("config", "set", "--db", db, "base.login_cooldown_after", "0")
    key = cli.new_key(ADMIN_LOGIN, name="restart", db=db).key
    server = Server(tmp_path).start()
    try:
        with Load(server, db, key) as load:
            deadline = time.monotonic() + 10
            while not any(o[2] == "ok" for o in load.outcomes):
                assert time.monotonic() < deadline, load.outcomes[-3:]
                time.sleep(0.05)
            assert json2(server, db, key).status_code == 200

            stopped = pg_ctl("stop", "-m", "fast")
            assert stopped.returncode == 0, stopped.stderr
            try:
                down_at = time.monotonic()
                time.sleep(1.5)
                # JSON-2 while down: 503 with the reason, nothing else.
                started = time.monotonic()
                resp = json2(server, db, key)
                assert time.monotonic() - started < 5
                assert resp.status_code == 503, resp.text
                assert resp.json()["message"] == UNAVAILABLE
                down_outcomes = [o for o in load.outcomes if o[0] > down_at + 0.5]
            finally:
                restarted = pg_ctl("start")
            assert restarted.returncode == 0, restarted.stderr
            up_at = time.monotonic()
            deadline = up_at + 10
            while not any(o[2] == "ok" and o[0] > up_at for o in load.outcomes):
                assert time.monotonic() < deadline, "no successful call within 10 s of the " \
                    "restart: %r" % load.outcomes[-3:]
                time.sleep(0.05)
        assert json2(server, db, key).status_code == 200

        assert down_outcomes, "no call was made while the server was down"
        for _, seconds, outcome in down_outcomes:
            assert outcome == "fault 1: " + UNAVAILABLE, outcome
            assert seconds < 5, "a call hung %.1f s while the database was down" % seconds
        # Answers carry one line and no SQL (checked above); the process never crashed.
        assert server.alive()
        text = "\n".join(server.log_lines())
        for bad in ("Traceback", "terminate called", "Segmentation"):
            assert bad not in text
        # The notification listener came back and resynced.
        deadline = time.monotonic() + 10
        while not any("auth notifications for database " + db + " are back" in line
                      for line in server.log_lines()):
            assert time.monotonic() < deadline, "\n".join(server.log_lines()[-20:])
            time.sleep(0.1)
        # And notifications work again: a revocation is seen at once.
        other = cli.new_key(ADMIN_LOGIN, name="after-restart", db=db)
        proxy = server.object()
        assert proxy.execute_kw(db, ADMIN_UID, other.key, "res.partner", "search_count", [[]])
        assert proxy.execute_kw(db, ADMIN_UID, other.key, "res.partner", "search_count", [[]])
        cli.revoke(other.id, db=db)
        revoked_at = time.monotonic()
        while True:
            try:
                proxy.execute_kw(db, ADMIN_UID, other.key, "res.partner", "search_count", [[]])
            except xmlrpc.client.Fault as e:
                assert e.faultCode == 3
                break
            assert time.monotonic() - revoked_at < 1.0
            time.sleep(0.01)
    finally:
        if not pg_running():
            pg_ctl("start")
        server.stop()
