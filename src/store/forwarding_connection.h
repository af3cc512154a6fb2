// A SqlConnection that forwards every call to another one, telling a hook about each statement
// first: the base of the test connections that count statements (the one-query-per-call tests)
// or run another check between two statements (the concurrency tests).
// Thread-safety: as the connection it forwards to.
#pragma once

#include <string_view>

#include "store/sql.h"

namespace keygate::store {

class ForwardingConnection : public SqlConnection {
 public:
  enum class StatementKind { kQuery, kExec, kScript };

  explicit ForwardingConnection(SqlConnection& inner) : inner_(inner) {}

  StatusOr<ResultSet> Query(std::string_view sql, const SqlParams& params) override {
    OnStatement(sql, StatementKind::kQuery);
    return inner_.Query(sql, params);
  }
  StatusOr<int64_t> Exec(std::string_view sql, const SqlParams& params) override {
    OnStatement(sql, StatementKind::kExec);
    return inner_.Exec(sql, params);
  }
  Status ExecScript(std::string_view sql) override {
    OnStatement(sql, StatementKind::kScript);
    return inner_.ExecScript(sql);
  }
  Status Begin() override { return inner_.Begin(); }
  Status Commit() override { return inner_.Commit(); }
  Status Rollback() override { return inner_.Rollback(); }
  bool InTransaction() const override { return inner_.InTransaction(); }
  const Dialect& dialect() const override { return inner_.dialect(); }

 protected:
  // Called before each statement reaches the inner connection.
  virtual void OnStatement(std::string_view sql, StatementKind kind) {
    (void)sql;
    (void)kind;
  }

 private:
  SqlConnection& inner_;
};

}  // namespace keygate::store
