// The console's HTTP answers and cookie: every answer carries the same security headers (a strict
// Content-Security-Policy with no inline script, no framing, no sniffing, no referrer, no
// caching), and the session travels in a cookie of its own, scoped to /keygate, so that it never
// meets an Odoo `session_id`.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/http_types.h"

namespace keygate::console {

inline constexpr char kCookieName[] = "keygate_console";
inline constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'";

// Adds Content-Security-Policy, X-Frame-Options: DENY, X-Content-Type-Options: nosniff,
// Referrer-Policy: no-referrer and Cache-Control: no-store.
void AddSecurityHeaders(http::HttpResponse& response);

http::HttpResponse HtmlAnswer(int status, std::string html);
http::HttpResponse JsonAnswer(std::string json);
// 303 See Other to a console path.
http::HttpResponse RedirectAnswer(const std::string& location);
// A static asset compiled into the binary.
http::HttpResponse AssetAnswer(std::string_view content_type, std::string_view content);

// The console cookie's value in the request, or "".
std::string ConsoleCookie(const http::HttpRequest& request);
// Set-Cookie value: HttpOnly, SameSite=Strict, Path=/keygate, Secure when `secure`; an empty
// value with max_age 0 clears it.
std::string ConsoleCookieHeader(const std::string& value, int64_t max_age, bool secure);

}  // namespace keygate::console
