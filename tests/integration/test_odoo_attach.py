"""`keygate db attach` on Odoo 17, 18 and 19 databases: the fixture schemas of
tests/integration/data/odoo{17,18,19}_schema.sql, written from Odoo's table definitions, are loaded
into fresh PostgreSQL databases; keygate attaches without changing anything of Odoo's, then serves
Odoo's users, groups, access rights and API keys: a key made the way Odoo makes it works in
keygate, and a key made by keygate passes Odoo's own check (its SQL and passlib).
PostgreSQL only: attaching is a PostgreSQL feature.
"""

import datetime
import os
import re
import subprocess
import time
import uuid
import xmlrpc.client
from pathlib import Path

import pytest

from conftest import SECRETS, Server, secret

pytestmark = pytest.mark.skipif(
    os.environ.get("KEYGATE_TEST_BACKEND") != "pg",
    reason="attaching to an Odoo database needs PostgreSQL (run with KEYGATE_TEST_BACKEND=pg)")

DATA = Path(__file__).parent / "data"
ADMIN_UID = 2
JDOE_UID = 6
JDOE_PASSWORD = "jdoe-secret-pw"

# Odoo's res.users.apikeys._check_credentials query (odoo/addons/base/models/res_users.py), as
# each version runs it; the candidates' hashes are then checked with passlib.
ODOO_CHECK_SQL = {
    17: """SELECT user_id, key FROM res_users_apikeys INNER JOIN res_users u ON (u.id = user_id)
           WHERE u.active and index = '{index}' AND (scope IS NULL OR scope = 'rpc')""",
    18: """SELECT user_id, key FROM res_users_apikeys INNER JOIN res_users u ON (u.id = user_id)
           WHERE u.active and index = '{index}' AND (scope IS NULL OR scope = 'rpc')
           AND (expiration_date IS NULL OR expiration_date >= now() at time zone 'utc')""",
}
ODOO_CHECK_SQL[19] = ODOO_CHECK_SQL[18]

# What each version calls the internal users' group and Contact Creation: Odoo 19 names groups
# by their privilege ("Contact / Creation") where 17 and 18 used their category.
GROUP_NAMES = {
    17: {"internal": "Internal User", "internal_full": "User types / Internal User",
         "creation": "Contact Creation", "creation_full": "Extra Rights/Contact Creation"},
    19: {"internal": "Role / User", "internal_full": "Role / User",
         "creation": "Creation", "creation_full": "Contact/Creation"},
}
GROUP_NAMES[18] = GROUP_NAMES[17]

# Everything of Odoo's schema that an attach must leave alone: tables, columns with types,
# defaults and nullability, constraints, indexes, triggers (internal ones included), functions,
# operators and views of schema public.
SCHEMA_FINGERPRINT_SQL = """
SELECT 'column', c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || ' ' || a.attnotnull::text || ' ' || COALESCE(pg_get_expr(d.adbin, d.adrelid), '')
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'constraint', conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL
SELECT 'index', indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
  WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT 'trigger', tgrelid::regclass::text || ' ' || tgname || ' ' || tgisinternal::text
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
  WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT 'function', p.oid::regprocedure::text FROM pg_proc p
  WHERE p.pronamespace = 'public'::regnamespace
UNION ALL
SELECT 'operator', o.oid::regoperator::text FROM pg_operator o
  WHERE o.oprnamespace = 'public'::regnamespace
UNION ALL
SELECT 'relation', relname || ' ' || relkind::text FROM pg_class
  WHERE relnamespace = 'public'::regnamespace
ORDER BY 1, 2
"""


def pg_env():
    return os.environ["KEYGATE_TEST_PG_HOST"], os.environ["KEYGATE_TEST_PG_PORT"], \
        os.environ["KEYGATE_TEST_PG_USER"]


def psql(db, query=None, file=None):
    """Runs SQL of the test's own (as Odoo or an administrator would) on `db`; rows as tuples."""
    host, port, user = pg_env()
    cmd = ["psql", "-h", host, "-p", port, "-U", user, "-d", db, "-v", "ON_ERROR_STOP=1", "-q",
           "-A", "-t", "-F", "\x1f"]
    cmd += ["-f", str(file)] if file else ["-c", query]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return [tuple(line.split("\x1f")) for line in proc.stdout.splitlines() if line]


def keygate(data_dir, *args, input_text=None):
    cmd = [os.environ["KEYGATE_BIN"], "--data-dir", str(data_dir)] + [str(a) for a in args]
    return subprocess.run(cmd, input=input_text, capture_output=True, text=True, timeout=120)


def odoo_make_key(db, version, uid, scope="rpc", days=1):
    """Inserts a key the way Odoo's res.users.apikeys._generate does; returns the key."""
    from passlib.hash import pbkdf2_sha512
    key = os.urandom(20).hex()
    SECRETS.add(key)
    hashed = pbkdf2_sha512.using(rounds=6000).hash(key)
    expiry = (datetime.datetime.utcnow() + datetime.timedelta(days=days)).strftime(
        "%Y-%m-%d %H:%M:%S")
    if version >= 18:
        psql(db, "INSERT INTO res_users_apikeys (name, user_id, scope, expiration_date, key, index) "
                 f"VALUES ('Made in Odoo', {uid}, '{scope}', '{expiry}', '{hashed}', '{key[:8]}')")
    else:
        psql(db, "INSERT INTO res_users_apikeys (name, user_id, scope, key, index) "
                 f"VALUES ('Made in Odoo', {uid}, '{scope}', '{hashed}', '{key[:8]}')")
    return key


def odoo_check_credentials(db, version, key):
    """Odoo's own verification of an API key: its SQL, then passlib; the user id or None."""
    from passlib.context import CryptContext
    ctx = CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=6000)
    for user_id, hashed in psql(db, ODOO_CHECK_SQL[version].format(index=key[:8])):
        if ctx.verify(key, hashed):
            return int(user_id)
    return None


@pytest.fixture(scope="module", params=[17, 18, 19])
def odoo(request, tmp_path_factory):
    """A fresh database holding the Odoo fixture of one version, not yet attached."""
    version = request.param
    db = "odoo%d_%s" % (version, uuid.uuid4().hex[:8])
    psql("postgres", 'CREATE DATABASE "%s"' % db)
    psql(db, file=DATA / ("odoo%d_schema.sql" % version))
    data_dir = tmp_path_factory.mktemp("attach%d" % version)
    yield {"db": db, "version": version, "data_dir": data_dir,
           "schema": psql(db, SCHEMA_FINGERPRINT_SQL)}
    psql("postgres", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)


@pytest.fixture(scope="module")
def attached(odoo):
    """The Odoo database after `keygate db attach`, with the connection options as flags."""
    host, port, user = pg_env()
    # Before the attach, keygate refuses the database and says what to do.
    proc = keygate(odoo["data_dir"], "user", "list", "--db", odoo["db"])
    assert proc.returncode != 0
    assert "keygate db attach %s" % odoo["db"] in proc.stderr
    proc = keygate(odoo["data_dir"], "db", "attach", "--db-host", host, "--db-port", port,
                   "--db-user", user, odoo["db"])
    assert proc.returncode == 0, proc.stderr
    assert "Attached keygate to Odoo %d.0.1.3 database" % odoo["version"] in proc.stderr
    assert "Nothing of Odoo's was changed" in proc.stderr
    return odoo


@pytest.fixture(scope="module")
def server(attached):
    srv = Server(attached["data_dir"]).start()
    yield srv
    srv.stop()


def test_attach_needs_a_role_with_rights(odoo):
    # Runs before the attach: a role that may neither add a schema nor use Odoo's tables.
    role = "nobody_%s" % uuid.uuid4().hex[:8]
    psql("postgres", 'CREATE ROLE "%s" LOGIN' % role)
    try:
        proc = keygate(odoo["data_dir"], "db", "attach", "--db-user", role, odoo["db"])
        assert proc.returncode != 0
        assert 'the PostgreSQL role "%s" may not create a schema' % role in proc.stderr
        assert psql(odoo["db"], "SELECT count(*) FROM pg_namespace WHERE nspname = 'keygate'") \
            == [("0",)]
    finally:
        psql("postgres", 'DROP ROLE "%s"' % role)


def test_attach_changes_nothing_of_odoo(attached):
    db = attached["db"]
    assert psql(db, SCHEMA_FINGERPRINT_SQL) == attached["schema"]
    # Only the schema "keygate" was added, with the consent record.
    schemas = {r[0] for r in psql(db, "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE "
                                      "'pg\\_%' AND nspname <> 'information_schema'")}
    assert schemas == {"public", "keygate"}
    assert psql(db, "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal") == \
        [("0",)]
    consent = psql(db, "SELECT odoo_version, keygate_version, attached_at "
                       "FROM keygate.keygate_attachment")
    assert len(consent) == 1
    assert consent[0][0] == "%d.0.1.3" % attached["version"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", consent[0][2])
    # keygate's shipped access rules and demo data never enter an Odoo database.
    assert psql(db, "SELECT count(*) FROM ir_model_access") == [("9",)]
    assert psql(db, "SELECT count(*) FROM res_partner") == [("4",)]


def test_attach_again_is_idempotent_and_list_names_it(attached):
    proc = keygate(attached["data_dir"], "db", "attach", attached["db"])
    assert proc.returncode == 0, proc.stderr
    assert "already attached" in proc.stderr
    assert psql(attached["db"], "SELECT count(*) FROM keygate.keygate_attachment") == [("1",)]
    assert psql(attached["db"], SCHEMA_FINGERPRINT_SQL) == attached["schema"]
    listed = keygate(attached["data_dir"], "db", "list")
    assert attached["db"] in listed.stdout.split()


def test_users_are_created_in_odoo_only(attached):
    db = attached["db"]
    partners = psql(db, "SELECT count(*) FROM res_partner")
    proc = keygate(attached["data_dir"], "user", "add", "--db", db, "newcomer")
    assert proc.returncode != 0
    assert "keygate does not create users in an attached Odoo database" in proc.stderr
    assert psql(db, "SELECT count(*) FROM res_partner") == partners
    assert psql(db, "SELECT count(*) FROM res_users WHERE login = 'newcomer'") == [("0",)]


def test_users_are_not_created_over_rpc_either(attached, server):
    db = attached["db"]
    partners = psql(db, "SELECT count(*) FROM res_partner")
    with pytest.raises(xmlrpc.client.Fault) as e:
        server.object().execute_kw(db, ADMIN_UID, secret("admin"), "res.users", "create",
                                   [{"name": "Newcomer", "login": "newcomer"}])
    assert (e.value.faultCode, e.value.faultString) == (
        2, "keygate does not create users in an attached Odoo database: create them in Odoo")
    assert psql(db, "SELECT count(*) FROM res_partner") == partners


def test_drop_refuses_an_attached_database(attached):
    proc = keygate(attached["data_dir"], "db", "drop", attached["db"])
    assert proc.returncode != 0
    assert "keygate never drops it" in proc.stderr
    assert psql(attached["db"], "SELECT count(*) FROM res_users") == [("3",)]


def test_attach_refuses_what_is_not_odoo(attached):
    plain = "plain_%s" % uuid.uuid4().hex[:8]
    psql("postgres", 'CREATE DATABASE "%s"' % plain)
    try:
        proc = keygate(attached["data_dir"], "db", "attach", plain)
        assert proc.returncode != 0
        assert "is not an Odoo database" in proc.stderr
        assert psql(plain, "SELECT count(*) FROM pg_namespace WHERE nspname = 'keygate'") == \
            [("0",)]
    finally:
        psql("postgres", 'DROP DATABASE "%s"' % plain)
    own = "own_%s" % uuid.uuid4().hex[:8]
    assert keygate(attached["data_dir"], "db", "create", own).returncode == 0
    try:
        proc = keygate(attached["data_dir"], "db", "attach", own)
        assert proc.returncode != 0
        assert "is a keygate database" in proc.stderr
    finally:
        keygate(attached["data_dir"], "db", "drop", own)


def test_attach_refuses_an_unsupported_odoo_version(attached):
    other = "odoo16_%s" % uuid.uuid4().hex[:8]
    psql("postgres", 'CREATE DATABASE "%s"' % other)
    try:
        psql(other, file=DATA / "odoo17_schema.sql")
        psql(other, "UPDATE ir_module_module SET latest_version = '16.0.1.3' WHERE name = 'base'")
        proc = keygate(attached["data_dir"], "db", "attach", other)
        assert proc.returncode != 0
        assert "Odoo 16.0.1.3: keygate attaches to Odoo 17, 18 and 19 only" in proc.stderr
    finally:
        psql("postgres", 'DROP DATABASE "%s"' % other)


def test_passwords_and_groups_come_from_odoo(attached, server):
    db = attached["db"]
    common = server.common()
    assert common.authenticate(db, "admin", secret("admin"), {}) == ADMIN_UID
    assert common.authenticate(db, "jdoe", secret(JDOE_PASSWORD), {}) == JDOE_UID
    assert common.authenticate(db, "jdoe", secret("wrong-password"), {}) is False
    # Group names are read from Odoo's jsonb translations.
    proc = keygate(attached["data_dir"], "user", "show", "--db", db, "jdoe")
    assert proc.returncode == 0, proc.stderr
    names = GROUP_NAMES[attached["version"]]
    assert names["internal_full"] in proc.stdout
    models = server.object()
    groups = models.execute_kw(db, ADMIN_UID, "admin", "res.groups", "search_read",
                               [[("id", "in", [1, 7])]], {"fields": ["name"], "order": "id"})
    assert [g["name"] for g in groups] == [names["internal"], names["creation"]]


def test_odoo_made_key_works_in_keygate(attached, server):
    db = attached["db"]
    key = odoo_make_key(db, attached["version"], JDOE_UID)
    assert server.common().authenticate(db, "jdoe", key, {}) == JDOE_UID
    models = server.object()
    names = models.execute_kw(db, JDOE_UID, key, "res.partner", "search_read",
                              [[("is_company", "=", True)]], {"fields": ["name"]})
    assert [n["name"] for n in names] == ["My Company"]


def test_odoo_access_rights_apply(attached, server):
    db = attached["db"]
    key = odoo_make_key(db, attached["version"], JDOE_UID)
    models = server.object()
    # Odoo's base.access_res_partner_group_user: internal users read partners, never create.
    with pytest.raises(xmlrpc.client.Fault) as e:
        models.execute_kw(db, JDOE_UID, key, "res.partner", "create", [{"name": "Not allowed"}])
    assert e.value.faultCode == 4
    assert "- " + GROUP_NAMES[attached["version"]]["creation_full"] in e.value.faultString
    # The administrator is in Contact Creation: the partner lands in Odoo's table, typed.
    pid = models.execute_kw(db, ADMIN_UID, "admin", "res.partner", "create",
                            [{"name": "Made through keygate", "email": "k@example.com"}])
    rows = psql(db, "SELECT name, email, active, pg_typeof(create_date), create_date IS NOT NULL "
                    "FROM res_partner WHERE id = %d" % pid)
    assert rows == [("Made through keygate", "k@example.com", "t", "timestamp without time zone",
                     "t")]
    # Models whose tables keygate does not read in an Odoo database are unknown there.
    with pytest.raises(xmlrpc.client.Fault) as e:
        models.execute_kw(db, ADMIN_UID, "admin", "sale.order", "search", [[]])
    assert "Object sale.order doesn't exist" in e.value.faultString


def test_keygate_made_key_passes_odoos_check(attached):
    db, version = attached["db"], attached["version"]
    proc = keygate(attached["data_dir"], "key", "new", "--db", db, "jdoe", "--name",
                   "Made by keygate", "--expires-days", "1")
    assert proc.returncode == 0, proc.stderr
    key = proc.stdout.strip()
    SECRETS.add(key)
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    columns = "index, key, scope, pg_typeof(create_date)"
    if version >= 18:
        columns += ", expiration_date IS NOT NULL"
    rows = psql(db, "SELECT %s FROM public.res_users_apikeys WHERE name = 'Made by keygate'"
                % columns)
    assert len(rows) == 1
    assert rows[0][0] == key[:8]
    assert rows[0][1].startswith("$pbkdf2-sha512$6000$")
    assert rows[0][3] == "timestamp without time zone"
    if version >= 18:
        assert rows[0][4] == "t"
    else:
        # Odoo 17 has no key expiry: keygate keeps the expiry in its own schema and enforces it.
        assert psql(db, "SELECT count(*) FROM keygate.keygate_key_expiry") == [("1",)]
    assert odoo_check_credentials(db, version, key) == JDOE_UID
    assert odoo_check_credentials(db, version, "0" * 40) is None


def test_key_deleted_in_odoo_stops_working(attached, server):
    db = attached["db"]
    key = odoo_make_key(db, attached["version"], JDOE_UID)
    models = server.object()

    def count():
        return models.execute_kw(db, JDOE_UID, key, "res.partner", "search_count", [[]])

    assert count() >= 4
    assert count() >= 4  # now served from the credential cache
    # Revoked the way Odoo's UI does it: the row is deleted, no keygate code involved.
    psql(db, "DELETE FROM res_users_apikeys WHERE index = '%s'" % key[:8])
    deadline = time.monotonic() + 10
    while True:
        try:
            count()
        except xmlrpc.client.Fault as e:
            assert e.faultCode == 3
            break
        assert time.monotonic() < deadline, "a key deleted in Odoo still works"
        time.sleep(0.1)


def test_keygate_revocation_is_seen_at_once(attached, server):
    db = attached["db"]
    proc = keygate(attached["data_dir"], "key", "new", "--db", db, "admin", "--name", "to revoke")
    assert proc.returncode == 0, proc.stderr
    key = proc.stdout.strip()
    SECRETS.add(key)
    key_id = re.search(r"Created API key (\d+)", proc.stderr).group(1)
    models = server.object()
    assert models.execute_kw(db, ADMIN_UID, key, "res.users", "search_count", [[]]) >= 2
    signal = "SELECT last_value FROM base_cache_signaling_default"
    signal_before = int(psql(db, signal)[0][0])
    proc = keygate(attached["data_dir"], "key", "revoke", "--db", db, key_id)
    assert proc.returncode == 0, proc.stderr
    # Odoo's workers are told to drop their caches (of verified keys among others).
    assert int(psql(db, signal)[0][0]) > signal_before
    assert psql(db, "SELECT count(*) FROM public.res_users_apikeys WHERE id = %s" % key_id) == \
        [("0",)]
    with pytest.raises(xmlrpc.client.Fault) as e:
        models.execute_kw(db, ADMIN_UID, key, "res.users", "search_count", [[]])
    assert e.value.faultCode == 3
    # Nothing of Odoo's schema changed through all of the above.
    assert psql(db, SCHEMA_FINGERPRINT_SQL) == attached["schema"]


def test_group_granted_through_keygate_lands_in_odoo(attached, server):
    db = attached["db"]
    key = odoo_make_key(db, attached["version"], JDOE_UID)
    models = server.object()
    with pytest.raises(xmlrpc.client.Fault) as e:
        models.execute_kw(db, JDOE_UID, key, "res.partner", "create", [{"name": "Not yet"}])
    assert e.value.faultCode == 4
    signal = "SELECT last_value FROM base_cache_signaling_default"
    signal_before = int(psql(db, signal)[0][0])
    proc = keygate(attached["data_dir"], "group", "grant", "--db", db, "jdoe",
                   "base.group_partner_manager")
    assert proc.returncode == 0, proc.stderr
    assert psql(db, "SELECT count(*) FROM public.res_groups_users_rel WHERE gid = 7 AND uid = %d"
                % JDOE_UID) == [("1",)]
    assert int(psql(db, signal)[0][0]) > signal_before
    try:
        # keygate's own change is seen on the very next call.
        pid = models.execute_kw(db, JDOE_UID, key, "res.partner", "create", [{"name": "Now yes"}])
        assert pid > 0
    finally:
        proc = keygate(attached["data_dir"], "group", "revoke", "--db", db, "jdoe",
                       "base.group_partner_manager")
        assert proc.returncode == 0, proc.stderr


def test_two_factor_needs_odoos_auth_totp(attached):
    import pyotp
    db = attached["db"]
    proc = subprocess.Popen(
        [os.environ["KEYGATE_BIN"], "--data-dir", str(attached["data_dir"]), "user", "totp",
         "enable", "--db", db, "admin"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    totp_secret = proc.stdout.readline().split(": ", 1)[1].strip()
    SECRETS.add(totp_secret)
    proc.stdout.readline()
    proc.stdin.write(pyotp.TOTP(totp_secret).now() + "\n")
    proc.stdin.close()
    proc.stdout.read()
    err = proc.stderr.read()
    rc = proc.wait(timeout=30)
    if attached["version"] >= 18:
        # auth_totp is installed in the 18 fixture: the secret is Odoo's column.
        assert rc == 0, err
        assert psql(db, "SELECT totp_secret IS NOT NULL FROM res_users WHERE id = 2") == [("t",)]
        proc = keygate(attached["data_dir"], "user", "totp", "disable", "--db", db, "admin")
        assert proc.returncode == 0, proc.stderr
        assert psql(db, "SELECT totp_secret IS NULL FROM res_users WHERE id = 2") == [("t",)]
    else:
        assert rc != 0
        assert "needs Odoo's auth_totp module" in err


def test_archived_in_odoo_fails(attached, server):
    db = attached["db"]
    key = odoo_make_key(db, attached["version"], JDOE_UID)
    common = server.common()
    assert common.authenticate(db, "jdoe", key, {}) == JDOE_UID
    psql(db, "UPDATE res_users SET active = false WHERE id = %d" % JDOE_UID)
    try:
        deadline = time.monotonic() + 10
        while common.authenticate(db, "jdoe", key, {}) is not False:
            assert time.monotonic() < deadline, "a user archived in Odoo still authenticates"
            time.sleep(0.1)
    finally:
        psql(db, "UPDATE res_users SET active = true WHERE id = %d" % JDOE_UID)


def test_detach_removes_only_keygates_schema(attached, server):
    server.stop()
    db = attached["db"]
    keys_before = psql(db, "SELECT count(*) FROM res_users_apikeys")
    proc = keygate(attached["data_dir"], "db", "detach", db)
    assert proc.returncode == 0, proc.stderr
    assert psql(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'keygate'") == [("0",)]
    assert psql(db, SCHEMA_FINGERPRINT_SQL) == attached["schema"]
    assert psql(db, "SELECT count(*) FROM res_users_apikeys") == keys_before
    # Re-attaching works (and the server fixture is not used after this test).
    proc = keygate(attached["data_dir"], "db", "attach", db)
    assert proc.returncode == 0, proc.stderr
