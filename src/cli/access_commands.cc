// `keygate access check`: whether a user (and, with --key-id, one of its API keys) may do an
// operation on a model, and why: the granting access right, the record rules that apply, the
// groups that would grant it, the key scope's effect. The verdict is the server's own decision
// (models::PolicyForCall, then models::CheckOperation), never a copy of its rules: exit 0 when
// allowed, 2 when denied (README, "Exit status").
#include "cli/commands.h"
#include "common/clock.h"
#include "common/close_matches.h"
#include "common/log.h"
#include "models/acl_policy.h"
#include "models/operation_check.h"
#include "models/py_repr.h"
#include "models/registry.h"
#include "store/repositories.h"

namespace keygate::cli {

namespace {

struct AccessArgs {
  std::string db;
  std::string login;
  std::string model;
  std::string operation;
  int64_t key_id = 0;
  bool json = false;
};

// Why a key the server would refuse before any call: the same rule as the server's
// (ApiKeys::FindUsableById), then its reason in words.
std::string KeyRefusal(const store::ApiKeyRecord& key, const store::UserRecord& user,
                       const std::string& now) {
  if (!user.active) return "its user is archived";
  if (key.scope && *key.scope != "rpc" && key.scope->rfind("rpc:", 0) != 0) {
    return "its scope '" + *key.scope + "' never authenticates over RPC";
  }
  if (key.expiration_date && *key.expiration_date < now) {
    return "it expired on " + *key.expiration_date + " UTC";
  }
  return "it cannot authenticate";
}

Status Check(CliContext& ctx, const AccessArgs& a) {
  models::Operation op;
  if (a.operation == "read")
    op = models::Operation::kRead;
  else if (a.operation == "write")
    op = models::Operation::kWrite;
  else if (a.operation == "create")
    op = models::Operation::kCreate;
  else if (a.operation == "unlink")
    op = models::Operation::kUnlink;
  else
    return Fail("OPERATION must be read, write, create or unlink, not \"" + a.operation + "\"");
  auto registry = models::Registry::LoadEmbedded();
  if (!registry.ok()) return Fail(registry.status());
  const models::ModelDef* model = registry->Find(a.model);
  if (model == nullptr) {
    auto close = CloseMatches(a.model, registry->ModelNames());
    return Fail("Object " + a.model + " doesn't exist" +
                (close.empty() ? "" : "; did you mean \"" + close.front() + "\"?"));
  }
  auto database = OpenDatabase(ctx, a.db);
  if (!database.ok()) return Fail(database.status());
  auto conn = (*database)->Acquire();
  if (!conn.ok()) return Fail(conn.status());
  auto user = FindUser(**conn, a.login);
  if (!user.ok()) return Fail(user.status());
  std::optional<std::string> scope;
  std::string key_refusal;
  if (a.key_id != 0) {
    auto key = store::ApiKeys(**conn).FindById(a.key_id);
    if (!key.ok()) return Fail(key.status());
    if (!*key || (*key)->user_id != user->id) {
      return Fail("\"" + a.login + "\" has no API key with id " + std::to_string(a.key_id));
    }
    scope = (*key)->scope;
    const std::string now = FormatUtc(DefaultClock().NowUnix());
    auto usable = store::ApiKeys(**conn).FindUsableById(a.key_id, now);
    if (!usable.ok()) return Fail(usable.status());
    if (!*usable) key_refusal = KeyRefusal(**key, *user, now);
  }
  // The server's own steps: the policy it builds for a call (services/authorized_call.cc), the
  // models the database serves (orm.cc) and its decision for the operation (operation_check.h).
  auto policy = models::PolicyForCall(*database, **conn, *registry, user->id, scope);
  if (!policy.ok()) return Fail(policy.status());
  if (!(*policy)->Serves(*model)) {
    return Fail("Object " + a.model + " doesn't exist in database \"" + a.db +
                "\" (an attached Odoo database serves only users, partners, companies and groups)");
  }
  SetMinLogLevel(LogLevel::kWarning);  // the decision's log line is for the server's log
  Status verdict = models::CheckOperation(**policy, *model, op);
  if (!verdict.ok() && verdict.code() != StatusCode::kAccessError) return Fail(verdict);
  auto e = (*policy)->Explain(*model, op);
  if (!e.ok()) return Fail(e.status());
  const bool allowed = verdict.ok() && key_refusal.empty() && user->active;
  Status answer =
      allowed
          ? Status::Ok()
          : NegativeAnswer("denied: " + a.login + " may not " + a.operation + " " + model->name +
                           (a.key_id ? " with API key " + std::to_string(a.key_id) : ""));
  if (a.json) {
    auto text_or_null = [](const std::string& v) {
      return v.empty() ? std::string("null") : JsonString(v);
    };
    std::string granting;
    for (const auto& r : e->granting) {
      granting += std::string(granting.empty() ? "" : ",") + "{\"id\":" + std::to_string(r.id) +
                  ",\"name\":" + JsonString(r.name) + ",\"xml_id\":" + text_or_null(r.xml_id) +
                  ",\"group\":" + (r.group_id ? JsonString(r.group_name) : "null") + "}";
    }
    std::string would_grant;
    for (const auto& g : e->would_grant) {
      would_grant += (would_grant.empty() ? "" : ",") + JsonString(g);
    }
    std::string rules;
    for (const auto& r : e->rules) {
      rules += std::string(rules.empty() ? "" : ",") + "{\"id\":" + std::to_string(r.id) +
               ",\"name\":" + JsonString(r.name) +
               ",\"global\":" + (r.group_ids.empty() ? "true" : "false") +
               ",\"domain\":" + JsonString(r.domain_force) + "}";
    }
    std::cout << "{\"allowed\":" << (allowed ? "true" : "false")
              << ",\"login\":" << JsonString(a.login) << ",\"user_id\":" << user->id
              << ",\"model\":" << JsonString(model->name)
              << ",\"operation\":" << JsonString(a.operation)
              << ",\"key_id\":" << (a.key_id ? std::to_string(a.key_id) : std::string("null"))
              << ",\"user_active\":" << (user->active ? "true" : "false")
              << ",\"key_refusal\":" << text_or_null(key_refusal)
              << ",\"superuser\":" << (e->superuser ? "true" : "false") << ",\"granting\":["
              << granting << "],\"would_grant\":[" << would_grant << "],\"scope\":"
              << (a.key_id == 0 || e->scope.empty() ? std::string("null") : JsonString(e->scope))
              << ",\"scope_allows\":"
              << (a.key_id == 0 ? "null" : (e->scope_allows ? "true" : "false")) << ",\"rules\":["
              << rules << "],\"records\":"
              << (e->domain && !e->superuser ? JsonString(models::PyRepr(*e->domain, 2000))
                                             : std::string("null"))
              << ",\"error\":"
              << (verdict.ok() ? std::string("null") : JsonString(verdict.message())) << "}\n";
    return answer;
  }

  std::cout << (allowed ? "allowed" : "denied") << ": " << a.login << " (uid " << user->id << ") "
            << a.operation << " on " << model->name << " (" << model->description << ")"
            << (a.key_id ? " with API key " + std::to_string(a.key_id) : "") << "\n";
  if (!user->active) std::cout << "  the user is archived: it cannot log in at all\n";
  if (!key_refusal.empty()) {
    std::cout << "  API key " << a.key_id << ": " << key_refusal
              << "; the server refuses it before any call (Access Denied)\n";
  }
  if (e->superuser) {
    std::cout << "  access right: the superuser bypasses access rights and record rules\n";
  } else if (!e->granting.empty()) {
    for (const auto& r : e->granting) {
      std::cout << "  access right: " << (r.xml_id.empty() ? r.name : r.xml_id) << " (id " << r.id
                << ") grants it to "
                << (r.group_id ? "group \"" + r.group_name + "\"" : std::string("everybody"))
                << "\n";
    }
  } else {
    std::cout << "  access right: none of the user's groups grants it\n";
    if (e->would_grant.empty()) {
      std::cout << "  no group currently allows this operation\n";
    } else {
      for (const auto& g : e->would_grant) std::cout << "  would be granted by: " << g << "\n";
    }
  }
  if (a.key_id != 0) {
    std::string shown = e->scope.empty() ? "global (NULL)" : "'" + e->scope + "'";
    std::cout << "  key scope " << shown << ": "
              << (e->scope_allows ? "allows it" : "does not allow it") << "\n";
  }
  if (!e->superuser) {
    if (e->rules.empty()) {
      std::cout << "  record rules: none apply; every record is reachable\n";
    } else {
      for (const auto& r : e->rules) {
        std::cout << "  record rule: \"" << r.name << "\" (id " << r.id << ", "
                  << (r.group_ids.empty() ? "global" : "group rule") << ") " << r.domain_force
                  << "\n";
      }
      if (e->domain)
        std::cout << "  records reachable: " << models::PyRepr(*e->domain, 2000) << "\n";
    }
  }
  if (!verdict.ok()) {
    std::cout << "  the call would fail with: AccessError\n";
    const std::string& msg = verdict.message();
    size_t start = 0;
    while (start <= msg.size()) {
      size_t nl = msg.find('\n', start);
      std::cout << "    " << msg.substr(start, nl == std::string::npos ? nl : nl - start) << "\n";
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  }
  return answer;
}

}  // namespace

void RegisterAccessCommands(CLI::App& app, Registration reg) {
  CLI::App* access = app.add_subcommand("access", "Explain access rights");
  access->require_subcommand(1);
  auto a = std::make_shared<AccessArgs>();
  auto* check = access->add_subcommand(
      "check", "Whether LOGIN may do OPERATION on MODEL, and why (exit 0 allowed, 2 denied)");
  check->add_option("--db", a->db, "Database")->required();
  check->add_option("LOGIN", a->login, "Login")->required();
  check->add_option("MODEL", a->model, "Model, e.g. sale.order")->required();
  check->add_option("OPERATION", a->operation, "read, write, create or unlink")->required();
  check->add_option("--key-id", a->key_id, "Also apply the scope of this API key of the user");
  check->add_flag("--json", a->json,
                  "JSON output: allowed, login, user_id, model, operation, key_id and the reasons");
  check->callback([=] { *reg.selected = [=](CliContext& c) { return Check(c, *a); }; });
}

}  // namespace keygate::cli
