// Parsing of the URLs keygate calls (see client_url.h).
#include "http/client_url.h"

#include "common/strings.h"

namespace keygate::http {
namespace {

bool IsPort(std::string_view s) {
  if (s.empty() || s.size() > 5) return false;
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value > 0 && value <= 65535;
}

}  // namespace

std::string ClientUrl::ToString() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + h + (default_port ? "" : ":" + port) + base_path;
}

std::string ClientUrl::HostHeader() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!default_port) h += ":" + port;
  return h;
}

std::string ClientUrl::Target() const {
  std::string target = path.empty() ? "/" : path;
  if (!query.empty()) target += "?" + query;
  return target;
}

StatusOr<ClientUrl> ParseClientUrl(std::string_view text, std::string_view what) {
  auto bad = [&](const std::string& why) { return InvalidRequest(std::string(what) + ": " + why); };
  ClientUrl u;
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    return bad("expected http://host[:port] or https://host[:port], got '" + std::string(text) +
               "'");
  }
  u.scheme = Lower(text.substr(0, sep));
  if (u.scheme != "http" && u.scheme != "https") {
    return bad("the scheme must be http or https, got '" + u.scheme + "'");
  }
  std::string_view rest = text.substr(sep + 3);
  const size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) {
    return bad("credentials in the URL are not used");
  }
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    u.host = std::string(authority.substr(1, close - 1));
    authority = authority.substr(close + 1);
    if (!authority.empty() && authority.front() != ':') {
      return bad("unexpected text after the IPv6 address");
    }
  } else {
    const size_t colon = authority.find(':');
    u.host = std::string(authority.substr(0, colon));
    authority = colon == std::string_view::npos ? "" : authority.substr(colon);
  }
  if (u.host.empty()) return bad("no host name");
  u.port = u.tls() ? "443" : "80";
  if (!authority.empty()) {  // ":port"
    const std::string_view port = authority.substr(1);
    if (!IsPort(port)) return bad("bad port '" + std::string(port) + "'");
    u.default_port = port == u.port;
    u.port = std::string(port);
  }
  const size_t hash = path.find('#');
  if (hash != std::string_view::npos) path = path.substr(0, hash);
  const size_t question = path.find('?');
  if (question != std::string_view::npos) {
    u.query = std::string(path.substr(question + 1));
    path = path.substr(0, question);
  }
  u.path = std::string(path);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  u.base_path = std::string(path);
  return u;
}

}  // namespace keygate::http
