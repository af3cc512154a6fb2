// One scenario run by an npm Odoo client against one server; prints its steps' outcomes as JSON.
//
//   node scenario.js CLIENT '{"url": ..., "db": ..., "login": ..., "secret": ..., ...}'
//
// CLIENT is odoo-await, odoo-xmlrpc, fernandoslim-key (@fernandoslim/odoo-jsonrpc with an API
// key: /jsonrpc execute_kw) or fernandoslim-session (the same client with a password: a web
// session and /web/dataset/call_kw). The steps are those of scenario.py (Python's clients):
// authenticate, search_read with limit/offset/order, read, create, write, read back, unlink,
// read of the deleted record, fields_get, a wrong key, an access error. Each step's outcome is
// {"ok": value} or {"error": text}: the text the client itself gives its caller. Record ids and
// uids are left as they are; test_clients.py turns them into labels.

'use strict';

const clientName = process.argv[2];
const cfg = JSON.parse(process.argv[3]);
const port = Number(new URL(cfg.url).port);

function errorText(e) {
  if (e && typeof e === 'object' && 'faultCode' in e) {
    return {fault: e.faultCode, string: e.faultString};
  }
  if (e instanceof Error || (e && typeof e === 'object' && 'message' in e)) return e.message;
  return String(e);
}

async function step(out, name, fn) {
  try {
    out.push([name, {ok: await fn()}]);
  } catch (e) {
    out.push([name, {error: errorText(e)}]);
  }
}

// odoo-xmlrpc speaks in callbacks.
function callback(fn) {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

// Each client behind the same small interface: connect() -> uid, kw(model, method, args, kwargs),
// and the client's own helpers where it has them.
function makeClient(name, login, secret) {
  if (name === 'odoo-await') {
    const OdooAwait = require('odoo-await');
    const odoo = new OdooAwait({baseUrl: cfg.url, port, db: cfg.db, username: login,
                                password: secret});
    return {
      connect: () => odoo.connect(),
      searchRead: (model, domain, fields, opts) => odoo.searchRead(model, domain, fields, opts),
      read: (model, ids, fields) => odoo.read(model, ids, fields),
      create: (model, vals) => odoo.create(model, vals),
      write: (model, id, vals) => odoo.update(model, id, vals),
      unlink: (model, id) => odoo.delete(model, id),
      fieldsGet: (model, attributes) => odoo.getFields(model, attributes),
      searchCount: (model, domain) => odoo.execute_kw(model, 'search_count', [[domain]]),
    };
  }
  if (name === 'odoo-xmlrpc') {
    const Odoo = require('odoo-xmlrpc');
    const odoo = new Odoo({url: cfg.url, port, db: cfg.db, username: login, password: secret});
    const kw = (model, method, positional, keywords) =>
      callback((cb) => odoo.execute_kw(model, method, [positional, keywords || {}], cb));
    return {
      connect: () => callback((cb) => odoo.connect(cb)),
      searchRead: (model, domain, fields, opts) =>
        kw(model, 'search_read', [domain], Object.assign({fields}, opts)),
      read: (model, ids, fields) => kw(model, 'read', [ids], {fields}),
      create: (model, vals) => kw(model, 'create', [vals]),
      write: (model, id, vals) => kw(model, 'write', [[id], vals]),
      unlink: (model, id) => kw(model, 'unlink', [[id]]),
      fieldsGet: (model, attributes) => kw(model, 'fields_get', [], {attributes}),
      searchCount: (model, domain) => kw(model, 'search_count', [domain]),
    };
  }
  if (name === 'fernandoslim-key' || name === 'fernandoslim-session') {
    const OdooJSONRpc = require('@fernandoslim/odoo-jsonrpc').default;
    const base = {baseUrl: 'http://127.0.0.1', port, db: cfg.db, username: login};
    const odoo = new OdooJSONRpc(name === 'fernandoslim-key' ? Object.assign(base, {apiKey: secret})
                                                             : Object.assign(base, {password: secret}));
    return {
      connect: async () => {
        const answer = await odoo.connect();
        return answer.uid;
      },
      searchRead: (model, domain, fields, opts) => odoo.searchRead(model, domain, fields, opts),
      read: (model, ids, fields) => odoo.read(model, ids, fields),
      create: (model, vals) => odoo.create(model, vals),
      write: (model, id, vals) => odoo.update(model, id, vals),
      unlink: (model, id) => odoo.delete(model, id),
      fieldsGet: (model, attributes) => odoo.call_kw(model, 'fields_get', [], {attributes}),
      searchCount: (model, domain) => odoo.call_kw(model, 'search_count', [domain]),
    };
  }
  throw new Error('unknown client ' + name);
}

async function main() {
  const out = [];
  const client = makeClient(clientName, cfg.login, cfg.secret);
  const model = 'res.partner';
  const dif = [['ref', '=like', 'DIF-%']];
  await step(out, 'authenticate', () => client.connect());
  await step(out, 'search_read', () =>
    client.searchRead(model, dif, ['name', 'city', 'parent_id'],
                      {limit: 3, offset: 1, order: 'name desc'}));
  let anna = null;
  await step(out, 'search_read.one', async () => {
    const rows = await client.searchRead(model, [['name', '=', 'Anna Alpha']], ['name'], {});
    anna = rows.length ? rows[0].id : null;
    return rows;
  });
  await step(out, 'read', () => client.read(model, [anna], ['name', 'email', 'parent_id']));
  let created = null;
  await step(out, 'create', async () => {
    created = await client.create(model, {name: 'Client ' + clientName,
                                          ref: 'CLI-' + clientName, email: 'c@client.example'});
    return typeof created === 'number' ? '<created id>' : created;
  });
  await step(out, 'write', () => client.write(model, created, {function: 'Tester'}));
  await step(out, 'read.created', () =>
    client.read(model, [created], ['name', 'function', 'ref', 'email']));
  await step(out, 'unlink', () => client.unlink(model, created));
  await step(out, 'read.unlinked', () => client.read(model, [created], ['name']));
  await step(out, 'fields_get', async () => {
    const fields = await client.fieldsGet(model, ['string', 'type', 'relation', 'required']);
    const some = {};
    for (const f of ['name', 'email', 'parent_id', 'child_ids', 'is_company', 'city'])
      some[f] = fields[f];
    return some;
  });
  const wrong = makeClient(clientName, cfg.login, 'not the key');
  await step(out, 'wrong_key.authenticate', () => wrong.connect());
  const denied = makeClient(clientName, cfg.denied_login, cfg.denied_secret);
  await step(out, 'access_error.authenticate', () => denied.connect());
  await step(out, 'access_error.create', () => denied.create('res.groups', {name: 'By client'}));
  await step(out, 'access_error.search_count', () => denied.searchCount('res.partner', dif));
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
