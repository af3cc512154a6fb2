// Console answers and cookie.
#include "console/http_answers.h"

#include <utility>

namespace keygate::console {

void AddSecurityHeaders(http::HttpResponse& response) {
  response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cache-Control", "no-store");
}

http::HttpResponse HtmlAnswer(int status, std::string html) {
  http::HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(html);
  AddSecurityHeaders(r);
  return r;
}

http::HttpResponse JsonAnswer(std::string json) {
  http::HttpResponse r;
  r.content_type = "application/json";
  r.body = std::move(json);
  AddSecurityHeaders(r);
  return r;
}

http::HttpResponse RedirectAnswer(const std::string& location) {
  http::HttpResponse r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", location);
  AddSecurityHeaders(r);
  return r;
}

http::HttpResponse AssetAnswer(std::string_view content_type, std::string_view content) {
  http::HttpResponse r;
  r.content_type = std::string(content_type);
  r.body = std::string(content);
  AddSecurityHeaders(r);
  return r;
}

std::string ConsoleCookie(const http::HttpRequest& request) { return request.Cookie(kCookieName); }

std::string ConsoleCookieHeader(const std::string& value, int64_t max_age, bool secure) {
  std::string h = std::string(kCookieName) + "=" + value + "; Max-Age=" + std::to_string(max_age) +
                  "; HttpOnly; Path=/keygate; SameSite=Strict";
  if (secure) h += "; Secure";
  return h;
}

}  // namespace keygate::console
