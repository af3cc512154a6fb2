// A connection borrowed from a pool, as the SqlConnection its borrower sees: every call forwards
// to the pooled connection, and destroying the lease gives the connection back, rolled back first
// when the borrower left a transaction open (so no connection returns to a pool in the middle of
// one). The pools of both backends hand these out (sqlite/sqlite_pool.cc, postgres/pg_pool.cc).
//
// What a pool gives a lease (PooledLease is its friend): `Return(std::unique_ptr<Conn>)`, which
// takes the connection back, and `generation_memo()`, the memo its connections share
// (sql.h; nullptr where the engine has no commit stamp). What a connection gives:
// `healthy()`, false once it lost its server (nothing is rolled back on a dead connection).
// Thread-safety: a lease is used by one thread at a time; the pool is thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "store/sql.h"

namespace keygate::store {

template <class Pool, class Conn>
class PooledLease final : public SqlConnection {
 public:
  PooledLease(std::shared_ptr<Pool> pool, std::unique_ptr<Conn> conn)
      : pool_(std::move(pool)), conn_(std::move(conn)) {}
  ~PooledLease() override {
    if (in_transaction_ && conn_->healthy()) (void)conn_->Rollback();
    pool_->Return(std::move(conn_));
  }
  PooledLease(const PooledLease&) = delete;
  PooledLease& operator=(const PooledLease&) = delete;

  // A ConnectionLease (sql.h) for `conn`, to be given back to `pool`.
  static ConnectionLease Make(std::shared_ptr<Pool> pool, std::unique_ptr<Conn> conn) {
    return ConnectionLease(new PooledLease(std::move(pool), std::move(conn)), &Delete);
  }

  StatusOr<ResultSet> Query(std::string_view sql, const SqlParams& params) override {
    return conn_->Query(sql, params);
  }
  StatusOr<int64_t> Exec(std::string_view sql, const SqlParams& params) override {
    return conn_->Exec(sql, params);
  }
  Status ExecScript(std::string_view sql) override { return conn_->ExecScript(sql); }
  Status Begin() override {
    Status s = conn_->Begin();
    if (s.ok()) in_transaction_ = true;
    return s;
  }
  Status Commit() override {
    Status s = conn_->Commit();
    // Whether a failed COMMIT ends the transaction is the engine's to say (PostgreSQL's server
    // rolls it back; SQLite keeps it open, and the destructor then rolls it back).
    in_transaction_ = conn_->InTransaction();
    return s;
  }
  bool InTransaction() const override { return conn_->InTransaction(); }
  Status Rollback() override {
    in_transaction_ = false;
    return conn_->Rollback();
  }
  const Dialect& dialect() const override { return conn_->dialect(); }
  std::optional<CommitStamp> CommitStampNow() override { return conn_->CommitStampNow(); }
  StampedValue* generation_memo() override { return pool_->generation_memo(); }

 private:
  static void Delete(SqlConnection* c) { delete c; }

  std::shared_ptr<Pool> pool_;
  std::unique_ptr<Conn> conn_;
  bool in_transaction_ = false;  // Begin() succeeded and no Commit() or Rollback() ended it
};

}  // namespace keygate::store
