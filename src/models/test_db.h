// Test support: a migrated SQLite database in a temporary file with a small, known data set,
// the registry from schema/models, and Value-building shorthands.
// Thread-safety: one test at a time.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "common/value.h"
#include "models/access.h"
#include "models/orm.h"
#include "models/registry.h"
#include "store/forwarding_connection.h"
#include "store/sqlite/sqlite_connection.h"

namespace keygate::models::testing {

// ["a", 1, ...] as a Value list.
inline Value L(std::initializer_list<Value> items) { return Value(Value::Array(items)); }
// {"k": v, ...}
inline Value::Struct S(std::initializer_list<Value::Member> members) {
  return Value::Struct(members);
}

// Counts the statements that go through a connection, to check the number of queries.
class CountingConnection : public store::ForwardingConnection {
 public:
  using ForwardingConnection::ForwardingConnection;
  int queries = 0;  // Query calls (reads)

 protected:
  void OnStatement(std::string_view, StatementKind kind) override {
    if (kind == StatementKind::kQuery) ++queries;
  }
};

// Partners (active unless noted):
//   1 My Company (company)            2 OdooBot (archived)
//  10 Acme Corp (company)            11 John Smith (parent 10)   12 Jane Doe (parent 10)
//  13 Old Contact (parent 10, archived)                          14 100%_off\sale
//  15 Grandchild (parent 11)         16 Beta LLC (company)
//  20 Admin (user 2)                 21 Portal Bob (user 3)
// Users: 2 admin (internal, company_ids [1]), 3 portal (share, no companies).
class ModelsTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Call() as user 2 with AllowAll unless told otherwise.
  StatusOr<Value> Run(std::string_view model, std::string_view method, Value::Array args,
                      Value::Struct kwargs = {});
  // search ids ordered by id, for domain tests.
  std::vector<int64_t> Search(const Value& domain, Value::Struct context = {},
                              std::string_view model = "res.partner");
  // The status of a search with `domain`.
  Status SearchStatus(const Value& domain, std::string_view model = "res.partner");
  int64_t CountRows(const std::string& table);

  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteConnection> conn_;
  std::unique_ptr<Registry> registry_;
  AllowAll allow_all_;
  Env env_;
};

}  // namespace keygate::models::testing
