// SqlConnection over one libpq connection. keygate's portable SQL ('?' placeholders) is rewritten
// to PostgreSQL's $1..$n; each statement is prepared once per connection and cached by its text.
// Parameters travel as text with no declared type (OID 0), so the server infers each one from its
// context, as SQLite's loose typing lets the same SQL text work there: an integer 0/1 bound
// against a boolean column is read as false/true, a text timestamp as text. Result cells come
// back typed as SQLite would give them: integers and booleans (0/1) as int64, floating point and
// numeric as double, everything else as text.
//
// Errors raised by keygate's own SQL with a SQLSTATE of class "KG" are user errors carrying the
// SQL's message (written for users, never holding data).
// Every session gets statement_timeout, TimeZone=UTC and client_min_messages=warning. Error
// details (the SQL, the server's message) go to stderr, never into a Status message. A connection
// whose server went away (restart, network) is noticed: the first statement of a lease that finds
// the connection dead, outside a transaction, reconnects once and runs again.
// Thread-safety: one thread at a time (a pool hands connections out).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql.h"

namespace keygate::store {

class PgDialect : public Dialect {
 public:
  std::string_view name() const override { return "postgresql"; }
  std::string ILike(std::string_view lhs, std::string_view rhs) const override;
  std::string Like(std::string_view lhs, std::string_view rhs) const override;
  // Text, as the schema stores timestamps (migrations/postgres/0001_core.sql).
  std::string_view NowUtc() const override {
    return "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";
  }
  std::string WeekStart(std::string_view date_text) const override;
};

// Where and how to connect; the database name is given separately.
struct PgConnectOptions {
  std::string host;
  int port = 5432;
  std::string user;
  std::string password;
  std::string sslmode = "prefer";
  int64_t statement_timeout_ms = 30000;
  int connect_timeout_seconds = 10;
  // Schemas searched for unqualified names, e.g. "keygate, public" for a database attached to
  // Odoo (store/postgres/pg_attach.h); empty: the server's default.
  std::string search_path;
};

// Rewrites '?' placeholders to $1..$n, leaving alone those inside string literals ('...', E'...'
// with backslash escapes), quoted identifiers ("..."), dollar-quoted strings and comments.
// `count` receives the number of placeholders.
std::string RewritePlaceholders(std::string_view sql, int* count);

class PgConnection : public SqlConnection {
 public:
  // Connects to `dbname`. kDatabaseNotFound when the server says the database does not exist;
  // kUnavailable ("the database server is unavailable") when it cannot be reached.
  static StatusOr<std::unique_ptr<PgConnection>> Open(const PgConnectOptions& options,
                                                      const std::string& dbname);
  ~PgConnection() override;

  StatusOr<ResultSet> Query(std::string_view sql, const SqlParams& params) override;
  StatusOr<int64_t> Exec(std::string_view sql, const SqlParams& params) override;
  Status ExecScript(std::string_view sql) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override {
    return conn_ != nullptr && PQtransactionStatus(conn_) != PQTRANS_IDLE;
  }
  const Dialect& dialect() const override;

  // False once the connection to the server is lost.
  bool healthy() const;
  // Reads what the server sent while the connection sat idle, so that a server restart or a
  // terminated backend shows as !healthy() without running a statement. Never blocks.
  bool CheckIdle();
  // Lets the next statement reconnect once if it finds the connection dead (set by the pool when
  // it hands the connection out; cleared by the first statement that reaches the server).
  void AllowReconnect() { may_reconnect_ = true; }
  const std::string& dbname() const { return dbname_; }
  // The libpq handle, for what SqlConnection does not cover (LISTEN/NOTIFY in pg_auth_listener).
  PGconn* native_handle() const { return conn_; }

 private:
  PgConnection(PGconn* conn, PgConnectOptions options, std::string dbname)
      : conn_(conn), options_(std::move(options)), dbname_(std::move(dbname)) {}

  // Prepares (or finds) the statement and executes it; the result is the caller's.
  StatusOr<PGresult*> Run(std::string_view sql, const SqlParams& params);
  StatusOr<PGresult*> RunOnce(std::string_view sql, const SqlParams& params);
  StatusOr<std::string> Prepare(std::string_view sql, const SqlParams& params);
  Status Simple(std::string_view sql);
  Status SimpleOnce(std::string_view sql);
  // Maps a failed result (or connection) to a Status and logs the details.
  Status Error(const PGresult* res, std::string_view what, std::string_view sql);
  // True when the statement may be retried on a fresh connection.
  bool ShouldReconnect();
  Status Reconnect();

  PGconn* conn_;
  const PgConnectOptions options_;
  const std::string dbname_;
  std::unordered_map<std::string, std::string> statements_;  // SQL text -> prepared name
  uint64_t next_statement_ = 0;
  bool may_reconnect_ = false;
};

}  // namespace keygate::store
