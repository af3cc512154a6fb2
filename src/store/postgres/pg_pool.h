// A bounded pool of PgConnections to one PostgreSQL database. Acquire hands out an idle
// connection (after checking that the server did not close it while it sat idle) or opens a new
// one, up to max_connections open at once; beyond that it waits for one to be returned, at most
// acquire_timeout. Destroying a lease returns its connection, rolling back a transaction the
// borrower left open; a connection that lost its server is discarded instead, so that after a
// PostgreSQL restart the pool fills with fresh connections by itself.
// The pool is shared by its leases, so a lease may outlive the Database that made it.
// Thread-safety: thread-safe; each lease is used by one thread at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/sql.h"

namespace keygate::store {

class PgPool : public std::enable_shared_from_this<PgPool> {
 public:
  static std::shared_ptr<PgPool> Make(
      PgConnectOptions options, std::string dbname, size_t max_connections,
      std::chrono::milliseconds acquire_timeout = std::chrono::seconds(30));

  // kUnavailable when the server cannot be reached or the pool stayed full for acquire_timeout;
  // kDatabaseNotFound when the database no longer exists.
  StatusOr<ConnectionLease> Acquire();
  // Hands over an already open connection (e.g. the one that ran the migrations).
  void Put(std::unique_ptr<PgConnection> conn);
  // Closes idle connections and makes later Acquire calls fail with `reason`; connections still
  // leased are closed when returned.
  void Close(Status reason);

  size_t idle_count() const;
  size_t open_count() const;
  const std::string& dbname() const { return dbname_; }

 private:
  template <class Pool, class Conn>
  friend class PooledLease;  // the SqlConnection a borrower sees (store/pooled_lease.h)
  PgPool(PgConnectOptions options, std::string dbname, size_t max_connections,
         std::chrono::milliseconds acquire_timeout)
      : options_(std::move(options)),
        dbname_(std::move(dbname)),
        max_connections_(max_connections == 0 ? 1 : max_connections),
        acquire_timeout_(acquire_timeout) {}
  // Gives back a leased connection (nullptr: it was discarded).
  void Return(std::unique_ptr<PgConnection> conn);
  // PostgreSQL offers no commit stamp to memoize the auth generation by (sql.h).
  StampedValue* generation_memo() { return nullptr; }

  const PgConnectOptions options_;
  const std::string dbname_;
  const size_t max_connections_;
  const std::chrono::milliseconds acquire_timeout_;
  mutable std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  size_t open_ = 0;                                  // idle + leased + being opened; mu_
  Status closed_;                                    // guarded by mu_; ok while open
};

}  // namespace keygate::store
