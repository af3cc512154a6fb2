"""Shared fixtures of the end-to-end tests: the real keygate binary, a demo database made by its
CLI, a server started on a free port, and helpers that make users and API keys through the CLI.

Every secret a test creates or presents is recorded in SECRETS so that the last test can check
that none of them reached the server's log.
"""

import itertools
import os
from pathlib import Path
import re
import select
import signal
import socket
import subprocess
import threading
import time
import uuid
import xmlrpc.client
from dataclasses import dataclass

import pytest

KEYGATE_BIN = os.environ.get("KEYGATE_BIN", "/work/main/build/keygate")

# KEYGATE_TEST_BACKEND=pg: every keygate process (CLI and server) inherits KEYGATE_DB_* and so
# keeps its databases on the PostgreSQL server of scripts/with-postgres.sh (KEYGATE_TEST_PG_*)
# instead of SQLite files in its data directory (make integration-pg).
if os.environ.get("KEYGATE_TEST_BACKEND") == "pg":
    if not os.environ.get("KEYGATE_TEST_PG_HOST"):
        raise RuntimeError("KEYGATE_TEST_BACKEND=pg needs KEYGATE_TEST_PG_HOST/PORT/USER: "
                           "run the suite under scripts/with-postgres.sh")
    os.environ["KEYGATE_DB_HOST"] = os.environ["KEYGATE_TEST_PG_HOST"]
    os.environ["KEYGATE_DB_PORT"] = os.environ["KEYGATE_TEST_PG_PORT"]
    os.environ["KEYGATE_DB_USER"] = os.environ["KEYGATE_TEST_PG_USER"]
    os.environ["KEYGATE_DB_SSLMODE"] = "disable"

# Refusals are answered late (refusal_delay_ms, 1 s by default), which would add a second to each
# of the suite's many deliberate wrong credentials and malformed requests. The servers of the
# suite answer them as soon as a password check would (the timing rule of unknown logins still
# holds); test_hardening.py starts servers with the default and checks the delay itself.
os.environ.setdefault("KEYGATE_REFUSAL_DELAY_MS", "0")


def sql(data_dir, db, query):
    """Runs one SQL statement of the test's own on a keygate database, whichever backend holds it
    (the SQLite file in data_dir, or the PostgreSQL test server); returns the rows as text."""
    if os.environ.get("KEYGATE_TEST_BACKEND") == "pg":
        proc = subprocess.run(
            ["psql", "-h", os.environ["KEYGATE_TEST_PG_HOST"], "-p",
             os.environ["KEYGATE_TEST_PG_PORT"], "-U", os.environ["KEYGATE_TEST_PG_USER"], "-d", db,
             "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", "\x1f", "-c", query],
            capture_output=True, text=True, timeout=30, check=True)
        return [tuple(line.split("\x1f")) for line in proc.stdout.splitlines() if line]
    import sqlite3
    with sqlite3.connect(str(Path(data_dir) / (db + ".sqlite"))) as conn:
        return [tuple("" if c is None else str(c) for c in row) for row in conn.execute(query)]


def rule_violation(name, uid, operation, description, model):
    """Odoo 18's AccessError text for records outside a record rule (ir.rule _make_access_error)."""
    return (
        "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n"
        "Sorry, %s (id=%d) doesn't have '%s' access to:\n- %s (%s)\n\n"
        "If you really, really need access, perhaps you can win over your friendly "
        "administrator with a batch of freshly baked cookies." % (name, uid, operation,
                                                                  description, model))


def scope_denial(op, model, scope):
    """keygate's AccessError text for an API key whose scope lacks `op` on `model`."""
    return ("API key does not have sufficient permissions: this key may not %s '%s' records "
            "(its scope is '%s')." % (op, model, scope))


DB = "demo"
ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "admin"
ADMIN_UID = 2
SERVER_START_TIMEOUT = 20
STOP_TIMEOUT = 10

VERSION_18 = {
    "server_version": "18.0",
    "server_version_info": [18, 0, 0, "final", 0, ""],
    "server_serie": "18.0",
    "protocol_version": 1,
}

# The partners of `keygate db create --demo`: (name, email, city, is_company).
DEMO_PARTNERS = [
    ("Azure Interior", "azure.Interior24@example.com", "Fremont", True),
    ("Deco Addict", "deco_addict@example.com", "Pleasant Hill", True),
    ("Gemini Furniture", "gemini_furniture@fake.geminifurniture.com", "Fairfield", True),
    ("Lumber Inc", "lumber-inv92@example.com", "Stockton", True),
    ("Ready Mat", "ready.mat28@example.com", "Tracy", True),
    ("The Jackson Group", "jackson.group82@example.com", "Turlock", True),
    ("Wood Corner", "wood.corner26@example.com", "Turlock", True),
    ("Brandon Freeman", "brandon.freeman55@example.com", "Fremont", False),
    ("Colleen Diaz", "colleen.diaz83@example.com", "Fremont", False),
    ("Nicole Ford", "nicole.ford75@example.com", "Pleasant Hill", False),
    ("Addison Olson", "addison.olson28@example.com", "Fairfield", False),
    ("Douglas Fletcher", "douglas.fletcher51@example.com", "Stockton", False),
    ("Floyd Steward", "floyd.steward34@example.com", "Tracy", False),
    ("Jesse Brown", "jesse.brown74@example.com", "Turlock", False),
]
DEMO_NAMES = [p[0] for p in DEMO_PARTNERS]

# Every secret made or sent during the session (keys, passwords): none may appear in a log.
SECRETS = set()

_counter = itertools.count(1)


def unique_login(prefix):
    """A login that sorts after the demo partners' names (lowercase) and is unique per session."""
    return "kgtest-%s-%d-%s@example.invalid" % (prefix, next(_counter), uuid.uuid4().hex[:6])


def random_key():
    """A well-formed API key that was never issued (40 lowercase hex characters)."""
    key = os.urandom(20).hex()
    SECRETS.add(key)
    return key


def secret(text):
    """Records `text` as a secret (a password a test sends) and returns it."""
    SECRETS.add(text)
    return text


def run_cli(data_dir, *args, input_text=None, check=True, timeout=60):
    """Runs `keygate --data-dir DATA_DIR ARGS...`; returns the CompletedProcess."""
    cmd = [KEYGATE_BIN, "--data-dir", str(data_dir)] + [str(a) for a in args]
    proc = subprocess.run(cmd, input=input_text, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(
            "command failed (exit %d): %s\nstdout: %s\nstderr: %s"
            % (proc.returncode, " ".join(cmd[1:]), proc.stdout, proc.stderr)
        )
    return proc


@dataclass
class ApiKey:
    key: str
    id: int
    login: str


class Cli:
    """The keygate CLI acting on one data directory, as an operator would use it."""

    def __init__(self, data_dir):
        self.data_dir = data_dir

    def run(self, *args, input_text=None, check=True):
        return run_cli(self.data_dir, *args, input_text=input_text, check=check)

    def new_key(self, login=ADMIN_LOGIN, name="Integration with App X", scope=None,
                expires_days=None, db=DB, force=False):
        """`force`: a scope that never works over RPC (an Odoo scope), which needs --force."""
        args = ["key", "new", "--db", db, login, "--name", name]
        if scope is not None:
            args += ["--scope", scope]
        if force:
            args.append("--force")
        if expires_days is None and login != ADMIN_LOGIN:
            # Odoo 18: a non-administrator's key must expire (at most 1 day without a group
            # duration, 90 days for internal users).
            expires_days = 1
        if expires_days is not None:
            args += ["--expires-days", "%.6f" % expires_days]
        proc = self.run(*args)
        key = proc.stdout.strip()
        # stdout holds the key alone; the rest (with the key's id) goes to stderr.
        assert re.fullmatch(r"[0-9a-f]{40}", key), "key new printed %r on stdout" % proc.stdout
        assert proc.stdout == key + "\n"
        SECRETS.add(key)
        m = re.search(r"Created API key (\d+)", proc.stderr)
        assert m, "key new did not name the key's id on stderr: %r" % proc.stderr
        return ApiKey(key=key, id=int(m.group(1)), login=login)

    def revoke(self, key_id, db=DB):
        self.run("key", "revoke", "--db", db, key_id)

    def add_user(self, login, name=None, email=None, password=None, db=DB):
        args = ["user", "add", "--db", db, login]
        if name is not None:
            args += ["--name", name]
        if email is not None:
            args += ["--email", email]
        if password is not None:
            args.append("--password-stdin")
            SECRETS.add(password)
        proc = self.run(*args, input_text=None if password is None else password + "\n")
        out = proc.stdout.strip()
        assert re.fullmatch(r"\d+", out), "user add printed %r on stdout" % proc.stdout
        return int(out)

    def archive(self, login, db=DB):
        self.run("user", "archive", "--db", db, login)

    def unarchive(self, login, db=DB):
        self.run("user", "unarchive", "--db", db, login)

    def passwd(self, login, password, db=DB):
        SECRETS.add(password)
        self.run("user", "passwd", "--db", db, login, "--password-stdin",
                 input_text=password + "\n")


class Server:
    """A `keygate serve` process on a free loopback port; its output lines are collected."""

    instances = []  # every server the session started, for the log checks at the end

    def __init__(self, data_dir, *serve_args):
        Server.instances.append(self)
        self.data_dir = data_dir
        self.serve_args = [str(a) for a in serve_args]
        self.lines = []  # every line of stderr and stdout, in arrival order
        self._lock = threading.Lock()
        self._port_found = threading.Event()
        self.port = None
        self.proc = None
        self._readers = []

    def _reader(self, stream):
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self._lock:
                self.lines.append(line)
            m = re.search(r"keygate serving on https?://127\.0\.0\.1:(\d+)", line)
            if m and self.port is None:
                self.port = int(m.group(1))
                self._port_found.set()
        stream.close()

    def start(self):
        cmd = [KEYGATE_BIN, "--data-dir", str(self.data_dir), "serve", "--http-port", "0"]
        cmd += self.serve_args
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        for stream in (self.proc.stderr, self.proc.stdout):
            t = threading.Thread(target=self._reader, args=(stream,), daemon=True)
            t.start()
            self._readers.append(t)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not self._port_found.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("keygate serve did not start (exit %r); output:\n%s"
                                     % (self.proc.returncode, "\n".join(self.log_lines())))
        return self

    def stop(self):
        """SIGTERM; the server must exit 0 within STOP_TIMEOUT seconds."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("keygate serve did not stop within %d s of SIGTERM"
                                 % STOP_TIMEOUT)
        for t in self._readers:
            t.join(5)
        assert rc == 0, "keygate serve exited %d after SIGTERM; output:\n%s" % (
            rc, "\n".join(self.log_lines()[-30:]))

    def alive(self):
        return self.proc.poll() is None

    def log_lines(self):
        with self._lock:
            return list(self.lines)

    def has_logged(self, text, timeout=10):
        """Whether a log line containing `text` arrives within `timeout` seconds (the server's
        output is read by threads, so a line written just now may not be here yet)."""
        deadline = time.monotonic() + timeout
        while True:
            if any(text in line for line in self.log_lines()):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def proxy(self, path, allow_none=False):
        return xmlrpc.client.ServerProxy(self.url + path, allow_none=allow_none)

    def common(self, **kw):
        return self.proxy("/xmlrpc/2/common", **kw)

    def object(self, **kw):
        return self.proxy("/xmlrpc/2/object", **kw)

    def db(self, **kw):
        return self.proxy("/xmlrpc/2/db", **kw)


def raw_http(port, request_bytes, timeout=15):
    """Sends raw bytes to the server and returns (status, headers dict, body bytes).

    Reads until the server closes the connection or a complete Content-Length body arrived.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request_bytes)
        return read_http_response(s, timeout)


def read_http_response(sock, timeout=15):
    data = b""
    deadline = time.monotonic() + timeout
    while True:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode("latin-1")
            lines = head.split("\r\n")
            status = int(lines[0].split(" ")[1])
            headers = {}
            for line in lines[1:]:
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            if status == 100:
                data = data[head_end + 4:]
                continue
            length = headers.get("content-length")
            body = data[head_end + 4:]
            if length is not None and len(body) >= int(length):
                return status, headers, body[: int(length)]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError("no complete HTTP response within %s s: %r"
                                 % (timeout, data[:300]))
        r, _, _ = select.select([sock], [], [], remaining)
        if not r:
            continue
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            if head_end >= 0:
                return status, headers, data[head_end + 4:]
            raise AssertionError("connection closed before a response: %r" % data[:300])
        data += chunk


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("keygate-data")


@pytest.fixture(scope="session")
def cli(data_dir):
    return Cli(data_dir)


@pytest.fixture(scope="session")
def demo_db(cli):
    proc = cli.run("db", "create", DB, "--demo")
    assert proc.stdout == ""  # everything of `db create` is for humans: stderr
    # The suite sends many wrong credentials from 127.0.0.1 on purpose: no login cooldown on the
    # shared demo database (test_defences.py tests it on databases of its own).
    cli.run("config", "set", "--db", DB, "base.login_cooldown_after", "0")
    return DB


@pytest.fixture(scope="session")
def server(data_dir, demo_db):
    srv = Server(data_dir).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def admin_key(server, cli):
    """A global API key of the demo administrator (uid 2)."""
    return cli.new_key(ADMIN_LOGIN, name="Integration tests").key


@pytest.fixture
def common(server):
    return server.common()


@pytest.fixture
def models(server):
    return server.object()


def partner_ids_by_name(models, key):
    """{name: id} of the demo partners."""
    rows = models.execute_kw(DB, ADMIN_UID, key, "res.partner", "search_read",
                             [[("name", "in", DEMO_NAMES)]], {"fields": ["name"]})
    return {r["name"]: r["id"] for r in rows}


class HeaderTransport(xmlrpc.client.Transport):
    """An XML-RPC transport that adds fixed headers (X-Forwarded-For, as a proxy would)."""

    def __init__(self, headers):
        super().__init__()
        self._fixed = list(headers.items())

    def send_headers(self, connection, headers):
        super().send_headers(connection, list(headers) + self._fixed)


def rpc_via_proxy(server, service, forwarded_for=None):
    """An XML-RPC proxy for /xmlrpc/2/SERVICE, optionally as if forwarded for an address."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/" + service,
                                     transport=HeaderTransport(headers))
