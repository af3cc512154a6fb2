// The database the SQL and HTTP fuzz targets run against: every shipped SQLite migration, the
// shipped access rights and record rules, and a small known data set, so that domains, orders,
// field lists and whole requests reach real tables, real ACLs and real rules.
//
// Users (all passwords are hashed with one PBKDF2 round, so a fuzzed login costs no real hash):
//   2 admin / admin        Settings and manager of Sales, Accounting and Inventory
//   3 sales / sales        internal user, Sales: own documents only
//   4 portal / portal      portal user (share)
// API keys (fixed, see kAdminApiKey and kSalesApiKey) and the business demo data (products,
// sales orders, invoices, transfers) for a few customers.
// Thread-safety: one caller at a time; the connection is the caller's.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "models/registry.h"
#include "store/sql.h"

namespace keygate::fuzz {

inline constexpr int64_t kAdminUid = 2;
inline constexpr int64_t kSalesUid = 3;
inline constexpr int64_t kPortalUid = 4;

// Global key of admin, and a key of sales scoped "rpc:res.partner:read;sale.order:all".
inline constexpr char kAdminApiKey[] = "0101010101010101010101010101010101010101";
inline constexpr char kSalesApiKey[] = "0202020202020202020202020202020202020202";

// Migrates an empty database with every SQLite migration, loads the access data and writes the
// data set above, in one transaction. Login cooldown is off (base.login_cooldown_after = 0), so
// that a fuzzed run of failed logins does not lock the fuzzer out of the code behind a login.
Status SeedFuzzDatabase(store::SqlConnection& c, const models::Registry& registry);

}  // namespace keygate::fuzz
