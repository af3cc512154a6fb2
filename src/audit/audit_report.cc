// Audit findings from res_users_apikeys, res_users, groups, keygate_key_meta and
// keygate_key_usage.
#include "audit/audit_report.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "auth/api_keys.h"
#include "common/clock.h"
#include "models/key_scope.h"
#include "rpc/json_codec.h"
#include "store/auth_event_log.h"
#include "store/group_catalog.h"
#include "store/key_inventory.h"

namespace keygate::audit {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
  }
  return "info";
}

Severity AuditReport::worst() const {
  Severity w = Severity::kInfo;
  for (const auto& f : findings) w = std::max(w, f.severity);
  return w;
}

namespace {

int64_t DaysBetween(const std::string& from, int64_t now) {
  auto t = ParseUtc(from);
  return t ? (now - *t) / 86400 : 0;
}

void Add(AuditReport& r, std::string check, Severity sev, const KeySummary* key,
         const std::string& login, std::string detail, std::string recommendation) {
  Finding f;
  f.check = std::move(check);
  f.severity = sev;
  if (key) f.key_id = key->id;
  f.login = login;
  f.detail = std::move(detail);
  f.recommendation = std::move(recommendation);
  r.findings.push_back(std::move(f));
}

std::string KeyLabel(const KeySummary& k) {
  return "key " + std::to_string(k.id) + " \"" + k.name + "\" of " + k.login;
}

// "make a key with --scope S (keygate key new ...) and revoke this one", with a command that works
// as printed: a name, and for an owner who is not an administrator the longest expiry allowed.
std::string NarrowerKeyAdvice(store::SqlConnection& c, const std::string& db, const KeySummary& k,
                              int64_t uid, const std::string& scope) {
  std::string command = "keygate key new --db ";
  command += db;
  command += " " + k.login + " --name \"" + k.name + " (narrowed)\" --scope " + scope;
  auto max_days = auth::MaxKeyDurationDays(c, uid);
  if (max_days.ok() && *max_days) {
    command += " --expires-days " + auth::DaysText(**max_days);
  }
  std::string advice = "make a key with --scope ";
  advice += scope;
  advice += " (" + command + ") and revoke this one";
  return advice;
}

}  // namespace

StatusOr<AuditReport> RunAudit(store::SqlConnection& c, const AuditOptions& o, int64_t now) {
  AuditReport report;
  std::map<int64_t, std::vector<std::string>> groups_of;
  std::set<int64_t> admins;
  KG_ASSIGN_OR_RETURN(auto groups, store::EffectiveGroupNamesOfUsers(c));
  for (store::UserGroupName& g : groups) {
    groups_of[g.uid].push_back(std::move(g.full_name));
    if (g.is_system) admins.insert(g.uid);
  }

  KG_ASSIGN_OR_RETURN(auto keys, store::KeyInventory(c));
  std::map<std::string, int> keys_per_login;
  std::set<std::string> reported_no_2fa;
  for (store::KeyInventoryRow& row : keys) {
    KeySummary k;
    k.id = row.id;
    k.login = std::move(row.login);
    k.name = std::move(row.name);
    k.scope = std::move(row.scope);
    k.create_date = std::move(row.create_date);
    k.expiration_date = std::move(row.expiration_date);
    k.last_used_at = std::move(row.last_used_at);
    k.last_used_ip = std::move(row.last_used_ip);
    k.user_active = row.user_active;
    k.user_2fa = row.user_2fa;
    const int64_t uid = row.user_id;
    k.user_id = uid;
    k.user_admin = admins.count(uid) > 0;
    k.groups = groups_of[uid];
    keys_per_login[k.login]++;
    report.keys.push_back(k);

    const bool expired = !k.expiration_date.empty() && ParseUtc(k.expiration_date) &&
                         *ParseUtc(k.expiration_date) < now;
    if (expired) continue;  // fails already; the server purges it
    if (!k.user_active) {
      Add(report, "archived_user_key", Severity::kWarning, &k, k.login,
          KeyLabel(k) +
              " belongs to an archived user: it fails today but works again the "
              "moment the user is unarchived",
          "revoke it: keygate key revoke --db " + o.db + " " + std::to_string(k.id));
      continue;
    }
    // An empty scope given to the CLI means none (a global key, stored as NULL); an empty string
    // stored as the scope (by hand or by another tool) never authenticates, as in Odoo.
    const Status works = k.scope && k.scope->empty() ? models::KeyScope::Parse(k.scope).status()
                                                     : models::KeyScope::ValidateForKey(
                                                           k.scope.value_or(""), o.known_models);
    if (!works.ok()) {
      Add(report, "scope_never_works", Severity::kWarning, &k, k.login,
          KeyLabel(k) + " can never work over RPC: " + works.message(),
          "revoke it (keygate key revoke --db " + o.db + " " + std::to_string(k.id) +
              ") and make a key with a valid scope (keygate key new --scope ...)");
      continue;
    }
    if (k.user_admin) {
      Add(report, "administrator_key",
          k.expiration_date.empty() ? Severity::kCritical : Severity::kWarning, &k, k.login,
          KeyLabel(k) + " carries administrator rights (Settings)" +
              (k.expiration_date.empty() ? " and never expires" : ""),
          "give the integration its own user with only the groups it needs, and a key with an "
          "expiry");
    }
    if (k.expiration_date.empty() && !k.user_admin) {
      Add(report, "key_without_expiry", Severity::kWarning, &k, k.login,
          KeyLabel(k) + " never expires", "rotate it into a key with an expiry, or revoke it");
    }
    if (k.last_used_at.empty()) {
      if (DaysBetween(k.create_date, now) >= 1) {
        Add(report, "key_never_used", Severity::kWarning, &k, k.login,
            KeyLabel(k) + " was created " + k.create_date + " UTC and has never been used",
            "revoke it if nothing needs it");
      }
    } else if (DaysBetween(k.last_used_at, now) >= o.unused_days) {
      Add(report, "key_unused", Severity::kWarning, &k, k.login,
          KeyLabel(k) + " has not been used for " +
              std::to_string(DaysBetween(k.last_used_at, now)) + " days (last " + k.last_used_at +
              " UTC from " + k.last_used_ip + ")",
          "revoke it if the integration is gone");
    }
    if (DaysBetween(k.create_date, now) >= o.max_age_days) {
      Add(report, "key_old", Severity::kWarning, &k, k.login,
          KeyLabel(k) + " is " + std::to_string(DaysBetween(k.create_date, now)) + " days old",
          "rotate it: keygate key rotate --db " + o.db + " " + std::to_string(k.id) +
              " --grace 24h");
    }
    if (!k.user_2fa && reported_no_2fa.insert(k.login).second) {
      Add(report, "user_without_2fa", Severity::kInfo, nullptr, k.login,
          k.login +
              " has API keys and no two-factor authentication: its password alone "
              "opens RPC",
          "turn on 2FA (keygate user totp enable) so that only its keys work over RPC");
    }
    if (!k.scope || *k.scope == "rpc") {
      KG_ASSIGN_OR_RETURN(
          auto usage, store::KeyOperationsSince(c, k.id, FormatUtc(now - o.usage_days * 86400)));
      if (!usage.empty()) {
        std::map<std::string, std::vector<std::string>> used;
        bool only_reads = true;
        for (const auto& [model, operation] : usage) {
          used[model].push_back(operation);
          if (operation != "read") only_reads = false;
        }
        std::string narrow = "rpc:";
        if (only_reads) {
          narrow = "rpc:readonly";
        } else {
          bool first = true;
          for (const auto& [model, ops] : used) {
            narrow += (first ? "" : ";") + model + ":";
            for (size_t i = 0; i < ops.size(); ++i) narrow += (i ? "," : "") + ops[i];
            first = false;
          }
        }
        Add(report, "scope_wider_than_use", Severity::kInfo, &k, k.login,
            KeyLabel(k) + " may do everything its user can, but in the last " +
                std::to_string(o.usage_days) + " days it only did: " + narrow.substr(4),
            NarrowerKeyAdvice(c, o.db, k, uid, narrow));
      }
    }
  }
  for (const auto& [login, n] : keys_per_login) {
    if (n > 5) {
      Add(report, "many_keys", Severity::kInfo, nullptr, login,
          login + " has " + std::to_string(n) + " API keys",
          "one key per integration; revoke the ones nothing uses");
    }
  }
  return report;
}

std::string FormatAuditText(const AuditReport& r) {
  std::ostringstream out;
  out << "API keys (" << r.keys.size() << ")\n";
  // The scope column is as wide as the longest scope: a scope is never cut.
  int scope_width = 6;
  for (const auto& k : r.keys) {
    scope_width = std::max(scope_width, static_cast<int>(k.scope.value_or("global").size()));
  }
  char line[1024];
  std::snprintf(line, sizeof line, "  %-5s %-24s %-24s %-*s %-19s %-19s %s\n", "ID", "LOGIN",
                "NAME", scope_width, "SCOPE", "EXPIRES", "LAST USE", "GROUPS");
  out << line;
  for (const auto& k : r.keys) {
    std::string groups;
    for (size_t i = 0; i < k.groups.size(); ++i) groups += (i ? ", " : "") + k.groups[i];
    std::string row;
    std::snprintf(line, sizeof line, "  %-5lld %-24s %-24s ", static_cast<long long>(k.id),
                  k.login.c_str(), k.name.substr(0, 24).c_str());
    row = line;
    std::string scope = k.scope.value_or("global");
    row += scope + std::string(static_cast<size_t>(scope_width) - scope.size() + 1, ' ');
    std::snprintf(line, sizeof line, "%-19s %-19s %s\n",
                  k.expiration_date.empty() ? "never" : k.expiration_date.c_str(),
                  k.last_used_at.empty() ? "never" : k.last_used_at.c_str(),
                  groups.substr(0, 160).c_str());
    out << row << line;
  }
  out << "\nFindings (" << r.findings.size() << ")\n";
  for (Severity s : {Severity::kCritical, Severity::kWarning, Severity::kInfo}) {
    for (const auto& f : r.findings) {
      if (f.severity != s) continue;
      out << "  [" << SeverityName(s) << "] " << f.check << ": " << f.detail << "\n"
          << "      -> " << f.recommendation << "\n";
    }
  }
  if (r.findings.empty()) out << "  none\n";
  return out.str();
}

std::string FormatAuditJson(const AuditReport& r) {
  // The field names of key list --json: a finding names its user by user_id and login too.
  std::map<std::string, int64_t> user_of;
  Value::Array keys;
  for (const auto& k : r.keys) {
    user_of[k.login] = k.user_id;
    Value v(Value::Struct{});
    v.Set("id", k.id);
    v.Set("user_id", k.user_id);
    v.Set("login", k.login);
    v.Set("name", k.name);
    v.Set("scope", k.scope ? Value(*k.scope) : Value());  // null for global, as key list --json
    v.Set("create_date", k.create_date);
    v.Set("expiration_date", k.expiration_date.empty() ? Value() : Value(k.expiration_date));
    v.Set("last_used_at", k.last_used_at.empty() ? Value() : Value(k.last_used_at));
    v.Set("user_active", k.user_active);
    v.Set("user_admin", k.user_admin);
    v.Set("user_2fa", k.user_2fa);
    Value::Array groups;
    for (const auto& g : k.groups) groups.emplace_back(g);
    v.Set("groups", Value(std::move(groups)));
    keys.push_back(std::move(v));
  }
  Value::Array findings;
  for (const auto& f : r.findings) {
    Value v(Value::Struct{});
    v.Set("check", f.check);
    v.Set("severity", SeverityName(f.severity));
    v.Set("key_id", f.key_id ? Value(*f.key_id) : Value());
    auto user = user_of.find(f.login);
    v.Set("user_id", user == user_of.end() ? Value() : Value(user->second));
    v.Set("login", f.login);
    v.Set("detail", f.detail);
    v.Set("recommendation", f.recommendation);
    findings.push_back(std::move(v));
  }
  Value doc(Value::Struct{});
  doc.Set("keys", Value(std::move(keys)));
  doc.Set("findings", Value(std::move(findings)));
  doc.Set("worst", r.findings.empty() ? Value() : Value(SeverityName(r.worst())));
  return rpc::SerializeJson(doc) + "\n";
}

}  // namespace keygate::audit
