// Cross-site request forgery defences of the console. Every form carries a token derived from the
// console session's secret (so it changes with each sign-in and needs no storage), and every POST
// that changes something must carry it back; a POST whose Origin header names another site is
// refused as well. The session cookie is SameSite=Strict besides.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace keygate::console {

// 64 hex characters: SHA-256 of a fixed label and the session secret. Empty secret: "".
std::string CsrfTokenFor(std::string_view session_secret);

// Whether `given` is the token of this session (constant time); false for an empty secret or
// token.
bool CsrfTokenMatches(std::string_view session_secret, std::string_view given);

// What a browser says of where a request comes from: the Origin header and Sec-Fetch-Site
// (each may be absent: `has_...` false).
struct RequestSite {
  std::string_view origin;
  bool has_origin = false;
  std::string_view fetch_site;
  bool has_fetch_site = false;
};

// Whether a POST may change something as far as its origin goes. Refused: Sec-Fetch-Site other
// than "same-origin" (or "none", a user's own action); an Origin other than http:// or https://
// followed by exactly the request's Host. Origin "null" — what a browser sends for the console's
// own forms, since its pages ask for no referrer — passes only with Sec-Fetch-Site:
// same-origin. Neither header (not a browser): allowed; the CSRF token decides.
bool OriginAllowed(const RequestSite& site, std::string_view host);

}  // namespace keygate::console
