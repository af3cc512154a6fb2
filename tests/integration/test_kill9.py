"""kill -9 in the middle of making keys: `keygate key new` processes are killed at random moments
while a server runs on the same database, and then the server itself. Every key that was printed
still authenticates, and no key is half made (each key row has the restriction row it was created
with: key and restrictions are one transaction).
"""

import random
import re
import signal
import subprocess
import threading
import time
import uuid

from conftest import ADMIN_LOGIN, ADMIN_UID, KEYGATE_BIN, SECRETS, Cli, Server, sql


def test_sigkill_while_creating_keys_loses_no_printed_key(tmp_path):
    cli = Cli(tmp_path)
    db = "kill9-" + uuid.uuid4().hex[:8]
    cli.run("db", "create", db, "--demo")
    cli.run("config", "set", "--db", db, "base.login_cooldown_after", "0")
    server = Server(tmp_path).start()
    # The server serves calls the whole time, on the same database.
    busy_key = cli.new_key(ADMIN_LOGIN, name="busy", db=db).key
    stop = threading.Event()
    served = []

    def load():
        proxy = server.object()
        while not stop.is_set():
            served.append(proxy.execute_kw(db, ADMIN_UID, busy_key, "res.partner", "search_count",
                                           [[]]))

    loader = threading.Thread(target=load, daemon=True)
    loader.start()
    rng = random.Random(6)
    printed = []  # keys that reached stdout, whole
    killed = 0
    try:
        for i in range(40):
            cmd = [KEYGATE_BIN, "--data-dir", str(tmp_path), "key", "new", "--db", db,
                   ADMIN_LOGIN, "--name", "kill9-%d" % i, "--rate-limit", "1000/min",
                   "--allow-ip", "127.0.0.0/8"]
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
            # Most are killed somewhere between start-up and exit; a few run to the end.
            if i % 5 != 4:
                time.sleep(rng.uniform(0.0, 0.06))
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    killed += 1
            out, _ = proc.communicate(timeout=60)
            m = re.fullmatch(r"([0-9a-f]{40})\n", out.decode())
            if m:
                printed.append(m.group(1))
                SECRETS.add(m.group(1))
        stop.set()
        loader.join(30)
        assert served and min(served) >= 14
        assert killed > 0, "no key new process was killed mid-way"
        assert printed, "no key new process got as far as printing its key"
        # Now the server, with SIGKILL too, in the middle of serving the new keys.
        for key in printed[:3]:
            assert server.object().execute_kw(db, ADMIN_UID, key, "res.partner", "search_count",
                                              [[]]) >= 14
    finally:
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(10)
    server = Server(tmp_path).start()
    try:
        for key in printed:
            assert server.object().execute_kw(db, ADMIN_UID, key, "res.partner", "search_count",
                                              [[]]) >= 14
    finally:
        server.stop()
    rows = sql(tmp_path, db, "SELECT k.id, r.key_id, r.allowed_networks, r.rate_limit "
                             "FROM res_users_apikeys k LEFT JOIN keygate_key_restriction r "
                             "ON r.key_id = k.id WHERE k.name LIKE 'kill9-%'")
    assert len(rows) >= len(printed)
    half_made = [r for r in rows if r[1] == "" or r[2] != "127.0.0.0/8" or r[3] != "1000/min"]
    assert half_made == []
    orphans = sql(tmp_path, db, "SELECT count(*) FROM keygate_key_restriction r WHERE NOT EXISTS "
                                "(SELECT 1 FROM res_users_apikeys k WHERE k.id = r.key_id)")
    assert orphans == [("0",)]
