// Form fields and query strings (application/x-www-form-urlencoded), decoded; and the encoding of
// a value for a link's query string.
// Thread-safety: value type and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keygate::http {

class FormData {
 public:
  // '+' is a space, %XX a byte; a malformed escape is kept as typed.
  static FormData Parse(std::string_view urlencoded);

  // The first value of `name`, or "" when absent.
  std::string Get(std::string_view name) const;
  // Every value of `name`, in order (repeated fields).
  std::vector<std::string> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string UrlEncode(std::string_view text);

}  // namespace keygate::http
