// PgPool: borrowing, returning and replacing connections.
#include "store/postgres/pg_pool.h"

#include "store/pooled_lease.h"

namespace keygate::store {

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
  return PooledLease<PgPool, PgConnection>::Make(shared_from_this(), std::move(conn));
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
