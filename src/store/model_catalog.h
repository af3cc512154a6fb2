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

}  // namespace keygate::store
