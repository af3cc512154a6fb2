// The access policy of a real user: Odoo's access rights (ir_model_access) and record rules
// (ir_rule), the superuser bypass, and the narrowing by the API key's scope (key_scope.h).
//
// Built per call from rows read when first needed: the user's effective groups, the access rows
// and rules of each model the call touches. With a PolicyMemo (policy_cache.h) the rows come from
// the memo of the call's auth generation when it has them, so a warm call reads none; a change of
// groups, access rights or rules (by the CLI or another process) bumps the generation and so
// applies to the very next call. Without one (the CLI's explanations) everything is read.
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
#include "models/access_rows.h"
#include "models/key_scope.h"
#include "models/model_def.h"
#include "models/policy_cache.h"
#include "models/py_literal.h"
#include "models/registry.h"
#include "store/sql.h"

namespace keygate::models {

inline constexpr int64_t kSuperuserId = 1;

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
  // With `memo`, rows are taken from and added to it (it must be the memo of the generation the
  // caller's credential was checked under).
  static StatusOr<std::unique_ptr<AclPolicy>> Create(store::SqlConnection& c, int64_t uid,
                                                     const std::optional<std::string>& key_scope,
                                                     PolicyMemo* memo = nullptr);

  Status CheckModel(const ModelDef& model, Operation op) const override;
  Status CheckKeyScope(const ModelDef& model, Operation op) const override;
  Status CheckModelWithGroups(const ModelDef& model, Operation op,
                              const std::vector<int64_t>& group_ids) const override;
  StatusOr<std::optional<Value>> RuleDomain(const ModelDef& model, Operation op) const override;
  Status RuleViolation(const ModelDef& model, Operation op,
                       const std::vector<int64_t>& ids) const override;

  StatusOr<AccessExplanation> Explain(const ModelDef& model, Operation op) const;

  // On an Odoo database keygate is attached to, only the models whose tables keygate reads there
  // (res.users, res.partner, res.company, res.groups, ir.module.category) are served.
  bool Serves(const ModelDef& model) const override;
  void set_attached_database(bool attached) { attached_database_ = attached; }
  // The declarations of the models, for the record rules of _inherits parents (ModelDef::inherits);
  // without it only the model's own rules apply.
  void set_registry(const Registry* registry) { registry_ = registry; }

  int64_t uid() const { return uid_; }
  const std::vector<int64_t>& group_ids() const { return user_->group_ids; }

 private:
  using ModelAccess = ModelAccessRows;

  AclPolicy(store::SqlConnection& c, int64_t uid, PolicyMemo* memo)
      : conn_(c), uid_(uid), memo_of_generation_(memo) {}

  bool attached_database_ = false;
  const Registry* registry_ = nullptr;

  bool InGroups(int64_t gid) const;
  // Whether the key's scope parses and lets the key do `op` on `model`.
  bool ScopeAllows(const ModelDef& model, Operation op) const;
  StatusOr<const ModelAccess*> Load(const ModelDef& model) const;  // memoised per model
  StatusOr<bool> UserMayDo(const ModelDef& model, Operation op) const;
  Status ModelDenial(const ModelDef& model, Operation op) const;
  StatusOr<const PyNames*> EvalNames() const;
  StatusOr<std::optional<Value>> ComputeRuleDomain(const ModelDef& model, Operation op) const;

  store::SqlConnection& conn_;
  const int64_t uid_;
  PolicyMemo* const memo_of_generation_;  // nullptr: nothing cached beyond this call
  std::shared_ptr<UserAccessRows> user_;  // the user's rows (shared with the memo)
  // The key's scope as parsed, or why it does not parse (then the key may do nothing); shared
  // with the memo, so that a key's scope is parsed once per thread and generation.
  std::shared_ptr<const StatusOr<KeyScope>> scope_;
  std::string scope_text_;

  mutable std::mutex mu_;
  // The rows of the models this call touched, guarded by mu_.
  mutable std::map<std::string, std::shared_ptr<const ModelAccess>, std::less<>> memo_;
};

// For the services: brings the database's access data up to date (once per process, see
// access_data.h) and builds the policy of `uid`, narrowed by the API key's scope (nullopt for a
// password, a web session or a global key). `generation`: the auth generation the caller's
// credential was checked under; with it the policy comes from this thread's PolicyMemo (bounded
// by `memo_limits`), without it everything is read.
StatusOr<std::unique_ptr<AclPolicy>> PolicyForCall(const std::shared_ptr<store::Database>& db,
                                                   store::SqlConnection& c,
                                                   const Registry& registry, int64_t uid,
                                                   const std::optional<std::string>& key_scope,
                                                   std::optional<int64_t> generation = std::nullopt,
                                                   const PolicyMemoLimits& memo_limits = {});

// Odoo's text for a user lacking the access right: "You are not allowed to access 'Sales Order'
// (sale.order) records.\n\nThis operation is allowed for the following groups:\n\t- ..."
Status AccessRightDenial(const ModelDef& model, Operation op,
                         const std::vector<std::string>& groups);

}  // namespace keygate::models
