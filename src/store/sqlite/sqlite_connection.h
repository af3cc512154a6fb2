// SqlConnection over one SQLite handle. Statements are prepared once and cached per connection;
// busy waits use a timeout so that concurrent writers (the server and the CLI) queue instead of
// failing. Error details go to the log, never into the Status message.
// Thread-safety: one thread at a time (a pool hands connections out).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql.h"

namespace keygate::store {

class SqliteDialect : public Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }
  std::string ILike(std::string_view lhs, std::string_view rhs) const override;
  std::string Like(std::string_view lhs, std::string_view rhs) const override;
  std::string_view NowUtc() const override { return "strftime('%Y-%m-%d %H:%M:%S','now')"; }
  std::string WeekStart(std::string_view date_text) const override;
};

class SqliteConnection : public SqlConnection {
 public:
  // Opens (creating when `create` is true) the file and applies the connection pragmas.
  // `statement_timeout_ms` > 0 bounds the time of each Query and Exec: past it the statement is
  // interrupted and answered kUnavailable, as a PostgreSQL statement_timeout is (scripts, such
  // as migrations, are not bounded).
  static StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path, bool create,
                                                          int64_t statement_timeout_ms = 0);
  ~SqliteConnection() override;

  StatusOr<ResultSet> Query(std::string_view sql, const SqlParams& params) override;
  StatusOr<int64_t> Exec(std::string_view sql, const SqlParams& params) override;
  Status ExecScript(std::string_view sql) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  // A connection to a local file is never lost (PgConnection's can be; store/pooled_lease.h).
  bool healthy() const { return db_ != nullptr; }
  const Dialect& dialect() const override;

  // The WAL-index header (https://www.sqlite.org/walformat.html), read through the VFS's own
  // shared-memory mapping as SQLite's readers read it: both copies, with SQLite's barrier
  // between, equal. nullopt before this connection's first read mapped it, or on a torn read.
  std::optional<CommitStamp> CommitStampNow() override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  StatusOr<sqlite3_stmt*> Prepare(std::string_view sql, const SqlParams& params);
  Status Error(std::string_view what, std::string_view sql);
  // Called by SQLite every few thousand VM steps: non-zero interrupts the statement.
  static int OnProgress(void* self);
  // Starts the clock of one statement (no-op without a limit).
  void StartStatement();

  sqlite3* db_;
  sqlite3_file* shm_file_ = nullptr;               // the main file, once mapped
  const volatile uint32_t* shm_header_ = nullptr;  // region 0 of its shared memory
  std::chrono::milliseconds statement_timeout_{0};
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace keygate::store
