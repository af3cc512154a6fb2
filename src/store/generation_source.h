// Where a cached credential learns the auth generation of its database (AuthGeneration in
// repositories.h): the seam between the caches of auth/ (CredentialCache, RestrictionCache) and
// how a backend keeps the number fresh. QueryGenerationSource reads the row, and on SQLite only
// after a commit: it remembers the number with the database's commit stamp (the WAL-index header,
// sql.h's CommitStampNow), which any commit of any process changes, so a warm call runs no
// statement for it; elsewhere it reads on every call. PostgreSQL's PgAuthListener
// (postgres/pg_auth_listener.h) follows LISTEN/NOTIFY and answers from memory while it is
// connected.
// Thread-safety: implementations are thread-safe; the connection passed in is the caller's.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

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

// Reads keygate_auth_generation: on every call, or on SQLite once per commit stamp.
class QueryGenerationSource final : public GenerationSource {
 public:
  StatusOr<int64_t> Current(SqlConnection& c, const std::string& db) override;
};

// A process-wide QueryGenerationSource, the default of the caches.
GenerationSource& PerCallGenerationSource();

// PostgreSQL: each watcher of postgres/pg_auth_listener.h shows the generation it has applied as
// its session's application_name, this prefix followed by the number ("keygate auth watcher 42").
inline constexpr std::string_view kWatcherSessionName = "keygate auth watcher ";

// Waits until every watcher of the connection's database, in any keygate process, has applied
// `generation`, or `timeout` passes. Returns how many watchers are still behind (0: every running
// server refuses what the change took away on its very next call). Called after a change
// commits. On SQLite there are no watchers (each process reads the generation itself): 0 at once.
StatusOr<int> WaitForWatchers(SqlConnection& c, int64_t generation,
                              std::chrono::milliseconds timeout);

}  // namespace keygate::store
