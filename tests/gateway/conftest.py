"""Fixtures of the gateway suite: keygate in front of the real Odoo 18 that `make test-odoo`
starts (start-odoo.sh --fresh; named by GATEWAY_ODOO_URL, GATEWAY_ODOO_WORKDIR), attached to
Odoo's database with `keygate db attach`, serving with --upstream-url.

The Odoo 19 tests (test_odoo19.py) use the real Odoo 19 `make test-odoo` starts too
(GATEWAY_ODOO19_URL, GATEWAY_ODOO19_DB, GATEWAY_ODOO19_WORKDIR).

Without GATEWAY_ODOO_URL every test here is skipped (`make test` never runs this folder).
"""

import os
import re
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

KEYGATE_BIN = os.environ.get("KEYGATE_BIN", str(Path(__file__).resolve().parents[2] /
                                                  "build" / "keygate"))
ODOO_URL = os.environ.get("GATEWAY_ODOO_URL")
ODOO_DB = os.environ.get("GATEWAY_ODOO_DB", "odoo18")
ODOO_WORKDIR = os.environ.get("GATEWAY_ODOO_WORKDIR", "")
ODOO19_URL = os.environ.get("GATEWAY_ODOO19_URL")
ODOO19_DB = os.environ.get("GATEWAY_ODOO19_DB", "odoo19")
ODOO19_WORKDIR = os.environ.get("GATEWAY_ODOO19_WORKDIR", "")


def pytest_collection_modifyitems(config, items):
    if ODOO_URL:
        return
    skip = pytest.mark.skip(reason="no reference Odoo (run `make test-odoo`)")
    for item in items:
        item.add_marker(skip)


def odoo_conf(name, workdir=None):
    conf = Path(workdir or ODOO_WORKDIR, "odoo.conf").read_text()
    return re.search(r"^%s = (.*)$" % name, conf, re.M).group(1).strip()


def keygate_env(workdir=None):
    """The environment that points keygate at the PostgreSQL of the Odoo in `workdir` (by
    default the Odoo 18's)."""
    env = dict(os.environ)
    env.update(KEYGATE_DB_HOST="127.0.0.1", KEYGATE_DB_PORT=odoo_conf("db_port", workdir),
               KEYGATE_DB_USER=odoo_conf("db_user", workdir),
               KEYGATE_DB_PASSWORD=odoo_conf("db_password", workdir))
    return env


def cli(*args, check=True, workdir=None):
    """Runs `keygate ARGS` on the attached Odoo database; stdout."""
    proc = subprocess.run([KEYGATE_BIN, *args], capture_output=True, text=True, timeout=60,
                          env=keygate_env(workdir))
    if check and proc.returncode != 0:
        raise AssertionError("keygate %s failed: %s" % (" ".join(args), proc.stderr))
    return proc.stdout


def wait_for(predicate, seconds=10):
    """predicate()'s first true value within `seconds`, else its last value."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()


def new_key(login="admin", name="gateway test", *options):
    return cli("key", "new", "--db", ODOO_DB, login, "--name", name, *options).strip()


def odoo_sql(query, workdir=None, db=None):
    """Runs SQL on the Odoo database as PostgreSQL's superuser (what an Odoo administrator can
    do); the output rows."""
    psql = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))[-1]
    proc = subprocess.run([str(psql), "-h", "127.0.0.1", "-p", odoo_conf("db_port", workdir), "-U",
                           "postgres", "-d", db or ODOO_DB, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", query],
                          capture_output=True, text=True, timeout=60, check=True)
    return proc.stdout.split()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Keygate:
    """`keygate serve` in gateway mode, on a free port; the log in a temporary file."""

    def __init__(self, upstream, *flags, workdir=None):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile("w+", prefix="keygate-gw-", suffix=".log")
        self.proc = subprocess.Popen(
            [KEYGATE_BIN, "serve", "--http-port", str(self.port), "--upstream-url", upstream,
             "--event-flush-ms", "50", "--detect-interval-seconds", "0.5", *flags],
            stdout=self.log, stderr=subprocess.STDOUT, env=keygate_env(workdir))
        deadline = time.time() + 30
        while "keygate serving on" not in self.text():
            if self.proc.poll() is not None or time.time() > deadline:
                raise AssertionError("keygate did not start:\n" + self.text())
            time.sleep(0.05)
        self.url = "http://127.0.0.1:%d" % self.port

    def text(self):
        return Path(self.log.name).read_text()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()


@pytest.fixture(scope="session")
def attached():
    cli("db", "attach", ODOO_DB)
    return ODOO_DB


@pytest.fixture(scope="session")
def gateway(attached):
    kg = Keygate(ODOO_URL)
    yield kg
    kg.stop()


@pytest.fixture(scope="session")
def proxied_gateway(attached):
    """keygate behind a (pretend) reverse proxy on 127.0.0.1, which names the client."""
    kg = Keygate(ODOO_URL, "--proxy-mode", "True", "--trusted-proxies", "127.0.0.1/32")
    yield kg
    kg.stop()
