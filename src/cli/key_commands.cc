// `keygate key new|list|revoke`. `key new` prints the key alone on stdout, once; it is stored
// only as its hash and cannot be shown again.
#include <algorithm>

#include "auth/api_keys.h"
#include "auth/key_lifecycle.h"
#include "auth/key_restrictions.h"
#include "cli/commands.h"
#include "common/clock.h"
#include "models/key_scope.h"
#include "store/repositories.h"

namespace keygate::cli {

namespace {

struct KeyArgs {
  std::string db;
  std::string login;
  std::string name;
  std::string scope;
  std::optional<double> expires_days;  // nullopt: no --expires-days
  bool force = false;
  std::vector<std::string> allow_ip;
  std::string rate_limit;
  bool json = false;
  int64_t id = 0;
};

using auth::DaysText;

// Odoo 18's expiry policy (auth/api_keys.h) in the CLI's words: the option and the maximum.
Status CheckExpiryOption(store::SqlConnection& c, const store::UserRecord& user,
                         const std::optional<double>& expires_days) {
  if (expires_days && *expires_days <= 0) {
    return Fail("--expires-days must be more than 0 (days from now until the key expires), got " +
                DaysText(*expires_days));
  }
  KG_ASSIGN_OR_RETURN(std::optional<double> max_days, auth::MaxKeyDurationDays(c, user.id));
  if (!max_days) return Status::Ok();
  const std::string most = DaysText(*max_days);
  const std::string why = " (the longest api_key_duration of the user's groups, Odoo 18's rule)";
  if (!expires_days) {
    return Fail("\"" + user.login +
                "\" is not an administrator, so the key must expire: add --expires-days N with N "
                "at most " +
                most + why);
  }
  if (*expires_days > *max_days) {
    return Fail("--expires-days " + DaysText(*expires_days) + " is over the maximum of " + most +
                (most == "1" ? " day" : " days") + " for \"" + user.login + "\"" + why);
  }
  return Status::Ok();
}

Status New(CliContext& ctx, const KeyArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  if (!a.force) {
    auto known = KnownModels(**conn);
    if (!known.ok()) return Fail(known.status());
    Status valid = models::KeyScope::ValidateForKey(a.scope, *known);
    if (!valid.ok()) return Fail(valid.message() + " (--force creates it anyway)");
  }
  auto user = FindUser(**conn, a.login);
  if (!user.ok()) return Fail(user.status());
  if (!user->active) return Fail("user \"" + a.login + "\" is archived");
  if (Status s = CheckExpiryOption(**conn, *user, a.expires_days); !s.ok()) return s;
  auth::KeyRequest req;
  req.user_id = user->id;
  req.name = a.name;
  if (!a.scope.empty()) req.scope = a.scope;
  req.allowed_networks = a.allow_ip;
  req.rate_limit = a.rate_limit;
  if (a.expires_days) {
    auto seconds = static_cast<int64_t>(*a.expires_days * 86400);
    req.expiration_date = FormatUtc(DefaultClock().NowUnix() + seconds);
  }
  auto key = auth::CreateApiKey(**conn, req);
  if (!key.ok()) return Fail(key.status());
  std::cout << key->plaintext << std::endl;
  std::cerr << "Created API key " << key->id << " \"" << a.name << "\" for \"" << a.login
            << "\" (uid " << user->id << ")"
            << (req.expiration_date ? ", expires " + *req.expiration_date + " UTC" : ", no expiry")
            << (a.allow_ip.empty() ? ""
                                   : ", allowed from " +
                                         [&] {
                                           std::string s;
                                           for (const auto& n : a.allow_ip)
                                             s += (s.empty() ? "" : ",") + n;
                                           return s;
                                         }())
            << (a.rate_limit.empty() ? "" : ", rate limit " + a.rate_limit)
            << ".\nCopy it now: it is shown only once. Use it in place of the password.\n";
  return Status::Ok();
}

}  // namespace

std::string KeyJson(const store::ApiKeyRecord& k, const std::string& login,
                    const auth::KeyRestriction& r, const auth::KeyMeta& m) {
  auto opt_text = [](const std::optional<std::string>& v) {
    return v ? JsonString(*v) : std::string("null");
  };
  auto text_or_null = [](const std::string& v) {
    return v.empty() ? std::string("null") : JsonString(v);
  };
  auto opt_id = [](const std::optional<int64_t>& v) {
    return v ? std::to_string(*v) : std::string("null");
  };
  std::string networks;
  for (const auto& n : r.allowed)
    networks += (networks.empty() ? "" : ",") + JsonString(n.ToString());
  return "{\"id\":" + std::to_string(k.id) + ",\"login\":" + JsonString(login) +
         ",\"user_id\":" + std::to_string(k.user_id) + ",\"name\":" + JsonString(k.name) +
         ",\"scope\":" + opt_text(k.scope) + ",\"create_date\":" + JsonString(k.create_date) +
         ",\"expiration_date\":" + opt_text(k.expiration_date) + ",\"allowed_networks\":[" +
         networks + "],\"rate_limit\":" + (r.rate ? JsonString(r.rate->text) : "null") +
         ",\"last_used_at\":" + text_or_null(m.last_used_at) +
         ",\"last_used_ip\":" + text_or_null(m.last_used_ip) +
         ",\"last_used_channel\":" + text_or_null(m.last_used_channel) +
         ",\"use_count\":" + std::to_string(m.use_count) +
         ",\"rotated_from\":" + opt_id(m.rotated_from) + ",\"rotated_to\":" + opt_id(m.rotated_to) +
         "}";
}

namespace {

Status List(CliContext& ctx, const KeyArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  store::Users users(**conn);
  std::optional<int64_t> uid;
  if (!a.login.empty()) {
    auto user = FindUser(**conn, a.login);
    if (!user.ok()) return Fail(user.status());
    uid = user->id;
  }
  store::ApiKeys keys(**conn);
  auto list = keys.ListForUser(uid);
  if (!list.ok()) return Fail(list.status());
  auto all_users = users.List(true);
  if (!all_users.ok()) return Fail(all_users.status());
  auto restrictions = auth::LoadAllKeyRestrictions(**conn);
  if (!restrictions.ok()) return Fail(restrictions.status());
  auto restriction_of = [&](int64_t key_id) {
    auto it = restrictions->find(key_id);
    return it == restrictions->end() ? auth::KeyRestriction{} : it->second;
  };
  auto metas = auth::LoadKeyMeta(**conn);
  if (!metas.ok()) return Fail(metas.status());
  auto meta_of = [&](int64_t key_id) {
    auto it = metas->find(key_id);
    return it == metas->end() ? auth::KeyMeta{} : it->second;
  };
  auto login_of = [&](int64_t id) {
    for (const auto& u : *all_users) {
      if (u.id == id) return u.login;
    }
    return std::string("?");
  };
  if (a.json) {
    std::cout << "[";
    bool first = true;
    for (const auto& k : *list) {
      std::cout << (first ? "" : ",")
                << KeyJson(k, login_of(k.user_id), restriction_of(k.id), meta_of(k.id));
      first = false;
    }
    std::cout << "]\n";
    return Status::Ok();
  }
  // Columns as wide as their longest value: a long scope or name never shifts the others.
  struct Row {
    std::vector<std::string> cells;
  };
  std::vector<Row> rows;
  rows.push_back({{"ID", "LOGIN", "NAME", "SCOPE", "CREATED", "EXPIRES", "LAST USE", "ROTATION",
                   "RESTRICTIONS"}});
  for (const auto& k : *list) {
    std::string restriction = restriction_of(k.id).Describe();
    auth::KeyMeta m = meta_of(k.id);
    std::string last_use = m.last_used_at.empty()
                               ? "never"
                               : m.last_used_at + " " + m.last_used_ip + " " + m.last_used_channel;
    std::string rotation;
    if (m.rotated_from) rotation = "from " + std::to_string(*m.rotated_from);
    if (m.rotated_to) {
      rotation +=
          (rotation.empty() ? "" : ", ") + std::string("to ") + std::to_string(*m.rotated_to);
    }
    rows.push_back({{std::to_string(k.id), login_of(k.user_id), k.name, k.scope.value_or("global"),
                     k.create_date, k.expiration_date.value_or("never"), last_use,
                     rotation.empty() ? "-" : rotation, restriction.empty() ? "-" : restriction}});
  }
  std::vector<size_t> widths(rows.front().cells.size(), 0);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.cells.size(); ++i) widths[i] = std::max(widths[i], r.cells[i].size());
  }
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.cells.size(); ++i) {
      line += r.cells[i];
      if (i + 1 < r.cells.size()) line += std::string(widths[i] - r.cells[i].size() + 1, ' ');
    }
    std::cout << line << "\n";
  }
  return Status::Ok();
}

Status Revoke(CliContext& ctx, const KeyArgs& a) {
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  Status s = auth::RevokeApiKey(**conn, a.id);
  if (!s.ok()) return Fail(s);
  std::cerr << "Revoked API key " << a.id << "; it fails from the next call on.\n";
  return Status::Ok();
}

}  // namespace

void RegisterKeyCommands(CLI::App& app, Registration reg) {
  CLI::App* key = app.add_subcommand("key", "Manage API keys");
  key->require_subcommand(1);
  auto a = std::make_shared<KeyArgs>();

  auto* make = key->add_subcommand("new", "Create an API key; prints it once on stdout");
  make->add_option("--db", a->db, "Database")->required();
  make->add_option("LOGIN", a->login, "Owner's login")->required();
  make->add_option("--name", a->name, "Description, e.g. \"Integration with App X\"")->required();
  make->add_option("--scope", a->scope,
                   "Scope: none (global, the default), rpc, rpc:readonly or "
                   "rpc:MODEL:OPS[;MODEL:OPS...] (see README, \"API key scopes\")");
  make->add_option_function<double>(
          "--expires-days", [a](const double& days) { a->expires_days = days; },
          "Days until the key expires, more than 0 (required unless the owner is an "
          "administrator; at most the longest API key duration of the owner's groups)")
      ->type_name("DAYS");
  make->add_flag("--force", a->force,
                 "Accept a scope that never works over keygate's RPC (an Odoo scope such as "
                 "odoo.plugin.outlook, or a model keygate does not know)");
  make->add_option("--allow-ip", a->allow_ip,
                   "Only from this address or CIDR network (IPv4/IPv6); repeatable");
  make->add_option("--rate-limit", a->rate_limit, "At most this rate, e.g. 10/s, 600/min, 1000/h");
  make->callback([=] { *reg.selected = [=](CliContext& c) { return New(c, *a); }; });

  auto* list = key->add_subcommand("list", "List API keys (never the keys themselves)");
  list->add_option("--db", a->db, "Database")->required();
  list->add_option("LOGIN", a->login, "Only this user's keys");
  list->add_flag("--json", a->json, "JSON output");
  list->callback([=] { *reg.selected = [=](CliContext& c) { return List(c, *a); }; });

  auto* revoke = key->add_subcommand("revoke", "Revoke (delete) an API key");
  revoke->add_option("--db", a->db, "Database")->required();
  revoke->add_option("ID", a->id, "Key id, from key list")->required();
  revoke->callback([=] { *reg.selected = [=](CliContext& c) { return Revoke(c, *a); }; });
}

}  // namespace keygate::cli
