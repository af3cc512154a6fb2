// Demo business records for `keygate db create --demo`: products, sales orders with lines (80 of
// them, for the search_read benchmark), invoices and transfers across the demo customers
// (res_partner rows with customer_rank > 0). Written through the ORM, so names, totals and
// defaults are what a client creating them would get.
// Thread-safety: uses the given connection only; the caller holds the transaction.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::models {

// How many sales orders SeedBusinessDemoData creates when there is at least one customer.
inline constexpr int kDemoSaleOrders = 80;

// Creates the records as `admin_uid`, inside the caller's transaction.
Status SeedBusinessDemoData(store::SqlConnection& conn, int64_t admin_uid);

}  // namespace keygate::models
