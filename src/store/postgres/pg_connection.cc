// PgConnection: placeholder rewriting, prepared-statement cache, typed results, error mapping,
// reconnection.
#include "store/postgres/pg_connection.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <vector>

namespace keygate::store {

namespace {

// Type OIDs from PostgreSQL's catalog (pg_type.dat); stable across versions.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Prepared statements kept per connection before the cache is emptied: generated SQL (domains)
// varies, the hot fixed statements come back at once.
constexpr size_t kMaxStatements = 512;

const PgDialect kDialect;

void IgnoreNotice(void*, const char*) {}

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

// Bounded for logs.
std::string_view Head(std::string_view sql) { return sql.substr(0, 200); }

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

SqlValue Cell(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return std::monostate{};
  const char* text = PQgetvalue(res, row, col);
  const int len = PQgetlength(res, row, col);
  switch (PQftype(res, col)) {
    case kBoolOid:
      return int64_t{text[0] == 't' ? 1 : 0};
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
      return static_cast<int64_t>(std::strtoll(text, nullptr, 10));
    case kFloat4Oid:
    case kFloat8Oid:
      return std::strtod(text, nullptr);
    case kNumericOid:
      // SUM over bigint is numeric; integral values stay integers, as SQLite returns them.
      if (std::strpbrk(text, ".eEN") == nullptr && len < 19) {
        return static_cast<int64_t>(std::strtoll(text, nullptr, 10));
      }
      return std::strtod(text, nullptr);
    default:
      return std::string(text, static_cast<size_t>(len));
  }
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

bool Ok(const PGresult* r) {
  if (r == nullptr) return false;
  ExecStatusType s = PQresultStatus(r);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
}

std::string SqlState(const PGresult* r) {
  const char* s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  return s ? s : "";
}

// A value inside libpq's "options" (space-separated -c settings): spaces and backslashes are
// escaped with a backslash.
std::string EscapeOption(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == ' ' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string PgDialect::WeekStart(std::string_view date_text) const {
  // The day minus its day of the week (Sunday is 0).
  const std::string day = "CAST(" + std::string(date_text) + " AS date)";
  return "to_char(" + day + " - CAST(extract(dow FROM " + day + ") AS integer), 'YYYY-MM-DD')";
}

std::string PgDialect::ILike(std::string_view lhs, std::string_view rhs) const {
  return std::string(lhs) + " ILIKE " + std::string(rhs) + " ESCAPE '\\'";
}

std::string PgDialect::Like(std::string_view lhs, std::string_view rhs) const {
  return std::string(lhs) + " LIKE " + std::string(rhs) + " ESCAPE '\\'";
}

std::string RewritePlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  size_t i = 0;
  const size_t size = sql.size();
  while (i < size) {
    char c = sql[i];
    if (c == '\'') {
      // E'...' strings treat backslash as an escape; standard strings do not.
      bool escapes =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentChar(sql[i - 2]));
      size_t j = i + 1;
      while (j < size) {
        if (escapes && sql[j] == '\\') {
          j += 2;
          continue;
        }
        if (sql[j] == '\'') {
          if (j + 1 < size && sql[j + 1] == '\'') {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      j = std::min(j + 1, size);
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '"') {
      size_t j = i + 1;
      while (j < size) {
        if (sql[j] == '"') {
          if (j + 1 < size && sql[j + 1] == '"') {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      j = std::min(j + 1, size);
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '-' && i + 1 < size && sql[i + 1] == '-') {
      size_t j = sql.find('\n', i);
      j = j == std::string_view::npos ? size : j;
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '/' && i + 1 < size && sql[i + 1] == '*') {
      size_t j = sql.find("*/", i + 2);
      j = j == std::string_view::npos ? size : j + 2;
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
      // Dollar quoting: $tag$ ... $tag$ (tag empty or an identifier). "$1" is not one.
      size_t j = i + 1;
      while (j < size && IsIdentChar(sql[j]) && !(j == i + 1 && sql[j] >= '0' && sql[j] <= '9')) {
        ++j;
      }
      if (j < size && sql[j] == '$') {
        std::string_view tag = sql.substr(i, j - i + 1);
        size_t end = sql.find(tag, j + 1);
        end = end == std::string_view::npos ? size : end + tag.size();
        out.append(sql.substr(i, end - i));
        i = end;
      } else {
        out.push_back(c);
        ++i;
      }
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
      ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  if (count) *count = n;
  return out;
}

StatusOr<std::unique_ptr<PgConnection>> PgConnection::Open(const PgConnectOptions& options,
                                                           const std::string& dbname) {
  const std::string port = std::to_string(options.port);
  const std::string timeout = std::to_string(options.connect_timeout_seconds);
  const std::string session =
      "-c statement_timeout=" + std::to_string(options.statement_timeout_ms) +
      " -c TimeZone=UTC -c DateStyle=ISO -c client_min_messages=warning" +
      (options.search_path.empty() ? std::string()
                                   : " -c search_path=" + EscapeOption(options.search_path));
  std::vector<const char*> keys = {"host",
                                   "port",
                                   "user",
                                   "dbname",
                                   "sslmode",
                                   "connect_timeout",
                                   "options",
                                   "client_encoding",
                                   "application_name"};
  std::vector<const char*> values = {options.host.c_str(),
                                     port.c_str(),
                                     options.user.c_str(),
                                     dbname.c_str(),
                                     options.sslmode.c_str(),
                                     timeout.c_str(),
                                     session.c_str(),
                                     "UTF8",
                                     "keygate"};
  if (!options.password.empty()) {
    keys.push_back("password");
    values.push_back(options.password.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/0);
  if (conn == nullptr) return Unavailable("the database server is unavailable");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    if (msg.find("database \"" + dbname + "\" does not exist") != std::string::npos) {
      return DatabaseNotFound(dbname);
    }
    std::cerr << "postgres: cannot connect to " << options.host << ":" << options.port << "/"
              << dbname << ": " << msg << "\n";
    return Unavailable("the database server is unavailable");
  }
  PQsetNoticeProcessor(conn, &IgnoreNotice, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn, options, dbname));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

const Dialect& PgConnection::dialect() const { return kDialect; }

bool PgConnection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

bool PgConnection::CheckIdle() {
  if (PQstatus(conn_) != CONNECTION_OK) return false;
  if (PQconsumeInput(conn_) == 0) return false;
  while (PGnotify* n = PQnotifies(conn_)) PQfreemem(n);
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

Status PgConnection::Error(const PGresult* res, std::string_view what, std::string_view sql) {
  const std::string state = SqlState(res);
  std::string msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
                              ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
                              : ""
                        : "";
  if (msg.empty()) msg = PQerrorMessage(conn_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  std::cerr << "postgres: " << what << " failed (" << (state.empty() ? "-" : state) << "): " << msg
            << " in: " << Head(sql) << "\n";
  if (PQstatus(conn_) != CONNECTION_OK || state.rfind("08", 0) == 0 || state == "57P01" ||
      state == "57P02" || state == "57P03") {
    return Unavailable("the database server is unavailable");
  }
  if (state.rfind("23", 0) == 0) {
    return {StatusCode::kValidationError, "The operation cannot be completed: a constraint failed"};
  }
  if (state == "40001" || state == "40P01" || state == "55P03") {
    return Unavailable("the database is busy, please retry");
  }
  // Raised by keygate's own SQL with a message written for the user (pg_attach.h's views).
  if (state.rfind("KG", 0) == 0) return UserError(msg);
  if (state == "42P04") return UserError("the database already exists");
  if (state == "3D000") return DatabaseNotFound(dbname_);
  if (state == "57014") return Unavailable("the database took too long to answer, please retry");
  return InternalError("a storage error occurred");
}

bool PgConnection::ShouldReconnect() { return may_reconnect_ && PQstatus(conn_) != CONNECTION_OK; }

Status PgConnection::Reconnect() {
  may_reconnect_ = false;
  statements_.clear();  // the server forgot them with the old session
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::cerr << "postgres: reconnect to " << dbname_ << " failed: " << PQerrorMessage(conn_);
    return Unavailable("the database server is unavailable");
  }
  PQsetNoticeProcessor(conn_, &IgnoreNotice, nullptr);
  return Status::Ok();
}

Status PgConnection::SimpleOnce(std::string_view sql) {
  CountStatement();
  Result res(PQexec(conn_, std::string(sql).c_str()));
  if (!Ok(res.get())) return Error(res.get(), "statement", sql);
  return Status::Ok();
}

Status PgConnection::Simple(std::string_view sql) {
  Status s = SimpleOnce(sql);
  if (!s.ok() && ShouldReconnect()) {
    KG_RETURN_IF_ERROR(Reconnect());
    s = SimpleOnce(sql);
  }
  may_reconnect_ = false;
  return s;
}

StatusOr<std::string> PgConnection::Prepare(std::string_view sql, const SqlParams& params) {
  std::string key(sql);
  auto it = statements_.find(key);
  if (it != statements_.end()) return it->second;
  int count = 0;
  const std::string text = RewritePlaceholders(sql, &count);
  if (static_cast<size_t>(count) != params.size()) {
    std::cerr << "postgres: parameter count mismatch in: " << Head(sql) << "\n";
    return InternalError("a storage error occurred");
  }
  if (statements_.size() >= kMaxStatements) {
    KG_RETURN_IF_ERROR(SimpleOnce("DEALLOCATE ALL"));
    statements_.clear();
  }
  const std::string name = "kg" + std::to_string(++next_statement_);
  // A failed statement aborts the whole transaction in PostgreSQL; SQLite only fails the
  // statement. A savepoint keeps a bad or untypable statement from ending the caller's
  // transaction.
  const bool in_tx = PQtransactionStatus(conn_) == PQTRANS_INTRANS;
  if (in_tx) KG_RETURN_IF_ERROR(SimpleOnce("SAVEPOINT kg_prepare"));
  Result res(PQprepare(conn_, name.c_str(), text.c_str(), count, nullptr));
  if (!Ok(res.get()) && SqlState(res.get()) == "42P18") {
    // A parameter whose type nothing around it determines ("? IS NULL"): declare every
    // parameter's type from the value bound this time.
    if (in_tx) KG_RETURN_IF_ERROR(SimpleOnce("ROLLBACK TO SAVEPOINT kg_prepare"));
    std::vector<Oid> types;
    types.reserve(params.size());
    for (const SqlValue& p : params) {
      if (std::holds_alternative<int64_t>(p)) {
        types.push_back(kInt8Oid);
      } else if (std::holds_alternative<double>(p)) {
        types.push_back(kFloat8Oid);
      } else {
        types.push_back(kTextOid);
      }
    }
    res.reset(PQprepare(conn_, name.c_str(), text.c_str(), count, types.data()));
  }
  if (!Ok(res.get())) {
    Status s = Error(res.get(), "prepare", sql);
    if (in_tx && PQstatus(conn_) == CONNECTION_OK) {
      (void)SimpleOnce("ROLLBACK TO SAVEPOINT kg_prepare");
      (void)SimpleOnce("RELEASE SAVEPOINT kg_prepare");
    }
    return s;
  }
  if (in_tx) KG_RETURN_IF_ERROR(SimpleOnce("RELEASE SAVEPOINT kg_prepare"));
  statements_.emplace(std::move(key), name);
  return name;
}

StatusOr<PGresult*> PgConnection::RunOnce(std::string_view sql, const SqlParams& params) {
  KG_ASSIGN_OR_RETURN(std::string name, Prepare(sql, params));
  CountStatement();
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    const SqlValue& p = params[i];
    if (std::holds_alternative<std::monostate>(p)) continue;
    if (auto* iv = std::get_if<int64_t>(&p)) {
      texts[i] = std::to_string(*iv);
    } else if (auto* dv = std::get_if<double>(&p)) {
      texts[i] = FormatDouble(*dv);
    } else {
      texts[i] = std::get<std::string>(p);
    }
    values[i] = texts[i].c_str();
  }
  PGresult* res = PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, 0);
  if (!Ok(res)) {
    Status s = Error(res, "statement", sql);
    PQclear(res);
    return s;
  }
  return res;
}

StatusOr<PGresult*> PgConnection::Run(std::string_view sql, const SqlParams& params) {
  StatusOr<PGresult*> res = RunOnce(sql, params);
  if (!res.ok() && ShouldReconnect()) {
    KG_RETURN_IF_ERROR(Reconnect());
    res = RunOnce(sql, params);
  }
  may_reconnect_ = false;
  return res;
}

StatusOr<ResultSet> PgConnection::Query(std::string_view sql, const SqlParams& params) {
  KG_ASSIGN_OR_RETURN(PGresult * raw, Run(sql, params));
  Result res(raw);
  const int ncol = PQnfields(raw);
  const int nrow = PQntuples(raw);
  std::vector<std::string> columns;
  columns.reserve(ncol);
  for (int c = 0; c < ncol; ++c) columns.emplace_back(PQfname(raw, c));
  std::vector<std::vector<SqlValue>> rows;
  rows.reserve(nrow);
  for (int r = 0; r < nrow; ++r) {
    std::vector<SqlValue> row;
    row.reserve(ncol);
    for (int c = 0; c < ncol; ++c) row.push_back(Cell(raw, r, c));
    rows.push_back(std::move(row));
  }
  return ResultSet(std::move(columns), std::move(rows));
}

StatusOr<int64_t> PgConnection::Exec(std::string_view sql, const SqlParams& params) {
  KG_ASSIGN_OR_RETURN(PGresult * raw, Run(sql, params));
  Result res(raw);
  const char* n = PQcmdTuples(raw);
  return static_cast<int64_t>(n && *n ? std::strtoll(n, nullptr, 10) : 0);
}

Status PgConnection::ExecScript(std::string_view sql) { return Simple(sql); }

Status PgConnection::Begin() { return Simple("BEGIN"); }

Status PgConnection::Commit() {
  CountStatement();
  Result res(PQexec(conn_, "COMMIT"));
  may_reconnect_ = false;
  if (!Ok(res.get())) return Error(res.get(), "commit", "COMMIT");
  // COMMIT of a transaction that an error aborted succeeds as a ROLLBACK.
  if (std::strcmp(PQcmdStatus(res.get()), "ROLLBACK") == 0) {
    std::cerr << "postgres: commit rolled back an aborted transaction\n";
    return InternalError("a storage error occurred");
  }
  return Status::Ok();
}

Status PgConnection::Rollback() {
  may_reconnect_ = false;
  if (PQstatus(conn_) != CONNECTION_OK) return Unavailable("the database server is unavailable");
  return SimpleOnce("ROLLBACK");
}

}  // namespace keygate::store
