// A pool of SqliteConnections to one database file. Acquire hands out a connection wrapped so
// that destroying the lease returns it to the pool (rolling back a transaction the borrower left
// open). The pool is shared by its leases, so a lease may outlive the Database that made it.
// Connections are opened on demand; at most max_idle are kept when returned.
// Thread-safety: thread-safe; each lease is used by one thread at a time.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sql.h"
#include "store/sqlite/sqlite_connection.h"

namespace keygate::store {

class SqlitePool : public std::enable_shared_from_this<SqlitePool> {
 public:
  static constexpr size_t kDefaultMaxIdle = 16;

  // `statement_timeout_ms`: the limit of each statement on the connections it opens (0: none).
  static std::shared_ptr<SqlitePool> Make(std::string path, int64_t statement_timeout_ms = 0,
                                          size_t max_idle = kDefaultMaxIdle);

  // An idle connection, or a new one (the file must exist: connections never create it).
  StatusOr<ConnectionLease> Acquire();
  // Hands over an already open connection (e.g. the one that ran the migrations).
  void Put(std::unique_ptr<SqliteConnection> conn);
  // Closes idle connections and makes later Acquire calls fail with `reason`; connections still
  // leased are closed when returned.
  void Close(Status reason);

  size_t idle_count() const;
  const std::string& path() const { return path_; }

 private:
  template <class Pool, class Conn>
  friend class PooledLease;  // the SqlConnection a borrower sees (store/pooled_lease.h)
  // Gives back a leased connection.
  void Return(std::unique_ptr<SqliteConnection> conn) { Put(std::move(conn)); }
  StampedValue* generation_memo() { return &generation_memo_; }
  SqlitePool(std::string path, int64_t statement_timeout_ms, size_t max_idle)
      : path_(std::move(path)), statement_timeout_ms_(statement_timeout_ms), max_idle_(max_idle) {}

  const std::string path_;
  const int64_t statement_timeout_ms_;
  const size_t max_idle_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // guarded by mu_
  Status closed_;                                        // guarded by mu_; ok while open
  StampedValue generation_memo_;  // the database's auth generation, by commit stamp
};

}  // namespace keygate::store
