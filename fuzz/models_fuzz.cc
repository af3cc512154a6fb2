// Fuzz target for the ORM's client-controlled inputs on a real database: domains
// (models/domain.h), `order` (models/order.h), `fields` and the argument binding
// (models/arguments.h), compiled to SQL and executed on an in-memory SQLite database with the
// shipped schema, access rules and demo data (fuzz_db.h).
//
// Input: a JSON object {"model": "res.partner", "method": "search_read", "args": [...],
// "kwargs": {...}, "uid": 2, "scope": "rpc:...", "named": false}; anything else is skipped.
// uid 1 runs with AllowAll, any other uid with the user's real AclPolicy narrowed by `scope`.
// Each call runs in a transaction that is rolled back, so every input sees the same data.
// Invariants: a call succeeds or fails with a client-facing error, never kInternal (a storage
// error, i.e. SQL that SQLite refused, or a bug); its result serialises to JSON and XML-RPC that
// parse; and the transaction can be rolled back.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/log.h"
#include "fuzz_check.h"
#include "fuzz_db.h"
#include "models/access.h"
#include "models/acl_policy.h"
#include "models/orm.h"
#include "models/registry.h"
#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"
#include "store/sqlite/sqlite_connection.h"

namespace keygate::fuzz {
namespace {

struct Fixture {
  std::unique_ptr<models::Registry> registry;
  std::unique_ptr<store::SqliteConnection> conn;
};

Fixture& TheFixture() {
  static Fixture* fixture = [] {
    SetMinLogLevel(LogLevel::kError);  // denials are logged at info: too slow to print each
    auto* f = new Fixture;
    StatusOr<models::Registry> registry = models::Registry::LoadEmbedded();
    StatusOr<std::unique_ptr<store::SqliteConnection>> conn =
        store::SqliteConnection::Open(":memory:", true);
    if (!registry.ok() || !conn.ok()) InvariantBroken("cannot open the fuzz database");
    f->registry = std::make_unique<models::Registry>(std::move(registry).value());
    f->conn = std::move(conn).value();
    const Status seeded = SeedFuzzDatabase(*f->conn, *f->registry);
    if (!seeded.ok()) InvariantBroken("cannot seed the fuzz database: " + seeded.message());
    return f;
  }();
  return *fixture;
}

const Value* Member(const Value::Struct& s, std::string_view key) {
  for (const auto& [k, v] : s) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string StringOr(const Value* v, const std::string& fallback) {
  return v != nullptr && v->is_string() ? v->as_string() : fallback;
}

StatusOr<Value> RunCall(Fixture& f, const Value::Struct& call) {
  const Value* uid_value = Member(call, "uid");
  const int64_t uid = uid_value != nullptr && uid_value->is_int() ? uid_value->as_int() : kAdminUid;
  const Value* scope_value = Member(call, "scope");
  const std::optional<std::string> scope = scope_value != nullptr && scope_value->is_string()
                                               ? std::optional(scope_value->as_string())
                                               : std::nullopt;
  models::AllowAll allow_all;
  std::unique_ptr<models::AclPolicy> acl;
  const models::AccessPolicy* policy = &allow_all;
  if (uid != models::kSuperuserId) {
    KG_ASSIGN_OR_RETURN(acl, models::AclPolicy::Create(*f.conn, uid, scope));
    policy = acl.get();
  }
  const Value* context = Member(call, "context");
  models::Env env{uid, context != nullptr ? *context : Value(Value::Struct{}), policy, false};
  const std::string model = StringOr(Member(call, "model"), "res.partner");
  const std::string method = StringOr(Member(call, "method"), "search_read");
  const Value* args = Member(call, "args");
  const Value* kwargs = Member(call, "kwargs");
  const Value::Array no_args;
  const Value::Struct no_kwargs;
  const Value::Array& args_list = args != nullptr && args->is_array() ? args->as_array() : no_args;
  const Value::Struct& kwargs_struct =
      kwargs != nullptr && kwargs->is_struct() ? kwargs->as_struct() : no_kwargs;
  const Value* named = Member(call, "named");
  if (named != nullptr && named->is_bool() && named->as_bool()) {
    return models::CallNamed(*f.registry, *f.conn, env, model, method, kwargs_struct);
  }
  return models::Call(*f.registry, *f.conn, env, model, method, args_list, kwargs_struct);
}

}  // namespace
}  // namespace keygate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keygate;
  using fuzz::Check;
  fuzz::Fixture& f = fuzz::TheFixture();
  StatusOr<Value> input =
      rpc::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!input.ok() || !input->is_struct()) return 0;
  Check(f.conn->Begin().ok(), "cannot begin a transaction");
  StatusOr<Value> result = fuzz::RunCall(f, input->as_struct());
  Check(f.conn->Rollback().ok(), "cannot roll the call back");
  Check(!f.conn->InTransaction(), "a transaction is left open");
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kInternal) {
      fuzz::InvariantBroken("kInternal for a client's call: " + result.status().message());
    }
    return 0;
  }
  Check(rpc::ParseJson(rpc::SerializeJson(*result)).ok(), "the result as JSON does not parse");
  bool is_fault = false;
  Check(rpc::ParseXmlRpcResponse(rpc::SerializeXmlRpcResponse(*result), &is_fault).ok(),
        "the result as XML-RPC does not parse");
  return 0;
}
