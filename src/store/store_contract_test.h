// The storage contract: one parameterized suite that every backend must pass. A backend
// instantiates it in its own file, e.g.
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
//                            ::testing::Values(BackendFactory{"sqlite", ...}),
//                            BackendFactoryName);
// The suite uses only the Backend/Database/SqlConnection interfaces, portable SQL and the
// repositories. Database names carry a random per-test prefix, so a backend whose databases live
// on a shared server (PostgreSQL) can run it concurrently; each test drops what it created.
// Thread-safety: test code.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "store/sql.h"

namespace keygate::store {

struct BackendFactory {
  std::string name;
  // Makes a backend; `tmpdir` is an empty directory private to the test (removed afterwards).
  // Called again with the same directory to simulate a restart or a second process.
  std::function<std::unique_ptr<Backend>(const std::string& tmpdir)> make;
};

inline void PrintTo(const BackendFactory& f, std::ostream* os) { *os << f.name; }

inline std::string BackendFactoryName(const ::testing::TestParamInfo<BackendFactory>& info) {
  return info.param.name;
}

class StoreContractTest : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A database name unique to this test run: "<prefix>_<base>".
  std::string Db(const std::string& base) const;
  // Creates Db(base) (recorded for cleanup) and opens it; fails the test on error.
  std::shared_ptr<Database> CreateAndOpen(const std::string& base);
  // Acquires a connection, failing the test on error.
  ConnectionLease Lease(Database& db);
  // Creates a user with the given login; returns its id.
  int64_t MakeUser(SqlConnection& c, const std::string& login, bool active = true);
  // Creates a key row for `uid`; returns its id.
  int64_t MakeKey(SqlConnection& c, int64_t uid, const std::string& index,
                  std::optional<std::string> scope, std::optional<std::string> expiration);

  std::string tmpdir_;
  std::string prefix_;
  std::unique_ptr<Backend> backend_;
  std::vector<std::string> created_;
};

}  // namespace keygate::store
