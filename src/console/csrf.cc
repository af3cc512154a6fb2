// CSRF tokens and the Origin check.
#include "console/csrf.h"

#include "crypto/digest.h"

namespace keygate::console {

std::string CsrfTokenFor(std::string_view session_secret) {
  if (session_secret.empty()) return "";
  std::string material = "keygate-console-csrf:";
  material += session_secret;
  return crypto::HexEncode(crypto::Sha256(material));
}

bool CsrfTokenMatches(std::string_view session_secret, std::string_view given) {
  if (session_secret.empty() || given.empty()) return false;
  return crypto::ConstantTimeEquals(CsrfTokenFor(session_secret), given);
}

bool OriginAllowed(const RequestSite& site, std::string_view host) {
  const bool same_origin_fetch = site.has_fetch_site && site.fetch_site == "same-origin";
  if (site.has_fetch_site && !same_origin_fetch && site.fetch_site != "none") return false;
  if (!site.has_origin) return true;
  if (site.origin == "null") return same_origin_fetch;
  if (host.empty()) return false;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (site.origin.size() == scheme.size() + host.size() &&
        site.origin.substr(0, scheme.size()) == scheme &&
        site.origin.substr(scheme.size()) == host) {
      return true;
    }
  }
  return false;
}

}  // namespace keygate::console
