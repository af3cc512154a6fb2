// ir_model_fields per attached database (see field_catalogue.h).
#include "gateway/field_catalogue.h"

#include <set>

namespace keygate::gateway {

namespace {

FieldKind KindOf(const std::string& ttype) {
  if (ttype == "many2one") return FieldKind::kMany2one;
  if (ttype == "one2many") return FieldKind::kOne2many;
  if (ttype == "many2many") return FieldKind::kMany2many;
  return FieldKind::kPlain;
}

}  // namespace

FieldCatalogue::FieldCatalogue(const std::vector<store::CatalogueFieldRow>& rows) {
  for (const auto& row : rows) {
    CatalogueField field;
    field.kind = row.relation.empty() ? FieldKind::kPlain : KindOf(row.ttype);
    if (field.kind != FieldKind::kPlain) field.comodel = row.relation;
    fields_[{row.model, row.name}] = std::move(field);
  }
  std::set<std::pair<std::string, std::string>> dying_links;  // many2ones that take the line
  for (const auto& row : rows) {
    if (KindOf(row.ttype) == FieldKind::kMany2one && (row.required || row.on_delete == "cascade")) {
      dying_links.emplace(row.model, row.name);
    }
  }
  for (const auto& row : rows) {
    if (KindOf(row.ttype) == FieldKind::kOne2many &&
        dying_links.count({row.relation, row.relation_field}) > 0) {
      fields_[{row.model, row.name}].lines_die_unlinked = true;
    }
  }
}

const CatalogueField* FieldCatalogue::Find(std::string_view model, std::string_view name) const {
  auto it = fields_.find(std::pair<std::string, std::string>(model, name));
  return it == fields_.end() ? nullptr : &it->second;
}

StatusOr<std::shared_ptr<const FieldCatalogue>> FieldCatalogues::Load(store::SqlConnection& c,
                                                                      const std::string& db) {
  KG_ASSIGN_OR_RETURN(auto rows, store::CatalogueFields(c));
  auto catalogue = std::make_shared<const FieldCatalogue>(rows);
  std::lock_guard lock(mu_);
  entries_[db] = Entry{catalogue, clock_.NowUnix()};
  return catalogue;
}

StatusOr<std::shared_ptr<const FieldCatalogue>> FieldCatalogues::For(store::SqlConnection& c,
                                                                     const std::string& db) {
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(db);
    if (it != entries_.end() && clock_.NowUnix() - it->second.loaded_at < kMaxAge) {
      return it->second.catalogue;
    }
  }
  return Load(c, db);
}

StatusOr<std::shared_ptr<const FieldCatalogue>> FieldCatalogues::AfterMiss(store::SqlConnection& c,
                                                                           const std::string& db) {
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(db);
    if (it != entries_.end() && clock_.NowUnix() - it->second.loaded_at < kMissRetry) {
      return std::shared_ptr<const FieldCatalogue>();
    }
  }
  return Load(c, db);
}

}  // namespace keygate::gateway
