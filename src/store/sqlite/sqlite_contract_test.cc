// Runs the storage contract suite against the SQLite backend.
#include "store/sqlite/sqlite_backend.h"
#include "store/store_contract_test.h"

namespace keygate::store {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
                         ::testing::Values(BackendFactory{
                             "sqlite",
                             [](const std::string& tmpdir) -> std::unique_ptr<Backend> {
                               return std::make_unique<SqliteBackend>(tmpdir + "/data");
                             }}),
                         BackendFactoryName);

}  // namespace
}  // namespace keygate::store
