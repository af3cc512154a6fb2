// Reads the test server's location from the environment.
#include "store/postgres/pg_test_env.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

namespace keygate::store {

std::optional<PgBackendOptions> TestPgOptions() {
  const char* host = std::getenv("KEYGATE_TEST_PG_HOST");
  const char* port = std::getenv("KEYGATE_TEST_PG_PORT");
  const char* user = std::getenv("KEYGATE_TEST_PG_USER");
  if (!host || !port || !user || !*host || !*port || !*user) {
    ADD_FAILURE() << "no PostgreSQL server for the tests: set KEYGATE_TEST_PG_HOST, "
                     "KEYGATE_TEST_PG_PORT and KEYGATE_TEST_PG_USER, e.g. by running them under "
                     "scripts/with-postgres.sh (make unit does)";
    return std::nullopt;
  }
  PgBackendOptions o;
  o.connect.host = host;
  o.connect.port = std::atoi(port);
  o.connect.user = user;
  o.connect.sslmode = "disable";
  o.max_connections = 16;
  return o;
}

std::string UniqueTestDbName(const std::string& base) {
  static std::atomic<int> counter{0};
  return "kgpg_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + base;
}

}  // namespace keygate::store
