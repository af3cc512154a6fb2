"""`keygate doctor` pointed at the real Odoo 18 and at keygate, remotely (no --data-dir): each
diagnosis it makes must come out the same on both servers and be right for that situation (good
key, wrong key, wrong database, e-mail instead of login, archived user, a 2FA user's password,
a missing group)."""

import json
import os
import subprocess

import pytest

from conftest import KEYGATE_BIN, OUTCOMES

ENV_VAR = "KG_DOCTOR_SECRET"


def doctor(target, login, secret, *extra, db=None):
    cmd = [KEYGATE_BIN, "doctor", "--url", target.url, "--db", db or target.db, "--login", login,
           "--key-env", ENV_VAR, "--timeout", "20", "--json"] + list(extra)
    env = dict(os.environ, **{ENV_VAR: secret})
    env.pop("KEYGATE_DATA_DIR", None)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180)
    if len(secret) >= 12:  # a short password ("admin") is also the login the report names
        assert secret not in proc.stdout + proc.stderr, "the doctor printed the secret"
    steps = {s["name"]: s for s in json.loads(proc.stdout)}
    return proc.returncode, steps


def statuses(steps):
    return {name: s["status"] for name, s in steps.items()}


# (id, login, secret label or literal, extra args, db override, exit code, {step: status},
#  {step: (field, text the field contains)})
SITUATIONS = [
    ("good_key", "admin", "admin_key", [], None, 0,
     {"authenticate (XML-RPC)": "pass", "authenticate (JSON-RPC)": "pass", "object call": "pass",
      "web session": "warn", "database": "pass"},
     {"web session": ("cause", "API keys do not open web sessions")}),
    ("good_password", "admin", "admin_pw", [], None, 0,
     {"authenticate (XML-RPC)": "pass", "web session": "pass", "session cookie": "pass"}, {}),
    ("wrong_key", "admin", "0123456789abcdef0123456789abcdef01234567", [], None, 1,
     {"authenticate (XML-RPC)": "fail", "uid False handling": "fail",
      "authenticate (JSON-RPC)": "skip"},
     {"authenticate (XML-RPC)": ("cause", "revoked")}),
    ("wrong_database", "admin", "admin_key", [], "Odoo18", 1,
     {"database": "fail", "authenticate (XML-RPC)": "skip"},
     {"database": ("cause", "wrong database name")}),
    ("email_not_login", "mark.brown23@example.com", "demo_key", [], None, 1,
     {"authenticate (XML-RPC)": "fail"},
     {"authenticate (XML-RPC)": ("cause", "often but not always their e-mail")}),
    ("archived_user", "archived", "archived_key", [], None, 1,
     {"authenticate (XML-RPC)": "fail"},
     {"authenticate (XML-RPC)": ("cause", "archived")}),
    ("totp_password", "totpuser", "totp_pw", [], None, 1,
     {"authenticate (XML-RPC)": "fail"},
     {"authenticate (XML-RPC)": ("cause", "two-factor")}),
    ("missing_group", "demo", "demo_key", ["--model", "res.groups", "--operation", "create"],
     None, 1, {"authenticate (XML-RPC)": "pass", "object call": "pass"}, {}),
]


@pytest.mark.parametrize("situation", SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_doctor_diagnoses_the_real_odoo_as_keygate(situation, targets):
    sid, login, secret, extra, db, code, expected, texts = situation
    answers = []
    for t in targets:
        rc, steps = doctor(t, login, t.secrets.get(secret, secret), *extra, db=db)
        assert rc == code, (t.name, json.dumps(steps, indent=1))
        for name, status in expected.items():
            assert steps[name]["status"] == status, (t.name, name, steps[name])
        for name, (field, text) in texts.items():
            assert text in steps[name][field], (t.name, name, steps[name])
        answers.append(statuses(steps))
    OUTCOMES["doctor." + sid] = "same" if answers[0] == answers[1] else "different"
    assert answers[0] == answers[1]
