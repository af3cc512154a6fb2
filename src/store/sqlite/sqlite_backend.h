// The embedded storage backend: one SQLite file per keygate database, <data_dir>/<name>.sqlite,
// in WAL mode. A name with no file does not exist. Opening a database runs its pending
// migrations once per process; opened databases are cached and shared, and each Open checks that
// the file is still the one that was opened, so a database dropped (or dropped and re-created) by
// another process, such as the CLI, is noticed at the next Open.
// Thread-safety: SqliteBackend and SqliteDatabase are thread-safe.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/embedded.h"
#include "store/sql.h"
#include "store/sqlite/sqlite_pool.h"

namespace keygate::store {

// One open database: a pool of connections to its file.
class SqliteDatabase : public Database {
 public:
  // Opens an existing file, applies the pending `migrations` and keeps that connection pooled.
  // Each statement of its connections may run `statement_timeout_ms` (0: no limit).
  static StatusOr<std::shared_ptr<SqliteDatabase>> Open(const std::string& name,
                                                        const std::string& path,
                                                        const std::vector<EmbeddedFile>& migrations,
                                                        int64_t statement_timeout_ms = 0);

  const std::string& name() const override { return name_; }
  // kDatabaseNotFound once the database has been dropped through the backend.
  StatusOr<ConnectionLease> Acquire() override;

  const std::string& path() const { return pool_->path(); }
  size_t idle_connections() const { return pool_->idle_count(); }
  // Refuses further Acquire calls and closes idle connections (leases in use finish normally).
  void Close();

 private:
  SqliteDatabase(std::string name, std::shared_ptr<SqlitePool> pool)
      : name_(std::move(name)), pool_(std::move(pool)) {}

  const std::string name_;
  std::shared_ptr<SqlitePool> pool_;
};

class SqliteBackend : public Backend {
 public:
  // Uses the migrations compiled into the binary (migrations/sqlite).
  explicit SqliteBackend(std::string data_dir);
  // Uses another migration set (tests); the file contents must outlive the backend.
  SqliteBackend(std::string data_dir, std::vector<EmbeddedFile> migrations);
  ~SqliteBackend() override;

  // kDatabaseNotFound when the name is invalid or has no file.
  StatusOr<std::shared_ptr<Database>> Open(const std::string& name) override;
  // Creates the data directory if needed, then the file, and migrates it; on failure nothing is
  // left behind. kUserError when the name is invalid or the database exists.
  Status Create(const std::string& name) override;
  // Closes the cached handles and deletes the file with its -wal and -shm. kDatabaseNotFound
  // when there is no such database.
  Status Drop(const std::string& name) override;
  // Names of the valid <name>.sqlite files in the data directory, sorted; empty when the
  // directory does not exist.
  StatusOr<std::vector<std::string>> List() override;
  bool Exists(const std::string& name) override;

  // <data_dir>/<name>.sqlite.
  std::string PathFor(const std::string& name) const;
  const std::string& data_dir() const { return data_dir_; }
  // The longest a statement may run on the databases opened from now on (0: no limit), as
  // option db_statement_timeout_ms; set before serving.
  void set_statement_timeout_ms(int64_t ms) { statement_timeout_ms_ = ms; }

 private:
  struct Cached {
    std::shared_ptr<SqliteDatabase> db;
    dev_t dev = 0;  // identity of the file that was opened
    ino_t ino = 0;
  };

  const std::string data_dir_;
  int64_t statement_timeout_ms_ = 0;
  const std::vector<EmbeddedFile> migrations_;
  std::mutex mu_;
  std::map<std::string, Cached> open_;  // guarded by mu_
};

}  // namespace keygate::store
