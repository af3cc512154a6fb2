#!/usr/bin/python3
"""Scale: does a database of 1,000,000 API keys and 100,000 users serve as fast as one of 1,000?

For each backend (SQLite, then PostgreSQL when a server is given, as scripts/with-postgres.sh
does), two databases are filled with bulk SQL (the hashes are computed once here, with the
standard library, as passlib writes them: hashing a million keys would take an hour):

  small: 1,000 users, each with one API key in use;
  large: the same 1,000 users and keys, plus 99,000 more users holding 999,000 more keys.

keygate serves both at once (a server each) with a credential cache of 500 entries and a policy cache of 256 users per
thread, smaller than the set of keys and users in use, and wrk drives execute_kw search_count
on res.partner (domain id = 1, so that the model's own query costs the same in both) in two
cases:

  hot:      200 keys in turn (they fit in the credential cache);
  rotating: all 1,000 keys in turn (each call misses the cache and verifies the key's hash).

After 1 s unmeasured per server, the cases alternate between the two servers for ROUNDS rounds
(small then large, then large then small, ...). Prints requests/s per round, the median of the
rounds' large/small ratios (the goal: within 10%), and each server's resident memory (peak and
at the end); writes bench/results/scale-<N>cores.txt.
Usage: bench/scale.py [path/to/keygate]; env DURATION (seconds per run, default 5), ROUNDS
(default 3), THREADS, CONNECTIONS, SCALE_USERS and SCALE_KEYS (the large database's sizes).
"""

import base64
import hashlib
import os
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/keygate")
DURATION = int(os.environ.get("DURATION", "5"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
THREADS = int(os.environ.get("THREADS", "2"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "16"))

KEYS_IN_USE = 1_000
HOT_KEYS = 200
CREDENTIAL_CACHE = 500
POLICY_CACHE = 256
SIZES = {"small": (1_000, 1_000), "large": (int(os.environ.get("SCALE_USERS", "100000")), int(os.environ.get("SCALE_KEYS", "1000000")))}  # users, keys
PBKDF2_ROUNDS = 6000


def ab64(raw):
    """passlib's adapted base64: no padding, '.' for '+'."""
    return base64.b64encode(raw).decode().rstrip("=").replace("+", ".")


def odoo_key_hash(key):
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha512", key.encode(), salt, PBKDF2_ROUNDS)
    return f"$pbkdf2-sha512${PBKDF2_ROUNDS}${ab64(salt)}${ab64(digest)}"


def pg_env():
    host = os.environ.get("KEYGATE_TEST_PG_HOST")
    if not host:
        return None
    return {"KEYGATE_DB_HOST": host, "KEYGATE_DB_PORT": os.environ["KEYGATE_TEST_PG_PORT"],
            "KEYGATE_DB_USER": os.environ["KEYGATE_TEST_PG_USER"], "KEYGATE_DB_SSLMODE": "disable"}


class Backend:
    """Runs keygate and bulk SQL against one backend."""

    def __init__(self, name, work, env):
        self.name = name
        self.work = work
        self.env = dict(os.environ)
        self.env.pop("KEYGATE_DB_HOST", None)
        self.env.update(env or {})

    def keygate(self, *args, stdin=None):
        return subprocess.run([BIN, "--data-dir", self.work, *args], env=self.env, input=stdin,
                              capture_output=True, text=True, check=True).stdout

    def query(self, db, sql):
        """One value from one statement."""
        if self.name == "sqlite":
            with sqlite3.connect(os.path.join(self.work, db + ".sqlite")) as conn:
                return conn.execute(sql).fetchone()[0]
        out = subprocess.run(self.psql(db) + ["-Atc", sql], env=self.env, capture_output=True,
                             text=True, check=True).stdout
        return int(out.strip())

    def psql(self, db):
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.env["KEYGATE_DB_HOST"],
                "-p", self.env["KEYGATE_DB_PORT"], "-U", self.env["KEYGATE_DB_USER"], "-d", db]

    def series(self, count):
        """A FROM clause giving n = 1..count."""
        if self.name == "sqlite":
            return (f"(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count})"
                    " SELECT n FROM s) s")
        return f"generate_series(1, {count}) AS s(n)"

    def random_hex8(self):
        if self.name == "sqlite":
            return "lower(hex(randomblob(4)))"
        return "substr(md5(random()::text), 1, 8)"

    def run_sql(self, db, statements, insert=None):
        """Runs statements in one transaction; insert: (table and columns, rows) added after them."""
        if self.name == "sqlite":
            with sqlite3.connect(os.path.join(self.work, db + ".sqlite")) as conn:
                for sql in statements:
                    conn.execute(sql)
                if insert:
                    target, rows = insert
                    marks = ", ".join("?" * len(rows[0]))
                    conn.executemany(f"INSERT INTO {target} VALUES ({marks})", rows)
            return
        # Triggers and foreign keys off for the fill: the triggers bump the auth generation once
        # per row (100,000 updates of one row in one transaction), which keygate does not need
        # here, as it starts after the fill.
        script = ["BEGIN;", "SET LOCAL session_replication_role = replica;"]
        script += [s + ";" for s in statements]
        if insert:
            target, rows = insert
            literal = lambda v: "'" + v.replace("'", "''") + "'" if isinstance(v, str) else str(v)
            values = ",\n".join("(" + ", ".join(map(literal, row)) + ")" for row in rows)
            script.append(f"INSERT INTO {target} VALUES {values};")
        script.append("COMMIT;")
        done = subprocess.run(self.psql(db), env=self.env, input="\n".join(script), text=True,
                              capture_output=True)
        if done.returncode != 0:
            raise RuntimeError("psql: " + done.stderr[-2000:])


def fill(backend, db, users, keys, keys_in_use):
    """Adds `users` users (the first len(keys_in_use) holding those keys) and `keys` keys."""
    backend.keygate("db", "create", db)
    backend.keygate("user", "add", "--db", db, "scale-template")
    template = backend.query(db, "SELECT id FROM res_users WHERE login = 'scale-template'")
    partner_base = backend.query(db, "SELECT max(id) FROM res_partner") + 1000
    user_base = backend.query(db, "SELECT max(id) FROM res_users") + 1000
    key_base = backend.query(db, "SELECT coalesce(max(id), 0) FROM res_users_apikeys") + 1000
    series = backend.series(users)
    statements = [
        f"INSERT INTO res_partner (id, name, complete_name, email, active) SELECT {partner_base} + n,"
        f" 'Scale user ' || n, 'Scale user ' || n, 'scale' || n || '@example.com', TRUE FROM {series}",
        f"INSERT INTO res_users (id, login, partner_id, company_id, active, share) SELECT"
        f" {user_base} + n, 'scale' || n || '@example.com', {partner_base} + n, 1, TRUE, FALSE FROM {series}",
        f"INSERT INTO res_groups_users_rel (gid, uid) SELECT r.gid, {user_base} + s.n FROM {series},"
        f" res_groups_users_rel r WHERE r.uid = {template}",
        f"INSERT INTO res_company_users_rel (cid, user_id) SELECT r.cid, {user_base} + s.n FROM"
        f" {series}, res_company_users_rel r WHERE r.user_id = {template}",
    ]
    filler = keys - len(keys_in_use)
    if filler > 0:
        hex8 = backend.random_hex8()
        statements.append(
            f"INSERT INTO res_users_apikeys (id, name, user_id, scope, \"index\", key) SELECT"
            f" {key_base + len(keys_in_use)} + n, 'filler ' || n, {user_base} + 1 + (n % {users}),"
            f" 'rpc', {hex8}, '$pbkdf2-sha512$6000$' || {hex8} || '$' || {hex8} FROM"
            f" {backend.series(filler)}")
    if backend.name == "postgres":
        for table in ("res_partner", "res_users", "res_users_apikeys"):
            statements.append(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                              f" (SELECT max(id) FROM {table}))")
        statements.append("ANALYZE")
    rows = [(key_base + i, f"scale {i}", user_base + i, "rpc", key[:8], digest)
            for i, (key, digest) in enumerate(keys_in_use, start=1)]
    backend.run_sql(db, statements,
                    ('res_users_apikeys (id, name, user_id, scope, "index", key)', rows))
    if backend.name == "sqlite":
        backend.run_sql(db, ["ANALYZE"])
    return user_base


def call_body(db, uid, key):
    value = lambda inner: f"<param><value>{inner}</value></param>"
    domain = ("<array><data><value><array><data><value><array><data><value><string>id</string>"
              "</value><value><string>=</string></value><value><int>1</int></value></data>"
              "</array></value></data></array></value></data></array>")
    params = (value(f"<string>{db}</string>") + value(f"<int>{uid}</int>") +
              value(f"<string>{key}</string>") + value("<string>res.partner</string>") +
              value("<string>search_count</string>") + value(domain))
    return ("<?xml version='1.0'?><methodCall><methodName>execute_kw</methodName>"
            f"<params>{params}</params></methodCall>")


class Server:
    def __init__(self, backend, log_path):
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [BIN, "--data-dir", backend.work, "serve", "--http-port", "0",
             "--credential-cache-size", str(CREDENTIAL_CACHE), "--policy-cache-size",
             str(POLICY_CACHE)], env=backend.env, stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(200):
            found = re.search(r"serving on http://127\.0\.0\.1:(\d+)", open(log_path).read())
            if found:
                self.port = int(found.group(1))
                return
            time.sleep(0.05)
        raise RuntimeError("server did not start: " + open(log_path).read())

    def memory_kib(self):
        status = open(f"/proc/{self.proc.pid}/status").read()
        field = lambda name: int(re.search(name + r":\s+(\d+) kB", status).group(1))
        return field("VmRSS"), field("VmHWM")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


def check_every_key(port, bodies):
    for body in bodies:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/xmlrpc/2/object",
                                         data=body.encode(), headers={"Content-Type": "text/xml"})
        answer = urllib.request.urlopen(request, timeout=30).read().decode()
        if "<int>1</int>" not in answer:
            raise RuntimeError("a key in use was refused: " + answer[:300])


def drive(port, bodies_file, used, seconds=None):
    env = dict(os.environ, BODIES_FILE=bodies_file, BODIES_USED=str(used))
    out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds or DURATION}s", "-s",
                          os.path.join(HERE, "xmlrpc_rotate.lua"), f"http://127.0.0.1:{port}"],
                         env=env, capture_output=True, text=True, check=True).stdout
    result = re.search(r"^RESULT .*$", out, re.M).group(0)
    if not result.endswith("faults=0"):
        raise RuntimeError("faults under load: " + result)
    return result[len("RESULT "):]


def measure_backend(backend, keys, keys_in_use, work):
    """Both databases served at once, by one server each; the cases alternate between them."""
    servers, bodies_files, lines = {}, {}, []
    try:
        for size, (users, key_count) in SIZES.items():
            db = f"scale_{size}_{os.getpid()}"
            started = time.time()
            user_base = fill(backend, db, users, key_count, keys_in_use)
            print(f"{backend.name} {size}: {users} users, {key_count} keys filled in"
                  f" {time.time() - started:.1f} s", file=sys.stderr)
            bodies = [call_body(db, user_base + i, key) for i, key in enumerate(keys, start=1)]
            bodies_files[size] = os.path.join(work, f"{db}.bodies")
            with open(bodies_files[size], "w") as out:
                out.write("\n".join(bodies) + "\n")
            servers[size] = Server(backend, os.path.join(work, f"{db}.log"))
            check_every_key(servers[size].port, bodies)
        for case, used in (("hot", HOT_KEYS), ("rotating", KEYS_IN_USE)):
            for size in SIZES:  # unmeasured: fills the caches
                drive(servers[size].port, bodies_files[size], used, seconds=1)
            rounds = {size: [] for size in SIZES}
            for round_number in range(ROUNDS):
                order = list(SIZES) if round_number % 2 == 0 else list(reversed(SIZES))
                for size in order:
                    result = drive(servers[size].port, bodies_files[size], used)
                    rounds[size].append(float(re.search(r"rps=([0-9.]+)", result).group(1)))
                    lines.append(f"{backend.name} {size} {case} round {round_number + 1} {result}")
                    print(lines[-1], file=sys.stderr)
            ratios = sorted(large / small for small, large in zip(rounds["small"], rounds["large"]))
            lines.append(f"ratio {backend.name} {case} large/small: median {statistics.median(ratios):.2f}"
                         f" (rounds {', '.join(f'{r:.2f}' for r in ratios)})")
        for size, server in servers.items():
            rss, peak = server.memory_kib()
            lines.append(f"{backend.name} {size} memory rss_kib={rss} peak_rss_kib={peak}")
    finally:
        for size, server in servers.items():
            server.stop()
            backend.keygate("db", "drop", f"scale_{size}_{os.getpid()}")
    return lines


def main():
    work = tempfile.mkdtemp(prefix="kg-scale-")
    lines = []
    try:
        started = time.time()
        keys = [secrets.token_hex(20) for _ in range(KEYS_IN_USE)]
        keys_in_use = [(key, odoo_key_hash(key)) for key in keys]
        print(f"hashed {KEYS_IN_USE} keys in {time.time() - started:.1f} s", file=sys.stderr)
        backends = [Backend("sqlite", work, None)]
        if pg_env():
            backends.append(Backend("postgres", work, pg_env()))
        else:
            print("no PostgreSQL server (run under scripts/with-postgres.sh): SQLite only",
                  file=sys.stderr)
        for backend in backends:
            lines += measure_backend(backend, keys, keys_in_use, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), "?")
    header = [f"# keygate scale {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())} on"
              f" {os.cpu_count()} cores, {cpu}",
              f"# wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s, {ROUNDS} rounds; small = 1,000 users and keys, large ="
              " 100,000 users and 1,000,000 keys;",
              f"# credential_cache_size {CREDENTIAL_CACHE}, policy_cache_size {POLICY_CACHE};"
              f" hot = {HOT_KEYS} keys in turn, rotating = {KEYS_IN_USE} (each call misses the cache)"]
    text = "\n".join(header + lines) + "\n"
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", f"scale-{os.cpu_count()}cores.txt"), "w") as out:
        out.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()
