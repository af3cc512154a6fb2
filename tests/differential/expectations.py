"""What the differential suite expects where the two servers do not answer alike.

PENDING: differences not fixed yet, each with the answers observed when it was listed (Odoo's,
then keygate's, as normalised JSON, shortened). A pending case that starts agreeing fails the
suite: remove it here, so the list only shrinks. `DIFF_WRITE_PENDING=FILE` makes a run write its
differences to FILE in this format, and `DIFF_DUMP=FILE` writes them in full.

Where the pending differences come from, roughly (for whoever continues issue 12):
- the groups named in the texts of denied res.partner changes (keygate's res.partner rights for
  Sales and Accounting groups, modules the reference does not have), and the groups themselves
  (res.groups counts);
- ORM semantics still missing: read_group by week (babel's en_US week numbers), html fields
  (comment is "<p>first company</p>"), read() without fields (Odoo has many more fields);
- an XML-RPC call without <methodName> (Odoo dispatches the method None);
- not a case (it would leave keygate's administrator without rights for the cases after it): a
  user who clears his own groups. Odoo's UsersImplied.write writes the groups of a user no longer
  internal a second time, as the caller, whose rights are checked with his new groups, so an
  administrator demoting himself gets "not allowed to modify 'User'" and nothing changes;
  keygate applies the change.

DELIBERATE: differences keygate keeps on purpose, each with its reason (README's "Differences from
Odoo" lists them). keygate's per-login password cooldown, the one deliberate difference the Odoo 18
cases would meet, is switched off in their world (conftest.py). The JSON-2 cases (ids "json2.",
against Odoo 19) meet two: the Python exceptions of a client's mistake answered 422 where Odoo 19
answers 500, and keygate's models and data being Odoo 18's (its ORM's texts, its groups' names).
"""

ODOO18_GROUPS = "the groups named are Odoo 18's (keygate's data model), not Odoo 19's"
PY_EXCEPTION_422 = "a Python exception from a client's mistake is 422, not Odoo 19's 500"

DELIBERATE = {
    'admin.groups.create': "groups change through `keygate group`, never through the data API",
    'json2.body.context_string': PY_EXCEPTION_422,
    'json2.create.unknown_field': PY_EXCEPTION_422 + "; the text is Odoo 18's ORM's",
    'json2.read.unknown_field': PY_EXCEPTION_422 + "; the text is Odoo 18's ORM's",
    'json2.demo.groups.create': ODOO18_GROUPS,
    'json2.demo.users.write_admin': ODOO18_GROUPS,
    'json2.portal.partner.create': ODOO18_GROUPS,
}

PENDING = {
    'admin.res.groups.search_count': (
        '{"result": 11}',
        '{"result": 13}'),
    'demo.res.groups.search_count': (
        '{"result": 12}',
        '{"result": 13}'),
    'nested.portal.partner.create_with_child': (
        '{"fault": 4, "string": "You are not allowed to create \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to create \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to request access if necessary....'),
    'nested.portal.partner.o2m.create': (
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to request access if necessary....'),
    'nested.portal.partner.o2m.link': (
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to request access if necessary....'),
    'nested.portal.partner.o2m.set': (
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to request access if necessary....'),
    'nested.portal.partner.o2m.unlink_link': (
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to request access if necessary....'),
    'nested.portal.partner.o2m.update': (
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to request access if necessary....'),
    'nested.portal.partner.o2m.update_foreign': (
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to request access if necessary....'),
    'nested.portal.partner.o2m.users_update': (
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to request access if necessary....'),
    'partner.read.no_fields': (
        '{"result": [{"active": true, "active_lang_count": 1, "avatar_1024": "iVBORw0KGgoAAAANSUhEUgAAALQAAAC0CAIAAACyr5FlAAAAGXRFWHRTb2Z0d2FyZQBBZG9iZSBJbWFnZVJlYWR5ccllPAAABERJREFUeNrs3WFLIlsAgOE2cxNFEEEQSYSo//9v+hiIMAwIgyKJFOmVuHQvnlMeZ9rFqef5OOzZOembo9N45tdut7uAmEsPAeJAHIgDcSAOxIE4EAfiQBwgDsSBOBAH4kAciAN...',
        '{"result": [{"active": true, "child_ids": ["<res.partner Anna Alpha>", "<res.partner Bert Alpha>"], "city": "Liège", "comment": "first company", "company_id": false, "complete_name": "Alpha Widgets", "create_date": "<datetime>", "create_uid": ["<res.users admin>", "Mitchell Admin"], "credit_limit": ...'),
    'partner.read_group.create_date_week': (
        '{"result": [{"__domain": ["&", ["ref", "=like", "DIF-%"], "&", ["create_date", ">=", "<datetime>"], ["create_date", "<", "<datetime>"]], "__range": {"create_date:week": {"from": "<datetime>", "to": "<datetime>"}}, "create_date:week": "W50 2026", "create_date_count": 10}]}',
        '{"fault": 2, "string": "Invalid date/time grouping \'create_date:week\' (day, month or year)"}'),
    'partner.search_read.field.comment': (
        '{"result": [{"comment": "<p>first company</p>", "id": "<res.partner Alpha Widgets>"}, {"comment": false, "id": "<res.partner Anna Alpha>"}, {"comment": false, "id": "<res.partner Bert Alpha>"}, {"comment": false, "id": "<res.partner Beta Tools>"}, {"comment": false, "id": "<res.partner Carl Beta>"},...',
        '{"result": [{"comment": "first company", "id": "<res.partner Alpha Widgets>"}, {"comment": false, "id": "<res.partner Anna Alpha>"}, {"comment": false, "id": "<res.partner Bert Alpha>"}, {"comment": false, "id": "<res.partner Beta Tools>"}, {"comment": false, "id": "<res.partner Carl Beta>"}, {"comm...'),
    'partner.search_read.fields': (
        '{"result": [{"active": true, "child_ids": ["<res.partner Anna Alpha>", "<res.partner Bert Alpha>"], "city": "Liège", "comment": "<p>first company</p>", "company_id": false, "complete_name": "Alpha Widgets", "display_name": "Alpha Widgets", "email": "info@alpha.example.com", "function": false, "id": ...',
        '{"result": [{"active": true, "child_ids": ["<res.partner Anna Alpha>", "<res.partner Bert Alpha>"], "city": "Liège", "comment": "first company", "company_id": false, "complete_name": "Alpha Widgets", "display_name": "Alpha Widgets", "email": "info@alpha.example.com", "function": false, "id": "<res.p...'),
    'portal.partner.create': (
        '{"fault": 4, "string": "You are not allowed to create \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to create \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Administration/Settings\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to...'),
    'portal.partner.write': (
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Administration/Settings\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to...'),
    'portal.res.partner.check_access_rights.raise.write': (
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Extra Rights/Contact Creation\\n\\nContact your administrator to request access if necessary."}',
        '{"fault": 4, "string": "You are not allowed to modify \'Contact\' (res.partner) records.\\n\\nThis operation is allowed for the following groups:\\n\\t- Accounting/Invoicing\\n\\t- Administration/Settings\\n\\t- Extra Rights/Contact Creation\\n\\t- Sales/User: Own Documents Only\\n\\nContact your administrator to...'),
    'raw.no_method_name': (
        '{"fault": 1, "string": "TypeError: can only concatenate str (not \\"NoneType\\") to str"}',
        '{"fault": 1, "string": "malformed XML-RPC request: missing <methodName>"}'),
}
