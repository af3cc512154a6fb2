// Versioned schema migrations, independent of the SQL engine: each backend passes its own file
// set (migrations/<dialect>/NNNN_name.sql, compiled into the binary) and a connection.
//
// Applied versions are recorded in keygate_migration(version, name, applied_at). Each pending
// file runs in its own transaction together with its record, so a failure leaves the database at
// the previous version, and two processes migrating the same database at once apply each file
// once (the second re-checks inside its transaction and skips it).
// Thread-safety: stateless functions; the connection is the caller's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/embedded.h"
#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

// One migration file, its version taken from the leading digits of its name.
struct MigrationFile {
  int64_t version = 0;
  std::string name;  // base name, e.g. "0001_core.sql"
  std::string_view sql;
};

// Validates and orders a file set by version. kInternal (a packaging bug, not a user error) when
// a name is not "NNNN_name.sql" or two files share a version.
StatusOr<std::vector<MigrationFile>> ParseMigrations(const std::vector<EmbeddedFile>& files);

// The highest version recorded in the database, 0 for a fresh one. Creates keygate_migration if
// it is missing.
StatusOr<int64_t> AppliedSchemaVersion(SqlConnection& c);

// Applies every file whose version is not yet recorded, in version order, and returns how many
// it applied (0 when the database is current). kUnavailable when the database records a version
// newer than any in `files` (it was migrated by a newer keygate; using it could corrupt it).
StatusOr<int> Migrate(SqlConnection& c, const std::vector<EmbeddedFile>& files);

}  // namespace keygate::store
