// The stored display name of a contact hierarchy, as Odoo's res.partner computes complete_name:
// a person under a company is "Company, Person"; a company, or a contact without parent, is its
// own name. Schema: "compute": {"contact_name": "parent_id"} on a stored char field.
// Thread-safety: pure functions over one connection.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "models/model_def.h"
#include "store/sql.h"

namespace keygate::models {

// Recomputes `field` (kind kContactName) of `ids` and of all their descendants through the
// parent field, parents before children.
Status RecomputeContactNames(store::SqlConnection& conn, const ModelDef& model,
                             const FieldDef& field, const std::vector<int64_t>& ids);

}  // namespace keygate::models
