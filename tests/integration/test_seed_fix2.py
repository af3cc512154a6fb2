"""The seed document's "Fix 2" snippet, the usual Odoo XML-RPC example, run unchanged against
keygate in its own /usr/bin/python3 process: it must print five partners.

data/seed_fix2.txt is the snippet exactly as the seed document holds it; the document lost the
indentation of the `if`/`else` blocks, so SNIPPET below restores it and nothing else (the first
test proves that). Only the values of the four assignment lines are filled in.
"""

import ast
import pathlib
import re
import subprocess

from conftest import DB, DEMO_PARTNERS

SEED_TEXT = pathlib.Path(__file__).with_name("data").joinpath("seed_fix2.txt")

SNIPPET = """\
import xmlrpc.client
url = 'https://odoo.example.com'
db = 'mydb'
username = 'admin' # User's login email
api_key = '3f5a8b2c-1234-5678-90ab-cdef12345678' # NOT the password
# Authenticate with API key instead of password
common = xmlrpc.client.ServerProxy(f'{url}/xmlrpc/2/common')
uid = common.authenticate(db, username, api_key, {})
if not uid:
    print("Authentication failed - check username and API key")
else:
    # Use API key (not password) for all subsequent calls
    models = xmlrpc.client.ServerProxy(f'{url}/xmlrpc/2/object')
    partners = models.execute_kw(
        db, uid, api_key, # API key goes here, not password
        'res.partner', 'search_read',
        [[]], {'fields': ['name', 'email'], 'limit': 5}
    )
    print(partners)
"""


def fill_in(snippet, **values):
    """Replaces the quoted value of the assignment lines `name = '...'`, keeping their comments."""
    lines = snippet.split("\n")
    done = set()
    for i, line in enumerate(lines):
        for name, value in values.items():
            m = re.fullmatch(r"(%s = )'[^']*'(.*)" % name, line)
            if m:
                lines[i] = m.group(1) + repr(value) + m.group(2)
                done.add(name)
    assert done == set(values), "assignment lines not found: %s" % (set(values) - done)
    return "\n".join(lines)


def test_snippet_is_the_seed_text_with_its_indentation_restored():
    seed_lines = [l.strip() for l in SEED_TEXT.read_text().strip().split("\n")]
    ours = [l.strip() for l in SNIPPET.strip().split("\n")]
    assert ours == seed_lines


def test_seed_fix2_prints_five_partners(server, cli):
    api_key = cli.new_key("admin", name="Integration with App X").key
    script = fill_in(SNIPPET, url=server.url, db=DB, username="admin", api_key=api_key)
    # Only the four assignment lines may differ from the snippet (username stays 'admin').
    changed = [a for a, b in zip(SNIPPET.split("\n"), script.split("\n")) if a != b]
    assert len(script.split("\n")) == len(SNIPPET.split("\n"))
    assert {line.split(" = ")[0] for line in changed} == {"url", "db", "api_key"}
    proc = subprocess.run(["/usr/bin/python3", "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    partners = ast.literal_eval(proc.stdout.strip())
    assert isinstance(partners, list)
    assert len(partners) == 5
    for p in partners:
        assert set(p) == {"id", "name", "email"}
        assert isinstance(p["id"], int)
    # Odoo's default order for res.partner is complete_name ASC, id DESC.
    emails = {name: email for name, email, _, _ in DEMO_PARTNERS}
    expected_names = sorted(emails)[:5]
    assert [p["name"] for p in partners] == expected_names
    assert [p["email"] for p in partners] == [emails[n] for n in expected_names]
