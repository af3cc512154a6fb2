// The seam between keygate and a SQL engine. Everything above store/ speaks portable SQL through
// these interfaces: '?' placeholders (a backend rewrites them if it must), values bound as
// parameters, never spliced into the text. The few dialect differences are behind Dialect.
// Implementations: store/sqlite (embedded default), store/postgres (production).
// Thread-safety: a SqlConnection is used by one thread at a time; a Database and a Backend are
// thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace keygate::store {

// A bound parameter or a result cell. Booleans are stored as integers 0/1; timestamps as text
// "YYYY-MM-DD HH:MM:SS" in UTC (Odoo's "timestamp without time zone").
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;
using SqlParams = std::vector<SqlValue>;

class ResultSet {
 public:
  ResultSet() = default;
  ResultSet(std::vector<std::string> columns, std::vector<std::vector<SqlValue>> rows)
      : columns_(std::move(columns)), rows_(std::move(rows)) {}

  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<std::vector<SqlValue>>& rows() const { return rows_; }
  // For a reader that moves the cells' texts out instead of copying them.
  std::vector<std::vector<SqlValue>>& mutable_rows() { return rows_; }
  size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<SqlValue>> rows_;
};

// Cell helpers: tolerant of the representation a backend chose (e.g. PostgreSQL 't'/'f').
bool IsNull(const SqlValue& v);
int64_t AsInt(const SqlValue& v);       // NULL -> 0; text parsed
double AsDouble(const SqlValue& v);     // NULL -> 0.0
std::string TakeText(SqlValue& v);      // AsText, moving a text out of the cell
bool AsBool(const SqlValue& v);         // 1/'t'/'true' -> true
std::string AsText(const SqlValue& v);  // NULL -> ""; numbers formatted
std::optional<std::string> AsOptionalText(const SqlValue& v);

// What differs between engines, for the SQL that models/ generates.
class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual std::string_view name() const = 0;  // "sqlite" or "postgresql"
  // Case-insensitive LIKE: "lhs ILIKE rhs" on PostgreSQL, "lower(lhs) LIKE lower(rhs)" on SQLite.
  virtual std::string ILike(std::string_view lhs, std::string_view rhs) const = 0;
  // Case-sensitive LIKE.
  virtual std::string Like(std::string_view lhs, std::string_view rhs) const = 0;
  // An expression for the current UTC time as "YYYY-MM-DD HH:MM:SS" text or timestamp.
  virtual std::string_view NowUtc() const = 0;
  // The Sunday on or before the day of `date_text` (an expression of "YYYY-MM-DD" text), as
  // "YYYY-MM-DD" text: the weeks of en_US, which start on Sunday (read_group's ":week").
  virtual std::string WeekStart(std::string_view date_text) const = 0;
};

// SQL statements sent to an engine by the calling thread since it started: every backend counts
// each statement it sends (a query, a command, BEGIN/COMMIT, a script), so the request layer can
// count what a request costs (keygate_sql_statements_total) and tests can pin it.
void CountStatement();
uint64_t StatementsOnThisThread();

// A stamp of a database's committed state, read without a statement (SQLite in WAL mode: the
// WAL-index header, which every commit of any connection in any process rewrites). Equal stamps:
// nothing was committed in between.
using CommitStamp = std::array<uint32_t, 12>;

// A value a database holds, remembered with the commit stamp it was read under, so that it is
// read again only after a commit (the auth generation: generation_source.h). Readers take no
// lock (a sequence lock); writers are serialized.
class StampedValue {
 public:
  // The value remembered under `now`, if that is the stamp it was read under.
  std::optional<int64_t> Find(const CommitStamp& now) const;
  // `stamp` must have been taken before `value` was read.
  void Remember(const CommitStamp& stamp, int64_t value);

 private:
  std::atomic<uint64_t> sequence_{0};  // odd while a writer is between its two increments
  std::array<std::atomic<uint32_t>, std::tuple_size_v<CommitStamp>> stamp_{};
  std::atomic<int64_t> value_{0};
  std::atomic<bool> valid_{false};
  std::mutex write_mu_;
};

// One connection. Errors come back as Status (kInternal, kUnavailable), with the SQL text and the
// engine's message kept out of the Status message (they go to the server log only).
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual StatusOr<ResultSet> Query(std::string_view sql, const SqlParams& params = {}) = 0;
  // Runs a statement; returns the number of rows changed.
  virtual StatusOr<int64_t> Exec(std::string_view sql, const SqlParams& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  virtual Status Begin() = 0;  // a write transaction
  // Whether a transaction is open on this connection (so a nested Transaction joins it).
  virtual bool InTransaction() const = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  virtual const Dialect& dialect() const = 0;
  // The database's commit stamp now, when the engine offers one without a statement (SQLite in
  // WAL mode); nullopt otherwise.
  virtual std::optional<CommitStamp> CommitStampNow() { return std::nullopt; }
  // The memo of the database's auth generation shared by the connections of one database
  // (generation_source.h); nullptr when the engine offers no commit stamp.
  virtual StampedValue* generation_memo() { return nullptr; }
};

// A connection borrowed from a Database's pool; returned when destroyed.
using ConnectionLease = std::unique_ptr<SqlConnection, void (*)(SqlConnection*)>;

// RAII transaction: rolls back unless Commit() was called. Inside a transaction that is already
// open on the connection it joins it: Begin and Commit do nothing, and the outer owner commits or
// rolls back the whole (so a function that needs atomicity can be called from one that does too).
class Transaction {
 public:
  explicit Transaction(SqlConnection& c) : c_(c) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) (void)c_.Rollback();
  }
  Status Begin() {
    if (c_.InTransaction()) {
      joined_ = true;
      return Status::Ok();
    }
    Status s = c_.Begin();
    open_ = s.ok();
    return s;
  }
  Status Commit() {
    if (joined_) return Status::Ok();
    open_ = false;
    return c_.Commit();
  }

 private:
  SqlConnection& c_;
  bool open_ = false;
  bool joined_ = false;
};

// One keygate database (Odoo's notion: "demo", "prod", ...), already migrated.
class Database {
 public:
  virtual ~Database() = default;
  virtual const std::string& name() const = 0;
  virtual StatusOr<ConnectionLease> Acquire() = 0;
  // True for an Odoo database that keygate is attached to (store/postgres/pg_attach.h): Odoo's
  // own processes change it too, and nothing of keygate's (triggers, notifications) sees those
  // changes, so the auth generation there is a fingerprint of Odoo's data (re-read at most once a
  // second per connection) rather than a counter that every change bumps.
  virtual bool attached() const { return false; }
};

// The storage backend chosen by main: where databases live and how they are made.
class Backend {
 public:
  virtual ~Backend() = default;
  // kDatabaseNotFound when there is no such database. Opened databases are cached and shared.
  virtual StatusOr<std::shared_ptr<Database>> Open(const std::string& name) = 0;
  // Creates and migrates; kUserError if it exists or the name is invalid.
  virtual Status Create(const std::string& name) = 0;
  virtual Status Drop(const std::string& name) = 0;
  virtual StatusOr<std::vector<std::string>> List() = 0;  // sorted
  virtual bool Exists(const std::string& name) = 0;
};

// Odoo's rule for database names: letters, digits, '_', '-', '.', starting with a letter/digit.
bool IsValidDatabaseName(std::string_view name);

}  // namespace keygate::store
