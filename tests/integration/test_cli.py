"""The `keygate` command line as an administrator meets it (issue 15), end to end with the real
binary: values that can never work are refused where they are typed, with one line that says
what to type instead; `access check` gives the server's own verdict; the doctor never locks the
user out; global options work anywhere; typos get "did you mean"; every command's outcome is
printed once, with the documented exit status (0 ok, 1 error, 2 denied or findings).
"""

import json
import os
import re
import shlex
import subprocess
import time
import xmlrpc.client

import pytest

from conftest import (ADMIN_LOGIN, ADMIN_PASSWORD, DB, KEYGATE_BIN, SECRETS, Server, run_cli,
                      random_key, sql, unique_login)

PG = os.environ.get("KEYGATE_TEST_BACKEND") == "pg"
SQLITE_ONLY = pytest.mark.skipif(PG, reason="messages about the SQLite data directory")

GRAMMAR = ('expected "rpc", "rpc:readonly" or "rpc:MODEL:OPS[;MODEL:OPS...]" where MODEL is a '
           'model name (e.g. sale.order) or *, and OPS is a comma-separated list of read, write, '
           'create, unlink or all; e.g. "rpc:sale.order:read,write;res.partner:read"')


_dbs = iter(range(1, 10000))


def fresh_db():
    """A database name no other test uses (on PostgreSQL every test shares one server)."""
    return "cli%d_%d" % (os.getpid(), next(_dbs))


def keygate(*args, input_text=None, env=None):
    """Runs the binary with exactly these arguments (no --data-dir added)."""
    run_env = dict(os.environ, **(env or {}))
    run_env.pop("KEYGATE_DATA_DIR", None)
    return subprocess.run([KEYGATE_BIN] + [str(a) for a in args], input=input_text,
                          capture_output=True, text=True, timeout=60, env=run_env)


def never_works(scope, hint=""):
    return ("keygate: error: API key scope '%s' never authenticates over RPC (it is not global "
            "and does not start with 'rpc'); %s%s, or no --scope for a global key (--force "
            "creates it anyway)\n" % (scope, hint, GRAMMAR))


# ---- 1. Scopes that can never work ----

def test_scopes_that_never_work_are_refused_at_key_new(cli, demo_db):
    login = unique_login("scope")
    cli.add_user(login)
    cases = [("readonly", "did you mean 'rpc:readonly'? "),
             ("sale.order:read", "did you mean 'rpc:sale.order:read'? "),
             ("odoo.plugin.outlook", "")]
    for scope, hint in cases:
        proc = cli.run("key", "new", "--db", DB, login, "--name", "x", "--scope", scope,
                       "--expires-days", "5", check=False)
        assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", never_works(scope, hint))
    typo = cli.run("key", "new", "--db", DB, login, "--name", "x", "--scope",
                   "rpc:sale.ordr:read", "--expires-days", "5", check=False)
    assert (typo.returncode, typo.stdout) == (1, "")
    assert typo.stderr == ("keygate: error: API key scope 'rpc:sale.ordr:read' names the model "
                           "'sale.ordr', which does not exist; did you mean 'sale.order'? "
                           "(--force creates it anyway)\n")
    # Nothing was created; the valid forms still are.
    assert json.loads(cli.run("key", "list", "--db", DB, login, "--json").stdout) == []
    cli.new_key(login, name="orders", scope="rpc:sale.order:read", expires_days=5)


def test_audit_flags_keys_whose_scope_never_works(tmp_path):
    db = fresh_db()
    run_cli(tmp_path, "db", "create", db, "--demo")
    made = run_cli(tmp_path, "key", "new", "--db", db, ADMIN_LOGIN, "--name", "plugin",
                   "--scope", "readonly", "--force")
    SECRETS.add(made.stdout.strip())
    key_id = int(re.search(r"Created API key (\d+)", made.stderr).group(1))
    report = json.loads(run_cli(tmp_path, "audit", "--db", db, "--json").stdout)
    flagged = [f for f in report["findings"] if f["check"] == "scope_never_works"]
    assert flagged == [{
        "check": "scope_never_works", "severity": "warning", "key_id": key_id, "user_id": 2,
        "login": "admin",
        "detail": 'key %d "plugin" of admin can never work over RPC: '
                  % key_id + never_works("readonly", "did you mean 'rpc:readonly'? ")[
                      len("keygate: error: "):-len(" (--force creates it anyway)\n")],
        "recommendation": "revoke it (keygate key revoke --db %s %d) and make a key with a "
                          "valid scope (keygate key new --scope ...)" % (db, key_id)}]
    failing = run_cli(tmp_path, "audit", "--db", db, "--fail-on", "warning", check=False)
    assert failing.returncode == 2
    assert failing.stderr == "keygate: audit: findings at warning level (--fail-on warning)\n"


def test_audit_flags_a_stored_empty_scope(tmp_path):
    # '' is not NULL: Odoo and keygate refuse such a key, so the audit must not count it as global.
    db = fresh_db()
    run_cli(tmp_path, "db", "create", db, "--demo")
    made = run_cli(tmp_path, "key", "new", "--db", db, ADMIN_LOGIN, "--name", "blank")
    SECRETS.add(made.stdout.strip())
    key_id = int(re.search(r"Created API key (\d+)", made.stderr).group(1))
    sql(tmp_path, db, "UPDATE res_users_apikeys SET scope = '' WHERE id = %d" % key_id)
    report = json.loads(run_cli(tmp_path, "audit", "--db", db, "--json").stdout)
    flagged = [f for f in report["findings"] if f["check"] == "scope_never_works"]
    assert [(f["key_id"], f["detail"].split(": ", 1)[1].split(";")[0]) for f in flagged] == [
        (key_id, "invalid API key scope '': it does not start with \"rpc:\"")]


def test_scopes_may_name_the_models_of_the_databases_own_ir_model(tmp_path):
    # An attached Odoo database knows models keygate does not declare: its ir_model names them.
    db = fresh_db()
    run_cli(tmp_path, "db", "create", db, "--demo")
    sql(tmp_path, db, "INSERT INTO ir_model (model, name) VALUES ('fleet.vehicle', 'Vehicle')")
    made = run_cli(tmp_path, "key", "new", "--db", db, ADMIN_LOGIN, "--name", "fleet",
                   "--scope", "rpc:fleet.vehicle:read")
    SECRETS.add(made.stdout.strip())
    typo = run_cli(tmp_path, "key", "new", "--db", db, ADMIN_LOGIN, "--name", "x", "--scope",
                   "rpc:fleet.vehicles:read", check=False)
    assert (typo.returncode, typo.stderr) == (1, (
        "keygate: error: API key scope 'rpc:fleet.vehicles:read' names the model "
        "'fleet.vehicles', which does not exist; did you mean 'fleet.vehicle'? "
        "(--force creates it anyway)\n"))
    report = json.loads(run_cli(tmp_path, "audit", "--db", db, "--json").stdout)
    assert [f for f in report["findings"] if f["check"] == "scope_never_works"] == []


def test_audit_and_key_list_show_whole_scopes_with_the_same_json(tmp_path):
    db = fresh_db()
    run_cli(tmp_path, "db", "create", db, "--demo")
    scope = "rpc:sale.order:read,write;res.partner:read"
    for args in (["--scope", scope], []):
        made = run_cli(tmp_path, "key", "new", "--db", db, ADMIN_LOGIN, "--name", "k", *args)
        SECRETS.add(made.stdout.strip())
    listed = json.loads(run_cli(tmp_path, "key", "list", "--db", db, "--json").stdout)
    audited = json.loads(run_cli(tmp_path, "audit", "--db", db, "--json").stdout)["keys"]
    assert [k["scope"] for k in listed] == [scope, None]
    assert [k["scope"] for k in audited] == [scope, None]
    text = run_cli(tmp_path, "audit", "--db", db).stdout
    assert re.search(r"\n  1 +admin +k +%s +never" % re.escape(scope), text), text
    table = run_cli(tmp_path, "key", "list", "--db", db).stdout.splitlines()
    assert table[0].split() == ["ID", "LOGIN", "NAME", "SCOPE", "CREATED", "EXPIRES", "LAST",
                                "USE", "ROTATION", "RESTRICTIONS"]
    assert table[1].split()[3] == scope and table[2].split()[3] == "global"
    # The columns after a long scope stay aligned.
    assert table[1].index(" 20") == table[2].index(" 20") == table[0].index(" CREATED")


# ---- 2. access check says what the server does ----

def server_verdict(models, uid, key, model, operation):
    """The server's answer to a harmless call of the operation: None when allowed, else the
    AccessError's text. Writes and unlinks name no record; a create names a field no model has,
    so it fails after the access decision and stores nothing."""
    calls = {"read": ("search_count", [[]]), "write": ("write", [[], {}]),
             "unlink": ("unlink", [[]]), "create": ("create", [{"kg_no_such_field": 1}])}
    method, args = calls[operation]
    try:
        result = models.execute_kw(DB, uid, key, model, method, args)
    except xmlrpc.client.Fault as f:
        if f.faultCode == 4:
            return f.faultString
        assert "kg_no_such_field" in f.faultString, f.faultString
        return None  # the unknown field, after the access decision
    assert operation != "create", result
    return None


def cli_verdict(cli, login, model, operation, key_id=None):
    args = ["access", "check", "--db", DB, login, model, operation]
    if key_id is not None:
        args += ["--key-id", key_id]
    proc = cli.run(*args, check=False)
    assert proc.returncode in (0, 2), proc.stderr
    if proc.returncode == 0:
        assert proc.stdout.startswith("allowed: ") and proc.stderr == ""
        return None
    assert proc.stdout.startswith("denied: ")
    assert proc.stderr == "keygate: denied: %s may not %s %s%s\n" % (
        login, operation, model, "" if key_id is None else " with API key %s" % key_id)
    message = proc.stdout.split("  the call would fail with: AccessError\n", 1)[1]
    return "\n".join(line[4:] for line in message.splitlines())


def test_access_check_refuses_what_the_server_refuses_on_res_groups(server, cli, admin_key):
    proc = cli.run("access", "check", "--db", DB, ADMIN_LOGIN, "res.groups", "write",
                   check=False)
    assert proc.returncode == 2
    assert proc.stdout.startswith("denied: admin (uid 2) write on res.groups (Access Groups)\n")
    assert proc.stdout.endswith(
        "  the call would fail with: AccessError\n"
        "    You are not allowed to modify 'Access Groups' (res.groups) records through the "
        "API.\n")
    assert proc.stderr == "keygate: denied: admin may not write res.groups\n"
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().execute_kw(DB, 2, admin_key, "res.groups", "write", [[1], {"name": "x"}])
    assert (e.value.faultCode, e.value.faultString) == (
        4, "You are not allowed to modify 'Access Groups' (res.groups) records through the API.")


def test_access_check_agrees_with_the_server_everywhere(server, cli, admin_key):
    models = server.object()
    salesman = unique_login("verdict-sales")
    plain = unique_login("verdict-plain")
    cli.add_user(salesman)
    cli.run("group", "grant", "--db", DB, salesman, "sales_team.group_sale_salesman")
    cli.add_user(plain)
    callers = [(ADMIN_LOGIN, 2, admin_key, None)]
    for login in (salesman, plain):
        uid = int(cli.run("user", "show", "--db", DB, login, "--json").stdout and
                  json.loads(cli.run("user", "show", "--db", DB, login, "--json").stdout)["id"])
        for scope in (None, "rpc:readonly", "rpc:sale.order:read,write"):
            k = cli.new_key(login, name="verdict", scope=scope, expires_days=1)
            callers.append((login, uid, k.key, k.id if scope else None))
    checked = 0
    for login, uid, key, key_id in callers:
        for model in ("res.partner", "sale.order", "res.groups", "res.users", "res.company"):
            for operation in ("read", "write", "create", "unlink"):
                want = server_verdict(models, uid, key, model, operation)
                got = cli_verdict(cli, login, model, operation, key_id)
                assert got == want, (login, key_id, model, operation)
                checked += 1
    assert checked > 100


def test_access_check_of_a_key_the_server_refuses(cli, demo_db):
    login = unique_login("verdict-key")
    cli.add_user(login)
    plugin = cli.new_key(login, name="plugin", scope="mail", expires_days=1, force=True)
    proc = cli.run("access", "check", "--db", DB, login, "res.partner", "read", "--key-id",
                   plugin.id, check=False)
    assert proc.returncode == 2
    assert ("  API key %d: its scope 'mail' never authenticates over RPC; the server refuses it "
            "before any call (Access Denied)\n" % plugin.id) in proc.stdout
    typo = cli.run("access", "check", "--db", DB, login, "sale.ordr", "read", check=False)
    assert (typo.returncode, typo.stderr) == (
        1, 'keygate: error: Object sale.ordr doesn\'t exist; did you mean "sale.order"?\n')


# ---- 3. The doctor never locks the user out ----

def run_doctor(data_dir, url, db, login, key):
    return keygate("doctor", "--url", url, "--db", db, "--login", login, "--key-env", "KG_SECRET",
                   "--json", env={"KG_SECRET": key})


def test_doctor_with_a_wrong_key_never_brings_the_cooldown(server, cli, data_dir):
    db = "doctorlock%d" % os.getpid()
    cli.run("db", "create", db, "--demo")  # the default cooldown: 5 failures, 60 s
    good = cli.new_key(ADMIN_LOGIN, name="doctor good", db=db)
    wrong = random_key()
    for _ in range(4):
        proc = run_doctor(data_dir, server.url, db, ADMIN_LOGIN, wrong)
        assert proc.returncode == 1
        steps = {s["name"]: s for s in json.loads(proc.stdout)}
        assert steps["web session"] == {
            "name": "web session", "status": "skip",
            "detail": "not run after a failed XML-RPC authenticate (a second failed login would "
                      "only bring the cooldown closer)", "cause": "", "fix": ""}
        assert steps["cooldown"]["status"] == "pass"
    # The good key, and the administrator's password at the web login, work at once.
    assert server.common().authenticate(db, ADMIN_LOGIN, good.key, {}) == 2
    ok = run_doctor(data_dir, server.url, db, ADMIN_LOGIN, good.key)
    steps = {s["name"]: s for s in json.loads(ok.stdout)}
    assert ok.returncode == 0, ok.stdout
    assert steps["cooldown"]["status"] == "pass"
    import urllib.request
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "db": db, "login": ADMIN_LOGIN, "password": ADMIN_PASSWORD}}).encode()
    req = urllib.request.Request(server.url + "/web/session/authenticate", data=body,
                                 headers={"Content-Type": "application/json"})
    answer = json.loads(urllib.request.urlopen(req, timeout=15).read())
    assert answer["result"]["uid"] == 2, answer


# ---- --json on every listing, with the field names of `key list --json` ----

KEY_FIELDS = ["id", "login", "user_id", "name", "scope", "create_date", "expiration_date",
              "allowed_networks", "rate_limit", "last_used_at", "last_used_ip",
              "last_used_channel", "use_count", "rotated_from", "rotated_to"]


def json_listings(login, key_id):
    """Every command that prints --json, with the arguments of one run on the demo database."""
    return {
        "db list": [],
        "user list": ["--db", DB],
        "user show": ["--db", DB, login],
        "key list": ["--db", DB, login],
        "group list": ["--db", DB],
        "config list": ["--db", DB],
        "events": ["--db", DB, "--login", login],
        "alerts": ["--db", DB],
        "audit": ["--db", DB],
        "access check": ["--db", DB, login, "res.partner", "read", "--key-id", key_id],
    }


def test_every_listing_prints_json_with_the_same_field_names(server, cli, demo_db):
    login = unique_login("json")
    uid = cli.add_user(login)
    key = cli.new_key(login, name="json listing", expires_days=5)
    common = server.common()
    assert common.authenticate(DB, login, key.key, {}) == uid
    assert common.authenticate(DB, login, random_key(), {}) is False
    time.sleep(1.0)  # the server writes its buffered events every 200 ms
    listings = json_listings(login, key.id)
    # Every command whose --help offers --json is in the table (the doctor has its own tests).
    offering = {" ".join(p) for p in help_paths()
                if p and re.search(r"^\s+--json\b", keygate(*p, "--help").stdout, re.M)}
    assert offering == set(listings) | {"doctor"}
    out = {name: json.loads(cli.run(*name.split(), "--json", *args).stdout)
           for name, args in listings.items()}
    assert DB in out["db list"]
    user = next(u for u in out["user list"] if u["login"] == login)
    assert (user["id"], user["name"], user["active"]) == (uid, login, True)
    # One key, one object: the same fields and values in key list and user show.
    [listed] = out["key list"]
    assert list(listed) == KEY_FIELDS
    assert (listed["id"], listed["login"], listed["user_id"]) == (key.id, login, uid)
    assert out["user show"]["keys"] == [listed]
    assert (out["user show"]["id"], out["user show"]["login"]) == (uid, login)
    assert "base.group_user" in {g["xml_id"] for g in out["group list"]}
    assert re.fullmatch(r"\d+", out["config list"]["base.login_cooldown_after"])
    # Events name the user as key list does (user_id, login, create_date), newest first.
    events = out["events"]
    assert [(e["outcome"], e["user_id"], e["login"]) for e in events] == [
        ("failure", uid, login), ("success", uid, login)]
    assert all(set(e) >= {"create_date", "user_id", "login", "key_id"} for e in events)
    assert events[1]["key_id"] == key.id
    assert isinstance(out["alerts"], list)
    audited = next(k for k in out["audit"]["keys"] if k["id"] == key.id)
    assert {f: audited[f] for f in audited if f in KEY_FIELDS} == {
        f: listed[f] for f in ("id", "user_id", "login", "name", "scope", "create_date",
                               "expiration_date", "last_used_at")}
    # A finding names its user as key list does.
    assert all(f["user_id"] == uid for f in out["audit"]["findings"] if f["login"] == login)
    assert any(f["login"] == login for f in out["audit"]["findings"])
    check = out["access check"]
    assert {f: check[f] for f in ("allowed", "login", "user_id", "model", "operation",
                                  "key_id")} == {
        "allowed": True, "login": login, "user_id": uid, "model": "res.partner",
        "operation": "read", "key_id": key.id}


def test_access_check_json_when_denied_exits_2(cli, demo_db):
    login = unique_login("json-denied")
    uid = cli.add_user(login)
    proc = cli.run("access", "check", "--db", DB, login, "res.groups", "write", "--json",
                   check=False)
    assert (proc.returncode, proc.stderr) == (
        2, "keygate: denied: %s may not write res.groups\n" % login)
    check = json.loads(proc.stdout)
    assert (check["allowed"], check["user_id"], check["granting"], check["key_id"]) == (
        False, uid, [], None)
    assert check["error"].startswith("You are not allowed to modify 'Access Groups' (res.groups)")


# ---- Exit status: 0 ok, 1 error, 2 a negative answer ----

def test_exit_codes_are_the_documented_ones(cli, demo_db):
    documented = ("Exit status: 0 ok, 1 error, 2 a negative answer (access check: denied; audit "
                  "--fail-on: findings).")
    assert documented in " ".join(keygate("--help").stdout.split())
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md")).read()
    assert "Exit status: **0** ok, **1** error, **2** a negative answer" in readme
    login = unique_login("exit")
    cli.add_user(login)
    cases = [
        (["version"], 0, ""),
        (["--data-dir", cli.data_dir, "access", "check", "--db", DB, "admin", "res.partner",
          "write"], 0, ""),
        (["--data-dir", cli.data_dir, "access", "check", "--db", DB, login, "res.groups",
          "write"], 2, "keygate: denied: %s may not write res.groups\n" % login),
        (["--data-dir", cli.data_dir, "user", "show", "--db", DB, "nobody-" + login], 1, None),
        (["--data-dir", cli.data_dir, "user", "list", "--db", "nodb" + fresh_db()], 1, None),
        (["kye", "list"], 1, None),
        (["key", "new", "--db"], 1, None),
    ]
    for args, code, stderr in cases:
        proc = keygate(*args)
        assert proc.returncode == code, (args, proc.stderr)
        if stderr is not None:
            assert proc.stderr == stderr, (args, proc.stderr)
        elif code == 1:
            assert proc.stderr.startswith("keygate: error: ") and proc.stderr.count("\n") == 1, \
                (args, proc.stderr)


# ---- 4. Global options anywhere; where databases were looked for ----

@SQLITE_ONLY
def test_global_options_before_or_after_the_command(tmp_path):
    d = tmp_path / "kg"
    assert keygate("db", "create", "acme", "--demo", "--data-dir", d).returncode == 0
    assert keygate("db", "list", "--json", "--data-dir", d).stdout == '["acme"]\n'
    for args in (["--data-dir", d, "db", "list"], ["db", "--data-dir", d, "list"],
                 ["db", "list", "--data-dir", d], ["db", "list", "--data-dir=%s" % d]):
        proc = keygate(*args)
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, "acme\n", ""), args
    conf = tmp_path / "keygate.conf"
    conf.write_text("[options]\ndata_dir = %s\n" % d)
    for args in (["-c", conf, "user", "list", "--db", "acme"],
                 ["user", "list", "--db", "acme", "-c", conf],
                 ["user", "list", "--config", conf, "--db", "acme"]):
        proc = keygate(*args)
        assert proc.returncode == 0 and "admin" in proc.stdout, (args, proc.stderr)


def help_paths():
    """Every command path, read from the --help of each command group."""
    paths, todo = [], [[]]
    while todo:
        path = todo.pop()
        out = keygate(*path, "--help").stdout
        if "Subcommands:" not in out:
            paths.append(path)
            continue
        section = out.split("Subcommands:", 1)[1]
        for line in section.splitlines()[1:]:
            if not line.startswith("  ") or not line.strip():
                break
            todo.append(path + [line.split()[0]])
        paths.append(path)
    return paths


def test_every_help_shows_the_global_options():
    paths = help_paths()
    assert ["key", "new"] in paths and ["user", "totp", "enable"] in paths
    for path in paths:
        proc = keygate(*path, "--help")
        assert proc.returncode == 0, path
        assert "Global options (before or after the command):" in proc.stdout, path
        assert re.search(r"^\s+-c,--config FILE\s", proc.stdout, re.M), path
        assert re.search(r"^\s+--data-dir DIR\s", proc.stdout, re.M), path


@SQLITE_ONLY
def test_a_missing_data_directory_is_an_error_naming_it():
    proc = keygate("--data-dir", "/nonexistent/kg", "db", "list")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == ('keygate: error: data directory "/nonexistent/kg" (--data-dir) does '
                           "not exist; give the directory of your databases, or create a "
                           "database there with: keygate db create NAME --data-dir "
                           "/nonexistent/kg\n")


@SQLITE_ONLY
def test_a_missing_database_says_where_it_looked(tmp_path):
    d = tmp_path / "kg"
    keygate("db", "create", "acme", "--data-dir", d)
    proc = keygate("key", "list", "--db", "acmee", "--data-dir", d)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == ('keygate: error: database "acmee" does not exist in the data '
                           'directory %s; did you mean "acme"?\n' % d)


# ---- 5. Version and typos ----

def test_version():
    flag = keygate("--version")
    command = keygate("version")
    assert flag.returncode == 0 and command.returncode == 0
    assert flag.stdout == command.stdout
    assert re.fullmatch(r"keygate \d+\.\d+\.\d+ \(commit [0-9a-z]+, \w+ build, backends: "
                        r"sqlite, postgresql\)\n", flag.stdout), flag.stdout


@pytest.mark.parametrize("args, message", [
    (["kye", "list"], 'unknown command "keygate kye"; did you mean "keygate key"? (keygate '
                      '--help lists the commands)'),
    (["key", "lst", "--db", DB], 'unknown command "keygate key lst"; did you mean "keygate key '
                                 'list"? (keygate key --help lists the commands)'),
    (["key"], '"keygate key" needs a command: new, list, revoke, rotate (keygate key --help)'),
    (["key", "list", "--db", DB, "--jsn"], 'unknown option "--jsn" for "keygate key list"; did '
                                           'you mean "--json"? (keygate key list --help lists '
                                           'its options)'),
])
def test_typos_say_what_was_meant(args, message):
    proc = keygate(*args)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "keygate: error: %s\n" % message)


# ---- 6. Expiry ----

def test_expiry_options_name_the_option_and_the_maximum(cli, demo_db):
    login = unique_login("expiry")
    cli.add_user(login)
    zero = cli.run("key", "new", "--db", DB, login, "--name", "k", "--expires-days", "0",
                   check=False)
    assert (zero.returncode, zero.stdout, zero.stderr) == (
        1, "", "keygate: error: --expires-days must be more than 0 (days from now until the key "
               "expires), got 0\n")
    admin_zero = cli.run("key", "new", "--db", DB, ADMIN_LOGIN, "--name", "k", "--expires-days",
                         "0", check=False)
    assert admin_zero.returncode == 1 and "must be more than 0" in admin_zero.stderr


def test_the_doctors_suggested_key_command_works(server, cli, data_dir):
    login = unique_login("doctor-fix")
    cli.add_user(login)
    key = cli.new_key(login, name="expiring", expires_days=2.0 / 86400)
    time.sleep(2.5)
    proc = keygate("--data-dir", data_dir, "doctor", "--url", server.url, "--db", DB, "--login",
                   login, "--key-env", "KG_SECRET", "--json", env={"KG_SECRET": key.key})
    steps = {s["name"]: s for s in json.loads(proc.stdout)}
    fix = steps["authenticate (XML-RPC)"]["fix"]
    assert fix == ('create a new key (keygate key new --db %s %s --name "replacement key" '
                   "--expires-days 90) and revoke the old one" % (DB, login))
    command = shlex.split(re.search(r"\((keygate key new [^)]*)\)", fix).group(1))
    made = cli.run(*command[1:])
    SECRETS.add(made.stdout.strip())
    assert re.fullmatch(r"[0-9a-f]{40}\n", made.stdout)


# ---- 8. Configuration: known keys, unset, discoverable ----

def test_config_knows_its_keys(tmp_path):
    db = fresh_db()
    run_cli(tmp_path, "db", "create", db)
    typo = run_cli(tmp_path, "config", "set", "--db", db, "base.login_cooldown_afterr", "3",
                   check=False)
    assert (typo.returncode, typo.stderr) == (
        1, 'keygate: error: keygate reads no parameter "base.login_cooldown_afterr"; did you mean '
           '"base.login_cooldown_after"? (keygate config list shows the known ones; --force sets '
           "it anyway)\n")
    run_cli(tmp_path, "config", "set", "--db", db, "web.base.url", "https://x", "--force")
    listed = run_cli(tmp_path, "config", "list", "--db", db).stdout.splitlines()
    assert listed[:2] == [
        "base.login_cooldown_after = 5 (default)  # failed logins before the login cooldown "
        "(0: none)",
        "base.login_cooldown_duration = 60 (default)  # seconds the login cooldown lasts"]
    assert "web.base.url = https://x" in listed
    run_cli(tmp_path, "config", "set", "--db", db, "base.login_cooldown_after", "7")
    unset = run_cli(tmp_path, "config", "unset", "--db", db, "base.login_cooldown_after")
    assert unset.stderr == ("Unset base.login_cooldown_after in db %s; keygate uses the "
                            "default, 5; running servers use it from the next request.\n" % db)
    assert run_cli(tmp_path, "config", "get", "--db", db,
                   "base.login_cooldown_after").stdout == "5\n"
    again = run_cli(tmp_path, "config", "unset", "--db", db, "base.login_cooldown_after",
                    check=False)
    assert (again.returncode, again.stderr) == (
        1, "keygate: error: base.login_cooldown_after is not set in db %s\n" % db)


# ---- 9. Quiet or inconsistent ----

def test_watch_once_says_when_it_found_nothing(tmp_path):
    db = fresh_db()
    run_cli(tmp_path, "db", "create", db)
    proc = run_cli(tmp_path, "watch", "--db", db, "--once")
    assert (proc.stdout, proc.stderr) == ("", "No new alerts in db %s.\n" % db)


def test_parse_errors_are_one_prefixed_line():
    proc = keygate("key", "new", "--db", DB, "--name", "x")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "keygate: error: LOGIN is required (keygate key new --help)\n"
    assert re.search(r"^  --password-stdin REQUIRED ", keygate("user", "passwd", "--help").stdout,
                     re.M)


def test_enabling_2fa_twice_points_to_disable(cli, demo_db):
    from test_totp import enable_totp
    login = unique_login("twice")
    cli.add_user(login)
    enable_totp(cli, login)
    again = cli.run("user", "totp", "enable", "--db", DB, login, check=False)
    assert (again.returncode, again.stderr) == (
        1, 'keygate: error: Two-factor authentication already enabled for "%s"; to enroll a new '
           "device, disable it first: keygate user totp disable --db %s %s\n" % (login, DB, login))


# ---- 10. Operations ----

@SQLITE_ONLY
def test_db_create_hint_keeps_the_data_directory(tmp_path):
    d = tmp_path / "kg"
    proc = keygate("db", "create", "acme", "--demo", "--data-dir", d)
    assert ('Make an API key for it:  keygate key new --db acme admin --name "Integration with '
            'App X" --data-dir %s\n' % d) in proc.stderr


def test_every_option_in_help_is_documented_in_the_readme():
    readme = (os.path.join(os.path.dirname(__file__), "..", "..", "README.md"))
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    missing = []
    for path in help_paths():
        out = keygate(*path, "--help").stdout
        for option in re.findall(r"^\s+(?:-\w,)?(--[a-z][a-z0-9-]*)", out, re.M):
            if option in ("--help", "--help-all", "--version"):
                continue
            # serve and watch take configuration options as flags: README's table of settings
            # names them with underscores.
            as_setting = "`%s`" % option[2:].replace("-", "_")
            if option not in text and not (path[0] in ("serve", "watch") and as_setting in text):
                missing.append("keygate %s %s" % (" ".join(path), option))
    assert missing == [], "\n".join(missing)


def test_a_serve_that_cannot_bind_changes_nothing(server, cli, data_dir):
    login = unique_login("second-serve")
    cli.add_user(login)
    key = cli.new_key(login, name="expired", expires_days=1.0 / 86400)
    time.sleep(1.5)  # expired; the running server's housekeeping runs once an hour
    second = subprocess.run([KEYGATE_BIN, "--data-dir", str(data_dir), "serve", "--http-port",
                             str(server.port)], capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    assert second.stderr.splitlines()[-1].startswith("keygate: error: ")
    listed = json.loads(cli.run("key", "list", "--db", DB, login, "--json").stdout)
    assert [k["id"] for k in listed] == [key.id]  # not purged by the second serve


def test_boolean_options_may_be_given_alone():
    # --list-db alone is --list-db True: parsing goes on to the next problem, the port.
    alone = keygate("serve", "--list-db", "--http-port", "99999")
    assert alone.returncode == 1
    assert alone.stderr.startswith("keygate: error: "), alone.stderr
    assert "list-db" not in alone.stderr and "http_port" in alone.stderr, alone.stderr
    assert re.search(r"^\s+--list-db \[BOOL\]\s", keygate("serve", "--help").stdout, re.M)


@pytest.mark.parametrize("words, expected", [
    (["ke"], "key"),
    (["--data-dir", "x", "key", "r"], "revoke rotate"),
    (["key", "new", "--db", "demo", "--ex"], "--expires-days"),
    (["db", "list", "--data"], "--data-dir"),
])
def test_bash_and_zsh_completion_from_the_command_tree(words, expected):
    script = keygate("completion", "bash").stdout
    probe = ('eval "$SCRIPT"; COMP_WORDS=(keygate %s); COMP_CWORD=%d; _keygate; '
             'echo "${COMPREPLY[*]}"' % (" ".join(shlex.quote(w) for w in words), len(words)))
    out = subprocess.run(["bash", "-c", probe], env=dict(os.environ, SCRIPT=script),
                         capture_output=True, text=True, timeout=30)
    assert (out.stdout, out.stderr) == (expected + "\n", "")
    # zsh: the native function, with the completion system's compadd and compdef stubbed.
    zsh = keygate("completion", "zsh").stdout
    assert zsh.startswith("#compdef keygate\n")
    # compadd keeps the candidates that start with the word being completed, as zsh's does.
    probe = ('compdef() { print -r -- "compdef $*"; }; '
             'compadd() { shift; local c; local -a out; for c in "$@"; do '
             '[[ $c == ${words[CURRENT]}* ]] && out+=$c; done; print -r -- "${out[@]}"; }; '
             'eval "$SCRIPT"; words=(keygate %s); CURRENT=%d; _keygate'
             % (" ".join(shlex.quote(w) for w in words), len(words) + 1))
    out = subprocess.run(["zsh", "-f", "-c", probe], env=dict(os.environ, SCRIPT=zsh),
                         capture_output=True, text=True, timeout=30)
    assert (out.stdout, out.stderr) == ("compdef _keygate keygate\n" + expected + "\n", "")


def test_group_delete_takes_an_apps_group_and_refuses_a_base_one(tmp_path):
    db = fresh_db()
    run_cli(tmp_path, "db", "create", db, "--demo")
    rep = "rep." + fresh_db()
    run_cli(tmp_path, "user", "add", "--db", db, rep, "--group", "Sales / User: All Documents")
    base = run_cli(tmp_path, "group", "delete", "--db", db, "base.group_user", check=False)
    assert (base.returncode, base.stdout, base.stderr) == (
        1, "", 'keygate: error: "User types / Internal User" (base.group_user) is one of Odoo\'s '
               "base groups, which every database keeps\n")
    gone = run_cli(tmp_path, "group", "delete", "--db", db, "Sales / User: All Documents")
    assert gone.stderr == ('Deleted "Sales / User: All Documents" with its access rights and '
                           "record rules (1 user was in it); it applies from the next call.\n")
    groups = {g["full_name"]: g for g in
              json.loads(run_cli(tmp_path, "group", "list", "--db", db, "--json").stdout)}
    assert "Sales / User: All Documents" not in groups
    # What implied it lost the implication; what it implied stays, with its rights.
    assert groups["Sales / Administrator"]["implied"] == []
    assert "Sales / User: Own Documents Only" in groups
    # The rep kept what it was given with it (stored as Odoo stores implied groups) but the group.
    shown = json.loads(run_cli(tmp_path, "user", "show", "--db", db, rep, "--json").stdout)
    assert "Sales / User: All Documents" not in shown["groups"]
    assert "Sales / User: Own Documents Only" in shown["groups"]
    again = run_cli(tmp_path, "group", "delete", "--db", db, "Sales / User: All Documents",
                    check=False)
    assert again.returncode == 1
    assert again.stderr.startswith('keygate: error: no group "Sales / User: All Documents"')
