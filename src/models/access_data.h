// The shipped access rules (schema/access/ir.model.access.csv and ir_rule.csv, Odoo's own CSV
// format, compiled into the binary) and the loader that writes them, with one ir_model row per
// declared model, into a database.
//
// When: EnsureAccessData runs at `keygate db create` and before the first call a process serves
// on a database (so a database created or migrated by an older keygate is brought up to date
// without a separate step). It compares a fingerprint of the data (the CSV texts and the model
// registry) with the one recorded in ir_config_parameter and loads only when they differ, in one
// transaction. Loading is idempotent and keyed by external ids (ir_model_data): rows whose id is
// in the CSV are inserted or updated, rows loaded earlier whose id left the CSV are deleted, and
// rows an administrator added by hand (without an external id) are kept. Never on an Odoo
// database keygate is attached to: Odoo's own rows apply there.
// Thread-safety: functions are stateless except EnsureAccessDataOnce's process-wide memo, which
// is guarded by a mutex.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "models/registry.h"
#include "store/sql.h"

namespace keygate::models {

// One row of ir.model.access.csv.
struct AccessRow {
  std::string id;  // external id, "access_sale_order" (module "keygate" when none given)
  std::string name;
  std::string model_ref;  // "model_sale_order"
  std::string group_ref;  // "sales_team.group_sale_salesman", or "" for everybody
  bool perm_read = false, perm_write = false, perm_create = false, perm_unlink = false;
};

// One row of ir_rule.csv.
struct RuleRow {
  std::string id;
  std::string name;
  std::string model_ref;
  std::vector<std::string> group_refs;  // empty: a global rule
  std::string domain_force;
  bool perm_read = true, perm_write = true, perm_create = true, perm_unlink = true;
};

struct AccessData {
  std::vector<AccessRow> access;
  std::vector<RuleRow> rules;
};

// RFC 4180 CSV: quoted fields may hold commas, quotes ("" inside quotes) and newlines.
// kValidationError on an unterminated quote.
StatusOr<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text);

// Parses the two files; kValidationError naming the file and line on a bad header or row.
StatusOr<AccessData> ParseAccessData(std::string_view access_csv, std::string_view rules_csv);

// The data compiled into the binary.
StatusOr<AccessData> EmbeddedAccessData();

// "model_sale_order" for "sale.order": the external id name of a model's ir_model row.
std::string ModelXmlName(std::string_view model);

// Writes ir_model rows for every model of `registry` and the access rows and rules of `data`,
// inside the caller's transaction. References to models that are not declared or to groups
// that do not exist are skipped with an error in the log (a packaging bug that a unit test
// catches), never a half-applied row.
Status LoadAccessData(store::SqlConnection& c, const Registry& registry, const AccessData& data);

// Loads the embedded data when the database's recorded fingerprint differs (its own
// transaction; the caller must not be in one). Cheap when current: one indexed read.
Status EnsureAccessData(store::SqlConnection& c, const Registry& registry);

// EnsureAccessData at most once per process for each opened database (a re-created database is
// a new Database object and is checked again).
Status EnsureAccessDataOnce(const std::shared_ptr<store::Database>& db, store::SqlConnection& c,
                            const Registry& registry);

}  // namespace keygate::models
