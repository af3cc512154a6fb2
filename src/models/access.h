// The authorization seam every ORM method goes through: a model-level check (Odoo's
// ir.model.access) and a record-level domain (Odoo's ir.rule) that is AND-ed into the search of
// each method. Dispatch (orm.cc) calls CheckModel before any method runs and the search/read
// helpers AND the RuleDomain in, so a real policy plugs in without touching the methods.
// Thread-safety: implementations must be safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "models/model_def.h"

namespace keygate::models {

enum class Operation { kRead, kWrite, kCreate, kUnlink };

class AccessPolicy {
 public:
  virtual ~AccessPolicy() = default;
  // OK, or kAccessError with Odoo's message when the user may not do `op` on the model.
  virtual Status CheckModel(const ModelDef& model, Operation op) const = 0;
  // A domain (Value in Odoo's notation) that records must match for `op`; nullopt: no rule.
  virtual StatusOr<std::optional<Value>> RuleDomain(const ModelDef& model, Operation op) const = 0;
  // The error for a write/unlink (or read) that names records outside RuleDomain(model, op);
  // `ids` are the offending record ids. Policies override it to produce Odoo's exact text.
  // False for a declared model this database does not serve (an attached Odoo database serves
  // only users, partners, companies and groups); callers answer as for an unknown model.
  virtual bool Serves(const ModelDef& model) const {
    (void)model;
    return true;
  }
  // Whether the API key the call authenticated with lets it do `op` on the model (no key, or a
  // policy without keys: true). What Odoo does as superuser on a user's behalf (a user writing
  // its own safe fields) still needs the key's scope.
  virtual Status CheckKeyScope(const ModelDef& model, Operation op) const {
    (void)model;
    (void)op;
    return Status::Ok();
  }
  // CheckModel for the caller as if its groups were exactly `group_ids` (implications not
  // followed): Odoo's check of a write the ORM makes as the caller after the caller's own groups
  // changed in the same transaction (a user demoting itself). The superuser passes.
  virtual Status CheckModelWithGroups(const ModelDef& model, Operation op,
                                      const std::vector<int64_t>& group_ids) const {
    (void)group_ids;
    return CheckModel(model, op);
  }
  virtual Status RuleViolation(const ModelDef& model, Operation op,
                               const std::vector<int64_t>& ids) const {
    (void)ids;
    const char* verb = op == Operation::kRead     ? "read"
                       : op == Operation::kWrite  ? "write"
                       : op == Operation::kCreate ? "create"
                                                  : "unlink";
    return AccessError("Due to security restrictions, you are not allowed to " + std::string(verb) +
                       " '" + model.description + "' (" + model.name + ") records.");
  }
};

// Everything allowed, no rules: the superuser, tools and tests.
class AllowAll : public AccessPolicy {
 public:
  Status CheckModel(const ModelDef&, Operation) const override { return Status::Ok(); }
  StatusOr<std::optional<Value>> RuleDomain(const ModelDef&, Operation) const override {
    return std::optional<Value>();
  }
};

}  // namespace keygate::models
