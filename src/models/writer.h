// The write side of the ORM: creating, updating and deleting records of any declared model, with
// defaults, sequences, validation, x2many command tuples, stored computed totals and the
// create/write/unlink record rules. Dispatch (orm.cc) runs each call inside one transaction, so
// an error anywhere leaves nothing behind.
// Thread-safety: a RecordWriter serves one call on one thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "models/access.h"
#include "models/method_context.h"
#include "models/model_def.h"
#include "models/user_types.h"

namespace keygate::models {

class RecordWriter {
 public:
  explicit RecordWriter(const MethodContext& ctx);

  // Odoo's create()/write()/unlink() as the caller makes them, at the top of a call or nested in
  // x2many commands at any depth: the model's access right and the key's scope
  // (AccessPolicy::CheckModel), the models declared read-only, and the record rules.
  StatusOr<int64_t> CreateAsCaller(const ModelDef& model, const Value& vals);
  Status WriteAsCaller(const ModelDef& model, const std::vector<int64_t>& ids, const Value& vals);
  Status UnlinkAsCaller(const ModelDef& model, const std::vector<int64_t>& ids);

  // One record from a vals dict; returns its id. Checks nothing about the caller.
  StatusOr<int64_t> Create(const ModelDef& model, const Value& vals);
  // Updates existing records; kMissingError if one does not exist.
  Status Write(const ModelDef& model, const std::vector<int64_t>& ids, const Value& vals);
  // Deletes existing records, cascading and nulling references as declared.
  Status Unlink(const ModelDef& model, const std::vector<int64_t>& ids);

  // kAccessError (AccessPolicy::RuleViolation) unless every one of `ids` passes the record rule
  // of `op` on `model`.
  Status CheckRule(const ModelDef& model, Operation op, const std::vector<int64_t>& ids);
  // kMissingError unless every one of `ids` exists.
  Status CheckExist(const ModelDef& model, const std::vector<int64_t>& ids);
  // kValidationError (the model's recursion_error) when one of `ids` is its own ancestor
  // through the model's parent field (Odoo's _has_cycle constraint).
  Status CheckNoCycle(const ModelDef& model, const std::vector<int64_t>& ids);
  // ModelDef::address_fields: the contacts among `ids` take their parent's address (when it has
  // one); `written` address fields (a write's) are copied to the contacts under `ids`.
  Status SyncAddresses(const ModelDef& model, const std::vector<int64_t>& ids, bool parent_changed,
                       const std::vector<std::string>& written);
  // The model's RecordChecks on the stored rows of `ids`.
  Status CheckRecords(const ModelDef& model, const std::vector<int64_t>& ids);

 private:
  struct Split;  // vals sorted into columns, related writes and x2many commands

  StatusOr<Split> SplitVals(const ModelDef& model, const Value& vals, bool creating);
  Status ApplyRelated(const ModelDef& model, const std::vector<int64_t>& ids, const Split& split);
  // Odoo's UNIQUE constraints of one column (FieldDef::unique): the values written must not be
  // another record's (`ids`: the records written; none for a create).
  Status CheckUnique(const ModelDef& model, const Split& split, const std::vector<int64_t>& ids);
  // Odoo's _inherits on create: each parent the values do not name is created first, as the
  // caller, from the values of the fields delegated to it (res.users: its partner).
  Status CreateInheritedParents(const ModelDef& model, Split& split);
  // res.users whose groups_id was written: Odoo's one-user-type rule, and share recomputed.
  Status AfterGroupsChanged(const ModelDef& model, const std::vector<int64_t>& ids,
                            const Split& split);
  // Odoo's UsersImplied.write for users a groups_id write made no longer internal (user_types.h).
  Status RestrictDemotedUsers(const ModelDef& model, const FieldDef& groups_field,
                              const Value& commands, const std::vector<UserGroupsBefore>& before);
  Status ApplyX2Many(const ModelDef& model, int64_t id, const FieldDef& field,
                     const Value& commands);
  Status LinkOne2Many(const ModelDef& model, const FieldDef& field, int64_t id,
                      const std::vector<int64_t>& children, bool reading);
  Status ReleaseOne2Many(const ModelDef& model, const FieldDef& field,
                         const std::vector<int64_t>& children);
  StatusOr<std::vector<int64_t>> CurrentChildren(const FieldDef& field, int64_t id);
  // CurrentChildren that the caller's read rules let it see.
  StatusOr<std::vector<int64_t>> VisibleChildren(const FieldDef& field, int64_t id);
  StatusOr<std::string> NextSequence(const ModelDef& model, const FieldDef& field);
  StatusOr<int64_t> UserCompany();
  Status UnlinkRecursive(const ModelDef& model, const std::vector<int64_t>& ids, int depth);

  // Stored computed fields of `ids` on `model`, then of the records that sum over them.
  Status Recompute(const ModelDef& model, const std::vector<int64_t>& ids, int depth = 0);
  // Parents (through many2one fields that a comodel's sum follows back) of `ids`.
  StatusOr<std::vector<std::pair<const ModelDef*, std::vector<int64_t>>>> SumParents(
      const ModelDef& model, const std::vector<int64_t>& ids);
  Status RecomputeParents(
      const std::vector<std::pair<const ModelDef*, std::vector<int64_t>>>& parents, int depth);

  MethodContext ForModel(const ModelDef& model) const;
  // The part of `ids` the caller's read rules let it see (Odoo reads a relation under them).
  StatusOr<std::vector<int64_t>> Visible(const ModelDef& model, const std::vector<int64_t>& ids);
  // What setting the inverse many2one of a one2many's children costs the caller: reading them
  // (for a link) and writing them, as Odoo's `lines[inverse] = record`.
  Status CheckChildWrite(const ModelDef& comodel, const std::vector<int64_t>& ids, bool reading);

  const MethodContext& ctx_;
  std::string now_;
  int depth_ = 0;  // nesting of x2many commands
};

}  // namespace keygate::models
