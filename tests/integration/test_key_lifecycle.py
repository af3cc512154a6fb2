"""Key lifecycle beyond Odoo: rotation with a grace period, last use, tombstones that name why a
key fails, and the audit report."""

import json
import time
import xmlrpc.client

import pytest

from conftest import ADMIN_LOGIN, ADMIN_UID, DB, SECRETS, unique_login


def count(models, uid, key):
    return models.execute_kw(DB, uid, key, "res.partner", "search_count", [[("id", "=", 3)]])


def denied(models, uid, key):
    with pytest.raises(xmlrpc.client.Fault) as f:
        count(models, uid, key)
    assert f.value.faultCode == 3 and f.value.faultString == "Access Denied"


def events_for(cli, login, reason):
    """Events with `reason`, after the server's batched writer has had time to flush."""
    for _ in range(50):
        rows = json.loads(cli.run("events", "--db", DB, "--login", login, "--json").stdout)
        hits = [e for e in rows if e["reason"] == reason]
        if hits:
            return hits
        time.sleep(0.1)
    return []


def key_row(cli, key_id, login="admin"):
    for _ in range(50):
        rows = json.loads(cli.run("key", "list", "--db", DB, login, "--json").stdout)
        row = next(r for r in rows if r["id"] == key_id)
        if row["last_used_at"] is not None:
            return row
        time.sleep(0.1)
    return row


def rotate(cli, key_id, grace):
    proc = cli.run("key", "rotate", "--db", DB, str(key_id), "--grace", grace)
    new_key = proc.stdout.strip()
    assert proc.stdout == new_key + "\n" and len(new_key) == 40
    SECRETS.add(new_key)
    assert new_key not in proc.stderr
    new_id = int(proc.stderr.split("its successor is key ")[1].split(" ")[0])
    return new_key, new_id


def test_rotation_with_grace_keeps_both_working(server, cli):
    models = server.object()
    old = cli.new_key(name="rotate with grace", scope="rpc")
    assert count(models, ADMIN_UID, old.key) == 1
    new_key, new_id = rotate(cli, old.id, "1h")
    assert count(models, ADMIN_UID, old.key) == 1
    assert count(models, ADMIN_UID, new_key) == 1
    rows = json.loads(cli.run("key", "list", "--db", DB, "admin", "--json").stdout)
    old_row = next(r for r in rows if r["id"] == old.id)
    new_row = next(r for r in rows if r["id"] == new_id)
    assert old_row["rotated_to"] == new_id and new_row["rotated_from"] == old.id
    assert new_row["name"] == "rotate with grace" and new_row["scope"] == "rpc"
    assert old_row["expiration_date"] is not None
    again = cli.run("key", "rotate", "--db", DB, str(old.id), check=False)
    assert again.returncode == 1 and "already rotated" in again.stderr


def test_rotation_without_grace_retires_at_once_with_reason(server, cli):
    models = server.object()
    old = cli.new_key(name="rotate now")
    assert count(models, ADMIN_UID, old.key) == 1
    new_key, _ = rotate(cli, old.id, "0")
    denied(models, ADMIN_UID, old.key)
    assert count(models, ADMIN_UID, new_key) == 1
    assert events_for(cli, "admin", "key_rotated")


def test_revoked_key_is_named_revoked_in_the_event_log(server, cli):
    login = unique_login("revoked")
    uid = cli.add_user(login)
    k = cli.new_key(login, name="to revoke")
    models = server.object()
    assert count(models, uid, k.key) == 1
    cli.revoke(k.id)
    denied(models, uid, k.key)
    hits = events_for(cli, login, "key_revoked")
    assert hits and hits[0]["outcome"] == "failure"


def test_last_use_shows_in_key_list_and_user_show(server, cli):
    k = cli.new_key(name="last use")
    assert count(server.object(), ADMIN_UID, k.key) == 1
    row = key_row(cli, k.id)
    assert row["last_used_at"] is not None
    assert row["last_used_ip"] == "127.0.0.1"
    assert row["last_used_channel"] == "xmlrpc"
    shown = json.loads(cli.run("user", "show", "--db", DB, "admin", "--json").stdout)
    mine = next(x for x in shown["keys"] if x["id"] == k.id)
    assert mine["last_used_at"] == row["last_used_at"]
    table = cli.run("key", "list", "--db", DB, "admin").stdout
    assert "LAST USE" in table


def test_audit_reports_and_fails_on_critical(server, cli):
    login = unique_login("audit")
    uid = cli.add_user(login)
    k = cli.new_key(login, name="reads only")
    models = server.object()
    assert count(models, uid, k.key) == 1
    for _ in range(50):
        report = json.loads(cli.run("audit", "--db", DB, "--json").stdout)
        wide = [f for f in report["findings"]
                if f["check"] == "scope_wider_than_use" and f["key_id"] == k.id]
        if wide:
            break
        time.sleep(0.1)
    assert wide and "--scope rpc:readonly" in wide[0]["recommendation"]
    # The demo administrator's keys never expire: critical (a key of the test's own, so that the
    # finding does not depend on what other modules left in the database).
    cli.new_key(ADMIN_LOGIN, name="audit: administrator key")
    report = json.loads(cli.run("audit", "--db", DB, "--json").stdout)
    assert any(f["check"] == "administrator_key" and f["severity"] == "critical"
               for f in report["findings"])
    assert report["worst"] == "critical"
    failing = cli.run("audit", "--db", DB, "--fail-on", "critical", check=False)
    assert failing.returncode == 2
    assert "[critical] administrator_key" in failing.stdout
    for row in report["keys"]:
        assert "key" not in row or len(row.get("key", "")) != 40  # never the key itself
    assert not any(s in json.dumps(report) for s in SECRETS)


def test_audit_of_a_clean_database_passes(tmp_path):
    from conftest import run_cli
    run_cli(tmp_path, "db", "create", "clean")
    proc = run_cli(tmp_path, "audit", "--db", "clean", "--fail-on", "warning")
    assert proc.returncode == 0
    assert "Findings (0)" in proc.stdout and "none" in proc.stdout
