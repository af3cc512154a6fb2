// The production storage backend: one PostgreSQL database per keygate database, on one server
// (Odoo's layout). Create runs CREATE DATABASE and the migrations (migrations/postgres); Drop
// ends the other sessions on the database and drops it; List names the server's databases that
// hold keygate's schema (a keygate_migration table), so other databases on a shared server are
// never listed, opened or dropped. Opened databases are cached, each with its own pool of at
// most max_connections connections. Administrative statements run on a short-lived connection
// to the maintenance database ("postgres").
// Databases are created with the C collation and UTF-8, so text sorts and compares byte-wise as
// on SQLite.
// An Odoo database keygate is attached to (store/postgres/pg_attach.h) is listed and opened like
// keygate's own, with the attach migrations (migrations/postgres_attach) and search_path
// "keygate, public"; it is never dropped. An Odoo database keygate is not attached to is refused
// with a message naming `keygate db attach`; keygate's own migrations never run on it.
// Thread-safety: PgBackend and PgDatabase are thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/embedded.h"
#include "store/postgres/pg_attach.h"
#include "store/postgres/pg_pool.h"
#include "store/sql.h"

namespace keygate::store {

struct PgBackendOptions {
  PgConnectOptions connect;
  size_t max_connections = 64;  // per database (Odoo's db_maxconn)
  std::string maintenance_db = "postgres";
};

// One open database: a pool of connections to it.
class PgDatabase : public Database {
 public:
  PgDatabase(std::string name, std::shared_ptr<PgPool> pool, bool attached = false)
      : name_(std::move(name)), pool_(std::move(pool)), attached_(attached) {}

  const std::string& name() const override { return name_; }
  // kDatabaseNotFound once the database has been dropped; kUnavailable when the server is down.
  StatusOr<ConnectionLease> Acquire() override { return pool_->Acquire(); }
  bool attached() const override { return attached_; }

  PgPool& pool() { return *pool_; }
  void Close();

 private:
  const std::string name_;
  std::shared_ptr<PgPool> pool_;
  const bool attached_;
};

class PgBackend : public Backend {
 public:
  // Uses the migrations compiled into the binary (migrations/postgres).
  explicit PgBackend(PgBackendOptions options);
  // Uses another migration set (tests); the file contents must outlive the backend.
  PgBackend(PgBackendOptions options, std::vector<EmbeddedFile> migrations);
  ~PgBackend() override;

  // kDatabaseNotFound when the name is invalid, the database does not exist or is not keygate's.
  // Applies pending migrations the first time a database is opened.
  StatusOr<std::shared_ptr<Database>> Open(const std::string& name) override;
  // CREATE DATABASE, then the migrations; on failure the new database is dropped again.
  // kUserError when the name is invalid or the database exists.
  Status Create(const std::string& name) override;
  // Terminates the other sessions on it and drops it. kDatabaseNotFound when there is no such
  // keygate database.
  Status Drop(const std::string& name) override;
  // Sorted names of the keygate databases on the server.
  StatusOr<std::vector<std::string>> List() override;
  bool Exists(const std::string& name) override;

  // `keygate db attach`: attaches keygate to the existing Odoo database `name` (see
  // pg_attach.h). kUserError when it is not an Odoo 17, 18 or 19 database or is keygate's own.
  StatusOr<AttachResult> Attach(const std::string& name);
  // `keygate db detach`: removes schema keygate from an attached Odoo database.
  Status Detach(const std::string& name);

  const PgBackendOptions& options() const { return options_; }

 private:
  // Whether the database (identified by oid, so a re-created one is checked again) holds
  // keygate's schema; positive answers are cached, negative ones for a short while.
  StatusOr<bool> IsKeygate(int64_t oid, const std::string& name);
  // The database's oid, or nullopt when the server has no database of that name.
  StatusOr<std::optional<int64_t>> OidOf(const std::string& name);
  StatusOr<std::unique_ptr<PgConnection>> Admin();
  void Forget(const std::string& name);

  const PgBackendOptions options_;
  const std::vector<EmbeddedFile> migrations_;
  const std::vector<EmbeddedFile> attach_migrations_;
  std::mutex mu_;  // guards the maps below
  std::map<std::string, std::shared_ptr<PgDatabase>> open_;
  std::map<int64_t, bool> keygate_oids_;  // oid -> holds keygate's schema
  std::map<int64_t, std::chrono::steady_clock::time_point> negative_until_;
};

}  // namespace keygate::store
