// The scheme and credentials of an Authorization header, read as Odoo reads them, so that keygate
// and the Odoo behind it (gateway mode) never see two different secrets in one header:
// Odoo's ir.http._auth_method_bearer matches `^bearer\s+(.+)$` without regard to case (the token
// is the rest of the header), and werkzeug splits "Basic <base64>" at the first whitespace.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace keygate::http {

// What follows `scheme` (any case) and the whitespace after it (at least one character of what
// Python's \s matches in a Latin-1 header); nullopt when the header is of another scheme or has
// nothing after it.
std::optional<std::string_view> AuthorizationCredentials(std::string_view header,
                                                         std::string_view scheme);

// The token of a Bearer header (Odoo's reading), or nullopt.
std::optional<std::string> BearerToken(std::string_view header);

}  // namespace keygate::http
