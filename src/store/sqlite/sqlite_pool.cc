// SqlitePool: borrowing and returning connections.
#include "store/sqlite/sqlite_pool.h"

#include "store/pooled_lease.h"

namespace keygate::store {

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
  return PooledLease<SqlitePool, SqliteConnection>::Make(shared_from_this(), std::move(conn));
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
