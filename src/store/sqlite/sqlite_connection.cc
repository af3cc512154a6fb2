// SqliteConnection: prepared-statement cache, parameter binding, transactions.
#include "store/sqlite/sqlite_connection.h"

#include <iostream>
#include <locale>
#include <mutex>
#include <stdexcept>
#include <string>

namespace keygate::store {

std::string SqliteDialect::WeekStart(std::string_view date_text) const {
  // Six days back, then forward to the next Sunday (the day itself when it is one).
  return "date(" + std::string(date_text) + ", '-6 days', 'weekday 0')";
}

std::string SqliteDialect::ILike(std::string_view lhs, std::string_view rhs) const {
  // kg_lower folds every letter's case, where SQLite's lower() knows only ASCII.
  return "kg_lower(" + std::string(lhs) + ") LIKE kg_lower(" + std::string(rhs) + ") ESCAPE '\\'";
}

std::string SqliteDialect::Like(std::string_view lhs, std::string_view rhs) const {
  // case_sensitive_like is on for every connection (see Open), so LIKE is case-sensitive as in
  // PostgreSQL.
  return std::string(lhs) + " LIKE " + std::string(rhs) + " ESCAPE '\\'";
}

namespace {
const SqliteDialect kDialect;

// The lower-case mapping of C.UTF-8 (glibc's Unicode tables), the locale the PostgreSQL clusters
// that keygate and Odoo use run in, so that ILIKE folds 'È' as PostgreSQL does. ASCII only where
// the system lacks that locale.
const std::ctype<wchar_t>* UnicodeCase() {
  static const std::ctype<wchar_t>* facet = []() -> const std::ctype<wchar_t>* {
    try {
      static const std::locale utf8("C.UTF-8");
      return &std::use_facet<std::ctype<wchar_t>>(utf8);
    } catch (const std::runtime_error&) {
      return nullptr;
    }
  }();
  return facet;
}

char32_t LowerCodePoint(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  const std::ctype<wchar_t>* facet = UnicodeCase();
  return facet ? static_cast<char32_t>(facet->tolower(static_cast<wchar_t>(c))) : c;
}

// kg_lower(text): the text with each code point lower-cased; NULL stays NULL. Bytes that are no
// valid UTF-8 are kept as they are.
void KgLower(sqlite3_context* context, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = sqlite3_value_text(argv[0]);
  const int size = sqlite3_value_bytes(argv[0]);
  std::string out;
  out.reserve(static_cast<size_t>(size));
  for (int i = 0; i < size;) {
    const unsigned char b = text[i];
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    bool valid = len > 0 && i + len <= size;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; valid && k < len; ++k) {
      if ((text[i + k] & 0xC0) != 0x80) valid = false;
      c = (c << 6) | (text[i + k] & 0x3F);
    }
    if (!valid) {
      out.push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    c = LowerCodePoint(c);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
    i += len;
  }
  sqlite3_result_text(context, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                   bool create,
                                                                   int64_t statement_timeout_ms) {
  // SQLite's memory statistics take one process-wide mutex on every allocation: keygate reads
  // none of them, and its serving threads would queue on that lock. Must precede the first open.
  static std::once_flag no_memory_statistics;
  std::call_once(no_memory_statistics, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    std::cerr << "sqlite: cannot open " << path << ": " << msg << "\n";
    return Unavailable("cannot open the database file");
  }
  auto conn = std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  KG_RETURN_IF_ERROR(
      conn->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                       "PRAGMA case_sensitive_like=ON;"));
  sqlite3_create_function_v2(db, "kg_lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             &KgLower, nullptr, nullptr, nullptr);
  if (statement_timeout_ms > 0) {
    conn->statement_timeout_ = std::chrono::milliseconds(statement_timeout_ms);
    // About every 10 µs of VM work: the clock is read rarely enough to cost nothing measurable.
    sqlite3_progress_handler(db, 4096, &SqliteConnection::OnProgress, conn.get());
  }
  return conn;
}

int SqliteConnection::OnProgress(void* self) {
  auto* conn = static_cast<SqliteConnection*>(self);
  return std::chrono::steady_clock::now() > conn->deadline_ ? 1 : 0;
}

void SqliteConnection::StartStatement() {
  CountStatement();
  if (statement_timeout_.count() > 0) {
    deadline_ = std::chrono::steady_clock::now() + statement_timeout_;
  }
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status SqliteConnection::Error(std::string_view what, std::string_view sql) {
  int code = sqlite3_extended_errcode(db_);
  std::cerr << "sqlite: " << what << " failed (" << code << "): " << sqlite3_errmsg(db_)
            << " in: " << sql.substr(0, 200) << "\n";
  int primary = code & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    return {StatusCode::kValidationError, "The operation cannot be completed: a constraint failed"};
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Unavailable("the database is busy, please retry");
  }
  if (primary == SQLITE_INTERRUPT) {
    return Unavailable("the database took too long to answer, please retry");
  }
  return InternalError("a storage error occurred");
}

StatusOr<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql, const SqlParams& params) {
  std::string key(sql);
  sqlite3_stmt* stmt = nullptr;
  auto it = statements_.find(key);
  if (it != statements_.end()) {
    stmt = it->second;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  } else {
    if (sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      return Error("prepare", sql);
    }
    // Bound the cache: generated SQL (domains) varies; keep the hot fixed statements.
    if (statements_.size() > 512) {
      for (auto& [s, st] : statements_) sqlite3_finalize(st);
      statements_.clear();
    }
    statements_.emplace(std::move(key), stmt);
  }
  if (static_cast<size_t>(sqlite3_bind_parameter_count(stmt)) != params.size()) {
    std::cerr << "sqlite: parameter count mismatch in: " << sql.substr(0, 200) << "\n";
    return InternalError("a storage error occurred");
  }
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    const SqlValue& p = params[i];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(p)) {
      rc = sqlite3_bind_null(stmt, idx);
    } else if (auto* iv = std::get_if<int64_t>(&p)) {
      rc = sqlite3_bind_int64(stmt, idx, *iv);
    } else if (auto* dv = std::get_if<double>(&p)) {
      rc = sqlite3_bind_double(stmt, idx, *dv);
    } else {
      const auto& s = std::get<std::string>(p);
      rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK) return Error("bind", sql);
  }
  return stmt;
}

StatusOr<ResultSet> SqliteConnection::Query(std::string_view sql, const SqlParams& params) {
  StartStatement();
  KG_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
  std::vector<std::string> columns;
  int ncol = sqlite3_column_count(stmt);
  columns.reserve(ncol);
  for (int i = 0; i < ncol; ++i) columns.emplace_back(sqlite3_column_name(stmt, i));
  std::vector<std::vector<SqlValue>> rows;
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      Status s = Error("query", sql);
      sqlite3_reset(stmt);
      return s;
    }
    std::vector<SqlValue> row;
    row.reserve(ncol);
    for (int i = 0; i < ncol; ++i) {
      switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_NULL:
          row.emplace_back(std::monostate{});
          break;
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, i)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(stmt, i));
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          row.emplace_back(std::string(text ? text : "", sqlite3_column_bytes(stmt, i)));
        }
      }
    }
    rows.push_back(std::move(row));
  }
  sqlite3_reset(stmt);
  return ResultSet(std::move(columns), std::move(rows));
}

StatusOr<int64_t> SqliteConnection::Exec(std::string_view sql, const SqlParams& params) {
  StartStatement();
  KG_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    Status s = Error("exec", sql);
    sqlite3_reset(stmt);
    return s;
  }
  sqlite3_reset(stmt);
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Status SqliteConnection::ExecScript(std::string_view sql) {
  CountStatement();
  deadline_ = std::chrono::steady_clock::time_point::max();  // scripts are not bounded
  std::string text(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::cerr << "sqlite: script failed: " << (err ? err : "?") << "\n";
    sqlite3_free(err);
    // BEGIN IMMEDIATE that timed out waiting for another writer is a retryable condition.
    int primary = sqlite3_extended_errcode(db_) & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      return Unavailable("the database is busy, please retry");
    }
    return InternalError("a storage error occurred");
  }
  return Status::Ok();
}

Status SqliteConnection::Begin() { return ExecScript("BEGIN IMMEDIATE"); }
Status SqliteConnection::Commit() { return ExecScript("COMMIT"); }
Status SqliteConnection::Rollback() {
  // An interrupted write has already rolled the whole transaction back.
  if (!InTransaction()) return Status::Ok();
  return ExecScript("ROLLBACK");
}
const Dialect& SqliteConnection::dialect() const { return kDialect; }

std::optional<CommitStamp> SqliteConnection::CommitStampNow() {
  // The mapping lives as long as the connection's WAL, which stays open with the connection (its
  // journal mode is never changed), so it is looked up once.
  if (shm_header_ == nullptr) {
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
        file == nullptr || file->pMethods == nullptr || file->pMethods->iVersion < 2 ||
        file->pMethods->xShmMap == nullptr || file->pMethods->xShmBarrier == nullptr) {
      return std::nullopt;
    }
    volatile void* region = nullptr;
    constexpr int kWalIndexPageSize = 32768;
    if (file->pMethods->xShmMap(file, 0, kWalIndexPageSize, 0, &region) != SQLITE_OK ||
        region == nullptr) {
      return std::nullopt;  // this connection has not read yet: the next call maps it
    }
    shm_file_ = file;
    shm_header_ = static_cast<const volatile uint32_t*>(region);
  }
  // Writers update the second copy, then the first; a reader reads the first, then the second.
  CommitStamp first;
  CommitStamp second;
  for (size_t i = 0; i < first.size(); ++i) first[i] = shm_header_[i];
  shm_file_->pMethods->xShmBarrier(shm_file_);
  for (size_t i = 0; i < second.size(); ++i) second[i] = shm_header_[second.size() + i];
  if (first != second) return std::nullopt;
  return first;
}

}  // namespace keygate::store
