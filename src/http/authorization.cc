// Authorization headers as Odoo reads them (see authorization.h).
#include "http/authorization.h"

#include "common/strings.h"

namespace keygate::http {

namespace {

// Python's \s on a header werkzeug decoded as Latin-1: ASCII whitespace, the separators
// U+001C to U+001F, NEL (U+0085) and NO-BREAK SPACE (U+00A0).
bool IsPythonSpace(char c) {
  const auto b = static_cast<unsigned char>(c);
  return IsAsciiSpace(c) || (b >= 0x1C && b <= 0x1F) || b == 0x85 || b == 0xA0;
}

}  // namespace

std::optional<std::string_view> AuthorizationCredentials(std::string_view header,
                                                         std::string_view scheme) {
  if (header.size() <= scheme.size()) return std::nullopt;
  for (size_t i = 0; i < scheme.size(); ++i) {
    if (Lower(header[i]) != Lower(scheme[i])) return std::nullopt;
  }
  size_t at = scheme.size();
  if (!IsPythonSpace(header[at])) return std::nullopt;
  while (at < header.size() && IsPythonSpace(header[at])) ++at;
  if (at == header.size()) return std::nullopt;
  return header.substr(at);
}

std::optional<std::string> BearerToken(std::string_view header) {
  auto token = AuthorizationCredentials(header, "bearer");
  if (!token) return std::nullopt;
  return std::string(*token);
}

}  // namespace keygate::http
