// Where a cached credential learns the auth generation of its database (AuthGeneration in
// repositories.h): the seam between the caches of auth/ (CredentialCache, RestrictionCache) and
// how a backend keeps the number fresh. QueryGenerationSource reads the row on every call (SQLite,
// where that is a local file read, and the fallback everywhere); PostgreSQL's PgAuthListener
// (postgres/pg_auth_listener.h) follows LISTEN/NOTIFY and answers from memory while it is
// connected.
// Thread-safety: implementations are thread-safe; the connection passed in is the caller's.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

class GenerationSource {
 public:
  virtual ~GenerationSource() = default;
  // The current auth generation of database `db`. `c` is a connection to that database, for a
  // source that must (or, when degraded, falls back to) read it.
  virtual StatusOr<int64_t> Current(SqlConnection& c, const std::string& db) = 0;
};

// Reads keygate_auth_generation on every call.
class QueryGenerationSource final : public GenerationSource {
 public:
  StatusOr<int64_t> Current(SqlConnection& c, const std::string& db) override;
};

// A process-wide QueryGenerationSource, the default of the caches.
GenerationSource& PerCallGenerationSource();

}  // namespace keygate::store
