"""Real clients against both servers: the same scenario (clients/scenario.js, clients/scenario.py)
run by each client against the real Odoo 18 and against keygate must give the same steps with the
same outcomes, record ids and uids turned into labels and Odoo's tracebacks into their last line.

The npm clients (clients/package-lock.json) are installed by clients/install.sh into
DIFF_NPM_PREFIX (`make test-odoo`: the build directory), once."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import KEYGATE_BIN, OUTCOMES
from targets import reduce_traceback

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "clients"))
import scenario  # noqa: E402  (clients/scenario.py)

NPM_PREFIX = Path(os.environ.get("DIFF_NPM_PREFIX",
                                 str(Path(KEYGATE_BIN).resolve().parent / "differential-npm")))

# client -> (runner, secret of admin, secret of the user refused a res.groups create)
CLIENTS = {
    "xmlrpc.client": ("python", "admin_key", "demo_key"),
    "odoorpc": ("python", "admin_pw", "demo_pw"),
    "odoo-await": ("node", "admin_key", "demo_key"),
    "odoo-xmlrpc": ("node", "admin_key", "demo_key"),
    "fernandoslim-key": ("node", "admin_key", "demo_key"),
    "fernandoslim-session": ("node", "admin_pw", "demo_pw"),
}


GROUPS_DENIED = ("You are not allowed to create 'Access Groups' (res.groups) records.\n\nThis "
                 "operation is allowed for the following groups:\n\t- Administration/Access "
                 "Rights\n\nContact your administrator to request access if necessary.")


def expected_steps(client):
    """What every client must see (on both servers) in the steps whose answer does not depend on
    how the client reports it; the other steps are compared between the servers only."""
    def row(label, **vals):
        return dict(vals, id="<res.partner %s>" % label)
    return {
        "authenticate": {"ok": "<res.users admin>"},
        "search_read": {"ok": [row("Gamma Solo", name="Gamma Solo", city=False, parent_id=False),
                               row("Fay Nocity", name="Fay Nocity", city=False, parent_id=False),
                               row("Emil Loner", name="Emil Loner", city="LIÈGE",
                                   parent_id=False)]},
        "read": {"ok": [row("Anna Alpha", name="Anna Alpha", email="anna@alpha.example.com",
                            parent_id=["<res.partner Alpha Widgets>", "Alpha Widgets"])]},
        "create": {"ok": "<created id>"},
        "write": {"ok": True},
        "read.created": {"ok": [row("?", name="Client " + client, function="Tester",
                                    ref="CLI-" + client, email="c@client.example")]},
        "unlink": {"ok": True},
        "read.unlinked": {"ok": []},
        "access_error.authenticate": {"ok": "<res.users demo>"},
        "access_error.search_count": {"ok": 10},
    }


@pytest.fixture(scope="session")
def npm_clients():
    subprocess.run([str(HERE / "clients" / "install.sh"), str(NPM_PREFIX)], check=True,
                   timeout=600)
    return NPM_PREFIX / "node_modules"


def run_scenario(client, target, node_modules):
    runner, secret, denied_secret = CLIENTS[client]
    cfg = {"url": target.url, "db": target.db, "login": "admin",
           "secret": target.secrets[secret], "denied_login": "demo",
           "denied_secret": target.secrets[denied_secret]}
    if runner == "python":
        return scenario.run(client, cfg)
    proc = subprocess.run(["node", str(HERE / "clients" / "scenario.js"), client,
                           json.dumps(cfg)], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, NODE_PATH=str(node_modules)))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def normalise_step(target, name, outcome):
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, dict):
            error = dict(error, string=reduce_traceback(error["string"]))
        return {"error": target.normalise(error)}
    value = outcome["ok"]
    if name.endswith("authenticate"):
        return {"ok": target.label_of("res.users", value)}
    if name == "fields_get":
        return {"ok": value}
    return {"ok": target.normalise(value, "res.partner")}


@pytest.mark.parametrize("client", list(CLIENTS))
def test_client_scenario(client, targets, npm_clients):
    answers = []
    for t in targets:
        steps = run_scenario(client, t, npm_clients)
        answers.append([[name, normalise_step(t, name, outcome)] for name, outcome in steps])
    odoo, keygate = answers
    expected = expected_steps(client)
    assert {n: o for n, o in odoo if n in expected} == expected
    denied = dict(odoo)["access_error.create"]["error"]
    assert GROUPS_DENIED in (denied["string"] if isinstance(denied, dict) else denied)
    differing = [(o, k) for o, k in zip(odoo, keygate) if o != k]
    OUTCOMES["client." + client] = "same" if odoo == keygate else "different"
    assert [name for name, _ in odoo] == [name for name, _ in keygate]
    assert differing == [], "\n".join("Odoo:    %s\nkeygate: %s" % (json.dumps(o), json.dumps(k))
                                      for o, k in differing)
