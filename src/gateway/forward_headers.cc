// Header filtering in both directions (see forward_headers.h).
#include "gateway/forward_headers.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "common/strings.h"

namespace keygate::gateway {

namespace {

bool IsHopByHop(const std::string& lower) {
  static const std::set<std::string, std::less<>> kHop = {
      "connection",         "keep-alive", "proxy-connection",
      "proxy-authenticate", "te",         "trailer",
      "transfer-encoding",  "upgrade",    "proxy-authorization",
      "content-length"};
  return kHop.count(lower) > 0;
}

bool IsForwardingHeader(const std::string& lower) {
  return lower == "x-real-ip" || lower == "forwarded" || lower.rfind("x-forwarded-", 0) == 0;
}

// The header names a Connection header lists (hop-by-hop by declaration).
std::set<std::string> ConnectionListed(const HeaderList& headers) {
  std::set<std::string> listed;
  for (const auto& [name, value] : headers) {
    if (Lower(name) != "connection") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view token = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) {
        token.remove_prefix(1);
      }
      while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) {
        token.remove_suffix(1);
      }
      if (!token.empty()) listed.insert(Lower(token));
    }
  }
  return listed;
}

}  // namespace

HeaderList UpstreamRequestHeaders(const HeaderList& client_headers, const ForwardedFor& who) {
  const std::set<std::string> listed = ConnectionListed(client_headers);
  HeaderList out;
  out.reserve(client_headers.size() + 3);
  std::string host;
  for (const auto& [name, value] : client_headers) {
    const std::string lower = Lower(name);
    if (IsHopByHop(lower) || IsForwardingHeader(lower) || listed.count(lower) > 0) continue;
    if (lower == "host" && host.empty()) host = value;
    out.emplace_back(name, value);
  }
  out.emplace_back("X-Forwarded-For", who.client_ip);
  if (!host.empty()) out.emplace_back("X-Forwarded-Host", host);
  out.emplace_back("X-Forwarded-Proto", who.https ? "https" : "http");
  return out;
}

RelayedHeaders ResponseHeadersToRelay(const HeaderList& upstream_headers) {
  const std::set<std::string> listed = ConnectionListed(upstream_headers);
  RelayedHeaders out;
  for (const auto& [name, value] : upstream_headers) {
    const std::string lower = Lower(name);
    if (IsHopByHop(lower) || listed.count(lower) > 0 || lower == "server") continue;
    if (lower == "content-type") {
      if (!out.has_content_type) {
        out.content_type = value;
        out.has_content_type = true;
      }
      continue;
    }
    out.headers.emplace_back(name, value);
  }
  return out;
}

void SetHeader(HeaderList& headers, const std::string& lower_name, std::string value) {
  std::erase_if(headers, [&](const auto& h) { return Lower(h.first) == lower_name; });
  headers.emplace_back(lower_name, std::move(value));
}

}  // namespace keygate::gateway
