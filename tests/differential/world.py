"""The logical world both servers are given: users beyond Odoo's demo ones, API keys in every
state, and the partners the cases read and change (made through RPC as admin on each server, so
both store them by their own rules)."""

import xmlrpc.client

PASSWORDS = {"demo": "demo", "portal": "portal", "archived": "archived pass 1",
             "totp": "totp pass 1", "other": "other pass 1"}

# Odoo's demo users that `keygate db create --demo` lacks: (label, login, name, email, groups).
KEYGATE_DEMO_USERS = [
    ("demo", "demo", "Marc Demo", "mark.brown23@example.com", {}),
    ("portal", "portal", "Joel Willis", "joel.willis63@example.com",
     {"revoke": ["base.group_user", "base.group_partner_manager", "base.group_allow_export"],
      "grant": ["base.group_portal"]}),
]

# The groups of the apps keygate's databases have and the reference does not (it has base, web and
# auth_totp only): keygate's database is given the reference's groups by deleting them.
KEYGATE_APP_GROUPS = [
    "sales_team.group_sale_manager", "sales_team.group_sale_salesman_all_leads",
    "sales_team.group_sale_salesman", "account.group_account_manager",
    "account.group_account_invoice", "stock.group_stock_manager", "stock.group_stock_user",
]

# Users made on both servers: (label, login, name). "archived" is archived after its key is
# made; "totp" gets TOTP_SECRET as its second factor.
EXTRA_USERS = [
    ("archived", "archived", "Archie Ved"),
    ("totp", "totpuser", "Tot Puser"),
    ("other", "other", "Otto Other"),
]

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# API keys: (label, login, scope or "" for NULL, days to expiry or None).
KEYS = [
    ("admin_key", "admin", "rpc", None),
    ("admin_key_null", "admin", "", None),
    ("demo_key", "demo", "rpc", 1),
    ("portal_key", "portal", "rpc", 1),
    ("revoked_key", "admin", "rpc", None),
    ("expired_key", "demo", "rpc", 1),
    ("scope_key", "admin", "odoo.plugin.outlook", None),
    ("archived_key", "archived", "rpc", 1),
    ("totp_key", "totpuser", "rpc", 1),
]

# The keys the JSON-2 cases use on the real Odoo 19.
JSON2_KEYS = {"admin_key", "admin_key_null", "demo_key", "portal_key", "revoked_key",
              "expired_key", "scope_key"}

# Partners made by the suite; every one the searches count has a ref starting with DIF- (the cases
# that create records give refs starting with NEW-, those that write change SCR- records). (name, values, parent name or None). Contacts repeat their company's
# address (Odoo copies it from the parent on create).
ADDR_A = {"street": "1 Alpha Road", "city": "Liège", "zip": "4000"}
ADDR_B = {"street": "2 Beta Street", "city": "Namur", "zip": "5000"}
PARTNERS = [
    ("Alpha Widgets", dict(ADDR_A, is_company=True, email="info@alpha.example.com",
                           ref="DIF-A", phone="+32 4 111 11 11", website="https://alpha.example.com",
                           comment="first company"), None),
    ("Beta Tools", dict(ADDR_B, is_company=True, email="sales@beta.example.com", ref="DIF-B"),
     None),
    ("Gamma Solo", {"is_company": True, "ref": "DIF-G", "email": False}, None),
    ("Anna Alpha", dict(ADDR_A, email="anna@alpha.example.com", ref="DIF-A1",
                        function="CEO", phone="+32 4 111 11 12"), "Alpha Widgets"),
    ("Bert Alpha", dict(ADDR_A, email="bert@alpha.example.com", ref="DIF-A2",
                        function="Buyer"), "Alpha Widgets"),
    ("Carl Beta", dict(ADDR_B, email="carl@beta.example.com", ref="DIF-B1"), "Beta Tools"),
    ("Dora Beta", dict(ADDR_B, email="DORA@BETA.EXAMPLE.COM", ref="DIF-B2", function="CTO"),
     "Beta Tools"),
    ("Emil Loner", {"email": "emil@loner.example.com", "ref": "DIF-L1", "city": "LIÈGE"}, None),
    ("Fay Nocity", {"ref": "DIF-L2", "city": False, "email": "fay@example.com"}, None),
    ("Gus Percent", {"ref": "DIF-L3", "email": "gus%100@example.com", "city": "Ans"}, None),
    # Targets of the cases that write (ref SCR-, outside the DIF- records the searches count).
    ("Scratch One", {"ref": "SCR-1"}, None),
    ("Scratch Two", {"ref": "SCR-2"}, None),
    # Targets of the nested-access cases (x2many commands and dotted paths, ref NST-).
    ("Nest Parent", {"ref": "NST-P", "is_company": True}, None),
    ("Nest Kid", {"ref": "NST-K"}, "Nest Parent"),
    ("Nest Stray", {"ref": "NST-S"}, None),
    ("Nest Other", {"ref": "NST-O"}, None),
]


def rpc(target, model, method, args, kw=None):
    obj = xmlrpc.client.ServerProxy(target.url + "/xmlrpc/2/object", allow_none=True)
    return obj.execute_kw(target.db, target.uids["admin"], target.secrets["admin_pw"], model,
                          method, args, kw or {})


def align_demo_data(target):
    """Gives keygate's demo database the values of Odoo's demo data that the cases read: the
    company "YourCompany" (its e-mail and phone), the users' partners naming it as their
    company_name (no parent: each is its own commercial partner, as in Odoo's demo data), and the
    administrator's and demo user's time zone. Data, not behaviour."""
    company = rpc(target, "res.company", "search_read", [[]], {"fields": ["partner_id"]})[0]
    company_partner = company["partner_id"][0]
    rpc(target, "res.company", "write", [[company["id"]], {
        "name": "YourCompany", "email": "info@yourcompany.com", "phone": "+1 555-555-5556"}])
    rpc(target, "res.partner", "write", [[company_partner], {"name": "YourCompany",
                                                             "is_company": True}])
    users = rpc(target, "res.users", "search_read", [[("login", "in", ["admin", "demo",
                                                                          "portal"])]],
                {"fields": ["login", "partner_id"]})
    for user in users:
        vals = {"company_name": "YourCompany"}
        if user["login"] in ("admin", "demo"):
            vals["tz"] = "Europe/Brussels"
        rpc(target, "res.partner", "write", [[user["partner_id"][0]], vals])


def make_records(target):
    ids = {}
    for name, vals, parent in PARTNERS:
        vals = dict(vals, name=name)
        if parent:
            vals["parent_id"] = ids[parent]
        ids[name] = rpc(target, "res.partner", "create", [vals])


def learn_labels(target):
    """Every partner, user, group and company by its natural key, for the normalisation."""
    ctx = {"context": {"active_test": False}}
    for model, key in (("res.partner", "name"), ("res.users", "login"), ("res.groups", "name"),
                       ("res.company", "name")):
        rows = rpc(target, model, "search_read", [[]], dict(ctx, fields=[key], order="id desc"))
        for row in rows:
            target.learn(model, row["id"], row[key])
