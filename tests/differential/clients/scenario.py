"""The scenario of scenario.js, run by Python's clients: `xmlrpc.client` (an API key on
/xmlrpc/2) and Debian's python3-odoorpc (a password: /web/session/authenticate, then /jsonrpc).

run(client, cfg) returns [[step, {"ok": value} | {"error": text}], ...], the steps and their
names being those of scenario.js; errors are what the client raises (a Fault's code and text, an
odoorpc RPCError's message)."""

import urllib.request
import xmlrpc.client
from http.cookiejar import CookieJar
from urllib.parse import urlparse

import odoorpc

MODEL = "res.partner"
DIF = [["ref", "=like", "DIF-%"]]
FIELDS_GET = ["name", "email", "parent_id", "child_ids", "is_company", "city"]


class XmlRpcClient:
    def __init__(self, cfg, login, secret):
        self.cfg, self.login, self.secret = cfg, login, secret
        self.uid = False
        self.common = xmlrpc.client.ServerProxy(cfg["url"] + "/xmlrpc/2/common", allow_none=True)
        self.object = xmlrpc.client.ServerProxy(cfg["url"] + "/xmlrpc/2/object", allow_none=True)

    def connect(self):
        self.uid = self.common.authenticate(self.cfg["db"], self.login, self.secret, {})
        return self.uid

    def kw(self, model, method, args, kwargs=None):
        return self.object.execute_kw(self.cfg["db"], self.uid, self.secret, model, method, args,
                                      kwargs or {})

    def search_read(self, model, domain, fields, **opts):
        return self.kw(model, "search_read", [domain], dict(opts, fields=fields))

    def read(self, model, ids, fields):
        return self.kw(model, "read", [ids], {"fields": fields})

    def create(self, model, vals):
        return self.kw(model, "create", [vals])

    def write(self, model, rid, vals):
        return self.kw(model, "write", [[rid], vals])

    def unlink(self, model, rid):
        return self.kw(model, "unlink", [[rid]])

    def fields_get(self, model, attributes):
        return self.kw(model, "fields_get", [], {"attributes": attributes})

    def search_count(self, model, domain):
        return self.kw(model, "search_count", [domain])


class OdooRpcClient:
    def __init__(self, cfg, login, secret):
        self.cfg, self.login, self.secret = cfg, login, secret
        url = urlparse(cfg["url"])
        # No proxy from the environment: both servers are on loopback.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                             urllib.request.HTTPCookieProcessor(CookieJar()))
        self.odoo = odoorpc.ODOO(url.hostname, port=url.port, timeout=60, opener=opener)

    def connect(self):
        self.odoo.login(self.cfg["db"], self.login, self.secret)
        return self.odoo.env.uid

    def search_read(self, model, domain, fields, **opts):
        return self.odoo.env[model].search_read(domain, fields, **opts)

    def read(self, model, ids, fields):
        return self.odoo.execute(model, "read", ids, fields)

    def create(self, model, vals):
        return self.odoo.env[model].create(vals)

    def write(self, model, rid, vals):
        return self.odoo.execute(model, "write", [rid], vals)

    def unlink(self, model, rid):
        return self.odoo.execute(model, "unlink", [rid])

    def fields_get(self, model, attributes):
        return self.odoo.execute_kw(model, "fields_get", [], {"attributes": attributes})

    def search_count(self, model, domain):
        return self.odoo.env[model].search_count(domain)


CLIENTS = {"xmlrpc.client": XmlRpcClient, "odoorpc": OdooRpcClient}


def outcome(fn):
    try:
        return {"ok": fn()}
    except xmlrpc.client.Fault as f:
        return {"error": {"fault": f.faultCode, "string": f.faultString}}
    except odoorpc.error.Error as e:
        return {"error": str(e)}


def run(client_name, cfg):
    make = CLIENTS[client_name]
    client = make(cfg, cfg["login"], cfg["secret"])
    out = []
    state = {}

    def step(name, fn):
        out.append([name, outcome(fn)])

    def search_one():
        rows = client.search_read(MODEL, [["name", "=", "Anna Alpha"]], ["name"])
        state["anna"] = rows[0]["id"] if rows else None
        return rows

    def create():
        state["created"] = client.create(MODEL, {"name": "Client " + client_name,
                                                 "ref": "CLI-" + client_name,
                                                 "email": "c@client.example"})
        return "<created id>" if isinstance(state["created"], int) else state["created"]

    def fields_get():
        fields = client.fields_get(MODEL, ["string", "type", "relation", "required"])
        return {f: fields.get(f) for f in FIELDS_GET}

    step("authenticate", client.connect)
    step("search_read", lambda: client.search_read(MODEL, DIF, ["name", "city", "parent_id"],
                                                   limit=3, offset=1, order="name desc"))
    step("search_read.one", search_one)
    step("read", lambda: client.read(MODEL, [state["anna"]], ["name", "email", "parent_id"]))
    step("create", create)
    step("write", lambda: client.write(MODEL, state["created"], {"function": "Tester"}))
    step("read.created", lambda: client.read(MODEL, [state["created"]],
                                             ["name", "function", "ref", "email"]))
    step("unlink", lambda: client.unlink(MODEL, state["created"]))
    step("read.unlinked", lambda: client.read(MODEL, [state["created"]], ["name"]))
    step("fields_get", fields_get)
    wrong = make(cfg, cfg["login"], "not the key")
    step("wrong_key.authenticate", wrong.connect)
    denied = make(cfg, cfg["denied_login"], cfg["denied_secret"])
    step("access_error.authenticate", denied.connect)
    step("access_error.create", lambda: denied.create("res.groups", {"name": "By client"}))
    step("access_error.search_count", lambda: denied.search_count("res.partner", DIF))
    return out
