// One error model for the whole code base: a Status carries a precise code and a message that is
// safe to show to the client (never a secret, SQL text or stack trace). rpc/error_mapping.h holds
// the one table that maps each code to its exception class, XML-RPC faults, JSON-RPC error,
// JSON-2 and HTTP statuses and /metrics outcome.
// Thread-safety: value types, no shared state.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace keygate {

enum class StatusCode {
  kOk,
  // Odoo exception classes, reproduced on the wire.
  kAccessDenied,      // odoo.exceptions.AccessDenied: bad credentials, cooldown. Fault 3.
  kAccessError,       // odoo.exceptions.AccessError: authorization. Fault 4.
  kUserError,         // odoo.exceptions.UserError. Fault 2.
  kValidationError,   // odoo.exceptions.ValidationError. Fault 2.
  kMissingError,      // odoo.exceptions.MissingError. Fault 2.
  kSessionExpired,    // odoo.http.SessionExpiredException. JSON-RPC code 100.
  kDatabaseNotFound,  // psycopg2 OperationalError in Odoo: fault 1 'database "x" does not exist'.
  // Python exceptions Odoo lets through unchanged (fault 1: the traceback, whose last line,
  // "ValueError: <text>", is all keygate sends). The message is the exception's argument.
  kPyException,       // builtins.Exception: common's unknown method
  kPyValueError,      // builtins.ValueError: invalid field, leaf or value
  kPyTypeError,       // builtins.TypeError: arity, keywords, types of arguments
  kPyKeyError,        // builtins.KeyError: unknown service, db's unknown method ('quoted')
  kPyAttributeError,  // builtins.AttributeError: unknown model method
  kPyAssertionError,  // builtins.AssertionError: bad domain, access mode
  kPyIndexError,      // builtins.IndexError: too few object-call parameters
  kPyNameError,       // builtins.NameError: object's unknown method
  kXmlSyntaxError,    // xml.parsers.expat.ExpatError: a body that is not XML
  kPgInvalidText,     // psycopg2.errors.InvalidTextRepresentation: a string where an id goes
  kPgOutOfRange,      // psycopg2.errors.NumericValueOutOfRange: an id's text past the range
  // Transport and request-level errors.
  kInvalidRequest,   // malformed XML/JSON, wrong types or arity. Fault 1 / HTTP 400.
  kNotFound,         // unknown route. HTTP 404.
  kPayloadTooLarge,  // body over the limit. HTTP 413.
  kTooManyRequests,  // per-key rate limit. HTTP 429.
  kUnavailable,      // storage unreachable. Fault 1 / HTTP 503.
  kInternal,         // a bug or an unexpected storage error. Fault 1 / HTTP 500. Keep it last.
};
// Every code is in [0, kStatusCodeCount).
inline constexpr int kStatusCodeCount = static_cast<int>(StatusCode::kInternal) + 1;

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status AccessDenied(std::string m = "Access Denied") {
  return {StatusCode::kAccessDenied, std::move(m)};
}
inline Status AccessError(std::string m) { return {StatusCode::kAccessError, std::move(m)}; }
inline Status UserError(std::string m) { return {StatusCode::kUserError, std::move(m)}; }
inline Status ValidationError(std::string m) {
  return {StatusCode::kValidationError, std::move(m)};
}
inline Status MissingError(std::string m) { return {StatusCode::kMissingError, std::move(m)}; }
inline Status InvalidRequest(std::string m) { return {StatusCode::kInvalidRequest, std::move(m)}; }
inline Status InternalError(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status PyException(std::string m) { return {StatusCode::kPyException, std::move(m)}; }
inline Status ValueError(std::string m) { return {StatusCode::kPyValueError, std::move(m)}; }
inline Status TypeError(std::string m) { return {StatusCode::kPyTypeError, std::move(m)}; }
inline Status KeyError(std::string m) { return {StatusCode::kPyKeyError, std::move(m)}; }
inline Status AttributeError(std::string m) {
  return {StatusCode::kPyAttributeError, std::move(m)};
}
inline Status AssertionError(std::string m) {
  return {StatusCode::kPyAssertionError, std::move(m)};
}
inline Status IndexError(std::string m) { return {StatusCode::kPyIndexError, std::move(m)}; }
inline Status NameError(std::string m) { return {StatusCode::kPyNameError, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status DatabaseNotFound(const std::string& db) {
  return {StatusCode::kDatabaseNotFound, "database \"" + db + "\" does not exist"};
}

template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  StatusOr(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace keygate

// Early-return helpers. KG_ASSIGN_OR_RETURN(auto x, Expr()) declares x.
#define KG_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::keygate::Status kg_status_ = (expr);   \
    if (!kg_status_.ok()) return kg_status_; \
  } while (0)

#define KG_CONCAT_INNER(a, b) a##b
#define KG_CONCAT(a, b) KG_CONCAT_INNER(a, b)
#define KG_ASSIGN_OR_RETURN(lhs, expr) \
  KG_ASSIGN_OR_RETURN_IMPL(KG_CONCAT(kg_or_, __LINE__), lhs, expr)
#define KG_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
