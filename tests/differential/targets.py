"""The two servers of the differential suite and how one case's answer is taken from each.

A Target is one server (the real Odoo 18 or keygate) with the same logical world in it: the users
admin, demo, portal (Odoo's demo logins), an archived user, a 2FA user and a set of partners made
by the suite, plus API keys in every state. Cases name these by label; a Target resolves labels to
its own uids, record ids and secrets, sends the request, and turns the answer into a plain
structure in which only what must differ between two servers (ids, timestamps, tracebacks,
PostgreSQL's connection text and SQL excerpts) is normalised.
"""

import json
import re
import socket
import xmlrpc.client

import requests


class Ref:
    """A symbolic value in a case's arguments (a uid, a key, a record id), resolved per target."""

    def __init__(self, kind, label):
        self.kind, self.label = kind, label

    def __repr__(self):
        return "%s(%r)" % (self.kind, self.label)


def U(label):
    """The uid of a user of the world ('admin', 'demo', 'portal', 'archived', 'totp', ...)."""
    return Ref("U", label)


def S(label):
    """A secret of the world: a password ('admin_pw') or an API key ('admin_key', ...)."""
    return Ref("S", label)


def R(model, label):
    """The id of a record of the world (partners by name, users by login, groups by name)."""
    return Ref("R", (model, label))


DB = Ref("DB", None)

# Fields whose integers are record ids of another model (for the normalisation of answers).
COMODELS = {
    "parent_id": "res.partner", "child_ids": "res.partner", "partner_id": "res.partner",
    "commercial_partner_id": "res.partner", "company_id": "res.company",
    "company_ids": "res.company", "groups_id": "res.groups", "implied_ids": "res.groups",
    "users": "res.users", "user_ids": "res.users", "create_uid": "res.users",
    "write_uid": "res.users", "user_id": "res.users", "uid": "res.users",
    "all_group_ids": "res.groups", "trans_implied_ids": "res.groups",
}

DATETIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$")
# Odoo passes PostgreSQL's connection failure on (server address and port included).
PG_CONNECTION = re.compile(r'(psycopg2\.OperationalError: )?connection to server at "[^"]*", '
                           r'port \d+ failed: FATAL:  ')
# PostgreSQL quotes the SQL it refused after its message ("\nLINE 1: ... WHERE ...\n   ^"): the
# SQL is each server's own, and keygate never sends it.
PG_SQL_EXCERPT = re.compile(r"\nLINE \d+: .*", re.S)


# A uid in the texts of AccessError (rule violations) and MissingError.
USER_IN_TEXT = re.compile(r"(\(id=|, User: )(\d+)(\))")


def reduce_traceback(text):
    """Odoo sends Python tracebacks; keep only the exception's own line(s)."""
    if not isinstance(text, str) or not text.startswith("Traceback (most recent call last)"):
        return text
    lines = text.rstrip("\n").split("\n")
    i = max(i for i, line in enumerate(lines) if line.startswith('  File "'))
    i += 1
    while i < len(lines) and lines[i].startswith("    "):
        i += 1
    return "\n".join(lines[i:])


class Target:
    def __init__(self, name, url, db):
        self.name = name
        self.url = url
        self.db = db
        self.uids = {}      # label -> uid
        self.secrets = {}   # label -> password or key
        self.labels = {}    # (model, id) -> label
        self.ids = {}       # (model, label) -> id

    # -- labels --------------------------------------------------------------------------------
    def learn(self, model, rid, label):
        self.labels[(model, rid)] = label
        self.ids[(model, label)] = rid

    def resolve(self, value):
        if isinstance(value, Ref):
            if value.kind == "U":
                return self.uids[value.label]
            if value.kind == "S":
                return self.secrets[value.label]
            if value.kind == "R":
                return self.ids[value.label]
            if value.kind == "DB":
                return self.db
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.resolve(v) for v in value)
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        return value

    def label_of(self, model, rid):
        if isinstance(rid, bool) or not isinstance(rid, int):
            return rid
        return "<%s %s>" % (model, self.labels.get((model, rid), "?"))

    def normalise(self, value, model=None, key=None):
        """Ids (in id positions) to labels, timestamps to a token; everything else unchanged."""
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if k == "id" and model:
                    out[k] = self.label_of(model, v)
                elif k in COMODELS:
                    out[k] = self.normalise_ids(v, COMODELS[k])
                else:
                    out[k] = self.normalise(v, None, k)
            return out
        if isinstance(value, list):
            return [self.normalise(v, model, key) for v in value]
        if isinstance(value, str) and DATETIME.match(value):
            return "<datetime>"
        if isinstance(value, str):
            return self.normalise_text(PG_SQL_EXCERPT.sub("", PG_CONNECTION.sub("", value)))
        return value

    def normalise_text(self, text):
        """Uids inside Odoo's texts ("Joel Willis (id=7)", "User: 6)") to the user's label."""
        def user(m):
            return m.group(1) + self.label_of("res.users", int(m.group(2))) + m.group(3)
        return USER_IN_TEXT.sub(user, text)

    def normalise_ids(self, value, model):
        if isinstance(value, list):
            # A many2one as [id, name], or a list of ids.
            if len(value) == 2 and isinstance(value[1], str) and isinstance(value[0], int):
                return [self.label_of(model, value[0]), value[1]]
            return [self.normalise_ids(v, model) for v in value]
        if isinstance(value, dict):
            return self.normalise(value, model)
        return self.label_of(model, value)

    # -- transports ----------------------------------------------------------------------------
    def xmlrpc(self, path, method, params, allow_none=True):
        body = xmlrpc.client.dumps(tuple(params), method, allow_none=allow_none)
        return self.post_xml(path, body.encode("utf-8"))

    def post_xml(self, path, body):
        r = requests.post(self.url + path, data=body, timeout=60,
                          headers={"Content-Type": "text/xml"})
        if r.status_code != 200:
            return {"http": r.status_code}
        try:
            (result,), _ = xmlrpc.client.loads(r.content, use_builtin_types=False)
            return {"result": result}
        except xmlrpc.client.Fault as f:
            return {"fault": f.faultCode, "string": reduce_traceback(f.faultString)}
        except Exception as e:  # an answer that is no XML-RPC at all
            return {"unparsable": type(e).__name__}

    def jsonrpc(self, path, params, session=None, method="call", rid=1):
        payload = {"jsonrpc": "2.0", "method": method, "params": params, "id": rid}
        http = session or requests
        r = http.post(self.url + path, json=payload, timeout=60)
        return json_answer(r)

    def http(self, method, path, body=None, headers=None):
        r = requests.request(method, self.url + path, data=body, headers=headers or {},
                             timeout=60, allow_redirects=False)
        ctype = r.headers.get("Content-Type", "").split(";")[0].strip()
        out = {"status": r.status_code, "type": ctype}
        if ctype == "application/json":
            out["body"] = json_body(r.content)
        elif ctype == "text/xml":
            try:
                (result,), _ = xmlrpc.client.loads(r.content)
                out["body"] = {"result": result}
            except xmlrpc.client.Fault as f:
                out["body"] = {"fault": f.faultCode, "string": reduce_traceback(f.faultString)}
            except Exception:
                out["body"] = "<unparsable xml>"
        return out


def json_body(content):
    try:
        doc = json.loads(content)
    except ValueError:
        return "<not json>"
    if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
        data = doc["error"].get("data")
        if isinstance(data, dict) and "debug" in data:
            data["debug"] = reduce_traceback(data["debug"])
    return doc


def json_answer(r):
    if r.status_code != 200:
        return {"http": r.status_code, "body": json_body(r.content)}
    return json_body(r.content)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
