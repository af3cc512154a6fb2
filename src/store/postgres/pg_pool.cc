// PgPool: borrowing, returning and replacing connections.
#include "store/postgres/pg_pool.h"

namespace keygate::store {

// Forwards to the pooled connection and gives it back on destruction. Tracks transactions so
// that a connection is never returned to the pool in the middle of one.
class PgPool::Lease : public SqlConnection {
 public:
  Lease(std::shared_ptr<PgPool> pool, std::unique_ptr<PgConnection> conn)
      : pool_(std::move(pool)), conn_(std::move(conn)) {}
  ~Lease() override {
    if (in_transaction_ && conn_->healthy()) (void)conn_->Rollback();
    pool_->Return(std::move(conn_));
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
    // COMMIT ends the transaction even when it fails (the server rolls it back).
    in_transaction_ = false;
    return s;
  }
  bool InTransaction() const override { return conn_->InTransaction(); }
  Status Rollback() override {
    in_transaction_ = false;
    return conn_->Rollback();
  }
  const Dialect& dialect() const override { return conn_->dialect(); }

 private:
  std::shared_ptr<PgPool> pool_;
  std::unique_ptr<PgConnection> conn_;
  bool in_transaction_ = false;
};

namespace {
void DeleteLease(SqlConnection* c) { delete c; }
}  // namespace

std::shared_ptr<PgPool> PgPool::Make(PgConnectOptions options, std::string dbname,
                                     size_t max_connections,
                                     std::chrono::milliseconds acquire_timeout) {
  return std::shared_ptr<PgPool>(
      new PgPool(std::move(options), std::move(dbname), max_connections, acquire_timeout));
}

StatusOr<ConnectionLease> PgPool::Acquire() {
  std::unique_ptr<PgConnection> conn;
  std::vector<std::unique_ptr<PgConnection>> dead;  // closed after the lock is released
  {
    std::unique_lock<std::mutex> lock(mu_);
    auto deadline = std::chrono::steady_clock::now() + acquire_timeout_;
    while (true) {
      if (!closed_.ok()) return closed_;
      while (!idle_.empty()) {
        std::unique_ptr<PgConnection> c = std::move(idle_.back());
        idle_.pop_back();
        if (c->CheckIdle()) {
          conn = std::move(c);
          break;
        }
        // The server closed it (restart, terminated backend): replace it.
        dead.push_back(std::move(c));
        --open_;
      }
      if (conn) break;
      if (open_ < max_connections_) {
        ++open_;  // reserved; opened below, outside the lock
        break;
      }
      if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
          open_ >= max_connections_) {
        return Unavailable("too many concurrent database requests, please retry");
      }
    }
  }
  if (!conn) {
    auto opened = PgConnection::Open(options_, dbname_);
    if (!opened.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      --open_;
      returned_.notify_one();
      return opened.status();
    }
    conn = std::move(*opened);
  }
  conn->AllowReconnect();
  return ConnectionLease(new Lease(shared_from_this(), std::move(conn)), &DeleteLease);
}

void PgPool::Put(std::unique_ptr<PgConnection> conn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++open_;
  }
  Return(std::move(conn));
}

void PgPool::Return(std::unique_ptr<PgConnection> conn) {
  std::unique_ptr<PgConnection> discard;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (conn && conn->healthy() && closed_.ok()) {
      idle_.push_back(std::move(conn));
    } else {
      discard = std::move(conn);
      --open_;
    }
  }
  returned_.notify_one();
}

void PgPool::Close(Status reason) {
  std::vector<std::unique_ptr<PgConnection>> discard;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = reason.ok() ? Unavailable("the database is closed") : std::move(reason);
    open_ -= idle_.size();
    discard.swap(idle_);
  }
  returned_.notify_all();
}

size_t PgPool::idle_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_.size();
}

size_t PgPool::open_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_;
}

}  // namespace keygate::store
