// ir_model, the database's catalogue of models: on keygate's own databases the models its
// registry declares (loaded with the access data, models/access_data.h), on an attached Odoo
// database every model of Odoo's installed modules.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// The technical names of every model in ir_model ("res.partner", ...), in no order.
StatusOr<std::vector<std::string>> CatalogueModelNames(SqlConnection& c);

// One field of ir_model_fields (an attached Odoo database's catalogue of fields).
struct CatalogueFieldRow {
  std::string model;           // "res.partner"
  std::string name;            // "child_ids"
  std::string ttype;           // "char", "many2one", "one2many", "many2many", ...
  std::string relation;        // relational fields: the comodel, "res.partner" ("" otherwise)
  std::string relation_field;  // one2many: the comodel's inverse many2one ("" otherwise)
  bool required = false;
  std::string on_delete;  // many2one: "cascade", "set null", "restrict" ("" otherwise)
};

// Every field of ir_model_fields, in no order.
StatusOr<std::vector<CatalogueFieldRow>> CatalogueFields(SqlConnection& c);

}  // namespace keygate::store
