// `keygate audit`: a read-only review of one database's API keys, each finding with a severity and
// a recommendation: keys per user with their groups, keys of administrators, keys without expiry,
// keys never used or unused for N days, keys older than N days, archived users that still have
// keys, users with keys and without 2FA, keys whose scope can never work (models/key_scope.h:
// an Odoo scope, or a model keygate does not know) and keys whose scope is wider than their
// recent use. Recommendations are commands that work as printed (with the database's name).
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::audit {

enum class Severity { kInfo, kWarning, kCritical };
const char* SeverityName(Severity s);  // "info", "warning", "critical"

struct Finding {
  std::string check;  // stable identifier, e.g. "key_without_expiry"
  Severity severity = Severity::kInfo;
  std::optional<int64_t> key_id;
  std::string login;
  std::string detail;
  std::string recommendation;
};

struct KeySummary {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string login;
  std::string name;
  std::optional<std::string> scope;  // nullopt: global (NULL)
  std::string create_date;
  std::string expiration_date;  // "" = never
  std::string last_used_at;     // "" = never
  std::string last_used_ip;
  bool user_active = true;
  bool user_admin = false;
  bool user_2fa = false;
  std::vector<std::string> groups;  // the user's groups, full names
};

struct AuditOptions {
  std::string db;                         // the database's name, for the recommended commands
  std::vector<std::string> known_models;  // sorted; the models a scope may name
  int64_t unused_days = 30;
  int64_t max_age_days = 180;
  int64_t usage_days = 30;  // the window of "recent use" for the scope check
};

struct AuditReport {
  std::vector<KeySummary> keys;
  std::vector<Finding> findings;
  Severity worst() const;
};

StatusOr<AuditReport> RunAudit(store::SqlConnection& c, const AuditOptions& options, int64_t now);

std::string FormatAuditText(const AuditReport& report);
std::string FormatAuditJson(const AuditReport& report);

}  // namespace keygate::audit
