// The access policy of a real user: Odoo's access rights (ir_model_access) and record rules
// (ir_rule), the superuser bypass, and the narrowing by the API key's scope (key_scope.h).
//
// Built per call: Create reads the user's effective groups (one query); the access rows and
// rules of a model are read only when that model is touched, and kept for the rest of the call.
// Nothing is cached between calls, so a change of groups, access rights or rules (by the CLI or
// another process) applies to the very next call.
//
// Odoo's semantics: a user may do an operation on a model if an active ir_model_access row for
// one of their effective groups, or a row without group, grants it; the superuser (uid 1)
// bypasses rights and rules. Record rules for the operation: global rules are AND-ed, the rules
// of the user's groups are OR-ed, then AND-ed with the global ones. A rule's domain_force is
// parsed with py_literal.h (never evaluated); one that does not parse denies every record
// (logged), so a broken rule never widens access.
// Thread-safety: an AclPolicy uses the connection it was built with, so it belongs to the one
// thread serving the call; its per-call memo is guarded by a mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "models/access.h"
#include "models/key_scope.h"
#include "models/model_def.h"
#include "models/py_literal.h"
#include "models/registry.h"
#include "store/sql.h"

namespace keygate::models {

inline constexpr int64_t kSuperuserId = 1;

// One ir_model_access row of a model, with its group's display name.
struct AccessRight {
  int64_t id = 0;
  std::string name;
  std::string xml_id;               // "keygate.access_sale_order", "" when none
  std::optional<int64_t> group_id;  // nullopt: everybody
  std::string group_name;           // "Sales/User: Own Documents Only" ("" for everybody)
  bool perm[4] = {false, false, false, false};  // indexed by Operation
};

// One active record rule of a model.
struct RecordRule {
  int64_t id = 0;
  std::string name;
  std::string domain_force;
  std::vector<int64_t> group_ids;  // empty: global
  bool perm[4] = {false, false, false, false};
};

// Why an operation is allowed or denied, for `keygate access check`.
struct AccessExplanation {
  bool allowed = false;
  bool superuser = false;
  std::vector<AccessRight> granting;     // rows that grant it to this user
  std::vector<std::string> would_grant;  // groups with a row granting it (Odoo's list)
  bool scope_allows = true;
  std::string scope;              // "" for NULL
  std::vector<RecordRule> rules;  // rules that apply to this user for the operation
  std::optional<Value> domain;    // their combination (nullopt: no rule applies)
  Status denial;                  // the AccessError a call would get
};

class AclPolicy : public AccessPolicy {
 public:
  // Reads the user's effective groups. `key_scope` is the scope of the API key the call
  // authenticated with (nullopt for a password, a web session or a NULL-scope key); a scope that
  // does not parse allows nothing.
  static StatusOr<std::unique_ptr<AclPolicy>> Create(store::SqlConnection& c, int64_t uid,
                                                     const std::optional<std::string>& key_scope);

  Status CheckModel(const ModelDef& model, Operation op) const override;
  StatusOr<std::optional<Value>> RuleDomain(const ModelDef& model, Operation op) const override;
  Status RuleViolation(const ModelDef& model, Operation op,
                       const std::vector<int64_t>& ids) const override;

  StatusOr<AccessExplanation> Explain(const ModelDef& model, Operation op) const;

  // On an Odoo database keygate is attached to, only the models whose tables keygate reads there
  // (res.users, res.partner, res.company, res.groups, ir.module.category) are served.
  bool Serves(const ModelDef& model) const override;
  void set_attached_database(bool attached) { attached_database_ = attached; }

  int64_t uid() const { return uid_; }
  const std::vector<int64_t>& group_ids() const { return group_ids_; }

 private:
  struct ModelAccess {
    std::vector<AccessRight> rights;
    std::vector<RecordRule> rules;
  };

  AclPolicy(store::SqlConnection& c, int64_t uid) : conn_(c), uid_(uid) {}

  bool attached_database_ = false;

  bool InGroups(int64_t gid) const;
  StatusOr<const ModelAccess*> Load(const ModelDef& model) const;  // memoised per model
  StatusOr<bool> UserMayDo(const ModelDef& model, Operation op) const;
  Status ModelDenial(const ModelDef& model, Operation op) const;
  StatusOr<PyNames> EvalNames() const;

  store::SqlConnection& conn_;
  const int64_t uid_;
  std::vector<int64_t> group_ids_;  // sorted
  KeyScope scope_;
  bool scope_valid_ = true;
  std::string scope_text_;

  mutable std::mutex mu_;
  mutable std::map<std::string, ModelAccess, std::less<>> memo_;  // guarded by mu_
};

// For the services: brings the database's access data up to date (once per process, see
// access_data.h) and builds the policy of `uid`, narrowed by the API key's scope (nullopt for a
// password, a web session or a global key).
StatusOr<std::unique_ptr<AclPolicy>> PolicyForCall(const std::shared_ptr<store::Database>& db,
                                                   store::SqlConnection& c,
                                                   const Registry& registry, int64_t uid,
                                                   const std::optional<std::string>& key_scope);

// Odoo's text for a user lacking the access right: "You are not allowed to access 'Sales Order'
// (sale.order) records.\n\nThis operation is allowed for the following groups:\n\t- ..."
Status AccessRightDenial(const ModelDef& model, Operation op,
                         const std::vector<std::string>& groups);

}  // namespace keygate::models
