// Test support: the PostgreSQL server the tests run against, given by scripts/with-postgres.sh
// through KEYGATE_TEST_PG_HOST, _PORT, _USER (and _CTL, a script running pg_ctl on it).
// Thread-safety: test code.
#pragma once

#include <optional>
#include <string>

#include "store/postgres/pg_backend.h"

namespace keygate::store {

// The server's connection options; nullopt (with the reason added as a test failure) when the
// environment does not name a server. Never skips: CI always provides one.
std::optional<PgBackendOptions> TestPgOptions();

// A database name unique to this process and call, for tests that create databases.
std::string UniqueTestDbName(const std::string& base);

}  // namespace keygate::store
