// SqlitePool: borrowing and returning connections.
#include "store/sqlite/sqlite_pool.h"

namespace keygate::store {

// Forwards to the pooled connection and gives it back on destruction. Tracks transactions so
// that a connection is never returned to the pool in the middle of one.
class SqlitePool::Lease : public SqlConnection {
 public:
  Lease(std::shared_ptr<SqlitePool> pool, std::unique_ptr<SqliteConnection> conn)
      : pool_(std::move(pool)), conn_(std::move(conn)) {}
  ~Lease() override {
    if (in_transaction_) (void)conn_->Rollback();
    pool_->Put(std::move(conn_));
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
    // A failed COMMIT leaves the transaction open; the destructor then rolls it back.
    if (s.ok()) in_transaction_ = false;
    return s;
  }
  bool InTransaction() const override { return conn_->InTransaction(); }
  Status Rollback() override {
    in_transaction_ = false;
    return conn_->Rollback();
  }
  const Dialect& dialect() const override { return conn_->dialect(); }
  std::optional<CommitStamp> CommitStampNow() override { return conn_->CommitStampNow(); }
  StampedValue* generation_memo() override { return &pool_->generation_memo_; }

 private:
  std::shared_ptr<SqlitePool> pool_;
  std::unique_ptr<SqliteConnection> conn_;
  bool in_transaction_ = false;
};

namespace {
void DeleteLease(SqlConnection* c) { delete c; }
}  // namespace

std::shared_ptr<SqlitePool> SqlitePool::Make(std::string path, int64_t statement_timeout_ms,
                                             size_t max_idle) {
  return std::shared_ptr<SqlitePool>(
      new SqlitePool(std::move(path), statement_timeout_ms, max_idle));
}

StatusOr<ConnectionLease> SqlitePool::Acquire() {
  std::unique_ptr<SqliteConnection> conn;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!closed_.ok()) return closed_;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!conn) {
    // Opened outside the lock: opening touches the file and may wait on a busy database.
    KG_ASSIGN_OR_RETURN(conn,
                        SqliteConnection::Open(path_, /*create=*/false, statement_timeout_ms_));
  }
  return ConnectionLease(new Lease(shared_from_this(), std::move(conn)), &DeleteLease);
}

void SqlitePool::Put(std::unique_ptr<SqliteConnection> conn) {
  std::unique_ptr<SqliteConnection> discard;
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_.ok() && idle_.size() < max_idle_) {
    idle_.push_back(std::move(conn));
  } else {
    discard = std::move(conn);  // closed after the lock is released (declared first)
  }
}

void SqlitePool::Close(Status reason) {
  std::vector<std::unique_ptr<SqliteConnection>> discard;
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = reason.ok() ? Unavailable("the database is closed") : std::move(reason);
  discard.swap(idle_);
}

size_t SqlitePool::idle_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_.size();
}

}  // namespace keygate::store
