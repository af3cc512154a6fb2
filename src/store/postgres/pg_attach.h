// keygate attached to an existing Odoo 17 or 18 PostgreSQL database (`keygate db attach`).
// Odoo's tables (schema public) are never altered: keygate's tables, compatibility views over
// Odoo's tables and the triggers on those views live in a schema "keygate"
// (migrations/postgres_attach), and keygate's connections to the database search "keygate, public"
// so that its portable SQL reads and writes Odoo's data with keygate's column shapes. The consent
// (who attached, when, which Odoo version) is a row of keygate.keygate_attachment.
// Thread-safety: stateless functions; the connection is the caller's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/embedded.h"
#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// The search_path of keygate's connections to an attached database.
inline constexpr const char* kAttachedSearchPath = "keygate, public";

// What a PostgreSQL database holds, as far as keygate is concerned.
enum class DatabaseKind {
  kOther,     // neither keygate's nor Odoo's
  kKeygate,   // made by `keygate db create` (keygate_migration in public)
  kAttached,  // an Odoo database keygate is attached to (keygate.keygate_attachment)
  kOdoo,      // an Odoo database keygate is not attached to
};

// Reads the catalog through any connection to the database (its search_path does not matter).
StatusOr<DatabaseKind> InspectDatabase(SqlConnection& c);

// The message for a database that is Odoo's but not attached: what to run instead.
std::string NotAttachedMessage(const std::string& db);

// The Odoo version of the database ("17.0.1.3": base's latest_version) and its major version.
struct OdooVersion {
  std::string version;
  int major = 0;
};
// kUserError when the database is not an Odoo database or its version is not 17 or 18.
StatusOr<OdooVersion> DetectOdooVersion(SqlConnection& c, const std::string& db);

struct AttachResult {
  bool already_attached = false;  // an earlier attach's consent was found; views refreshed
  OdooVersion odoo;
  int migrations_applied = 0;
};

// Attaches: creates schema keygate, records the consent row (first time only), applies
// `migrations` and (re)builds the compatibility views, all in one transaction. `c` must search
// kAttachedSearchPath. Idempotent. kUserError when the database is keygate's own, not Odoo's, or
// of an unsupported version.
StatusOr<AttachResult> AttachOdooDatabase(SqlConnection& c, const std::string& db,
                                          const std::vector<EmbeddedFile>& migrations);

// Drops schema keygate (keygate's tables, views and triggers) and nothing else.
Status DetachOdooDatabase(SqlConnection& c, const std::string& db);

}  // namespace keygate::store
