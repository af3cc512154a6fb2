// The fields of an attached Odoo database's models (ir_model_fields), as the gateway needs them
// to follow a call into other models (nested_reach.h): each field's kind and, for relational
// fields, its comodel. FieldCatalogue is one snapshot; FieldCatalogues keeps one per database,
// read through store/model_catalog.h and reloaded when it is older than kMaxAge or, at most once
// per kMissRetry, when a call names a field or model the snapshot does not know (a module
// installed in Odoo while keygate runs).
// Thread-safety: FieldCatalogue is immutable; FieldCatalogues is thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/model_catalog.h"
#include "store/sql.h"

namespace keygate::gateway {

enum class FieldKind { kPlain, kMany2one, kOne2many, kMany2many };

struct CatalogueField {
  FieldKind kind = FieldKind::kPlain;
  std::string comodel;  // relational fields
  // one2many: whether Odoo deletes a line whose link is cut ((3, id), (5,), (6, ...)): its
  // inverse many2one is required or cascades, as keygate's own writer decides (models/writer.cc).
  bool lines_die_unlinked = false;
};

class FieldCatalogue {
 public:
  explicit FieldCatalogue(const std::vector<store::CatalogueFieldRow>& rows);
  // nullptr when `model` has no field `name` (or the model is unknown).
  const CatalogueField* Find(std::string_view model, std::string_view name) const;

 private:
  std::map<std::pair<std::string, std::string>, CatalogueField, std::less<>> fields_;
};

class FieldCatalogues {
 public:
  static constexpr int64_t kMaxAge = 300;    // seconds
  static constexpr int64_t kMissRetry = 10;  // seconds

  explicit FieldCatalogues(const Clock& clock) : clock_(clock) {}

  // The snapshot of `db`, loaded on `c` when there is none or it is older than kMaxAge.
  StatusOr<std::shared_ptr<const FieldCatalogue>> For(store::SqlConnection& c,
                                                      const std::string& db);
  // A newer snapshot after a miss, or nullptr when the current one is younger than kMissRetry.
  StatusOr<std::shared_ptr<const FieldCatalogue>> AfterMiss(store::SqlConnection& c,
                                                            const std::string& db);

 private:
  struct Entry {
    std::shared_ptr<const FieldCatalogue> catalogue;
    int64_t loaded_at = 0;
  };
  StatusOr<std::shared_ptr<const FieldCatalogue>> Load(store::SqlConnection& c,
                                                       const std::string& db);

  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

}  // namespace keygate::gateway
