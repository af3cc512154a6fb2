// Runs the storage contract suite against the PostgreSQL backend, on the server named by the
// environment (pg_test_env.h).
#include "store/postgres/pg_backend.h"
#include "store/postgres/pg_test_env.h"
#include "store/store_contract_test.h"

namespace keygate::store {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest,
                         ::testing::Values(BackendFactory{
                             "postgres",
                             [](const std::string&) -> std::unique_ptr<Backend> {
                               std::optional<PgBackendOptions> options = TestPgOptions();
                               if (!options) return nullptr;
                               return std::make_unique<PgBackend>(*options);
                             }}),
                         BackendFactoryName);

}  // namespace
}  // namespace keygate::store
