// Client address resolution behind trusted proxies.
#include "web/client_address.h"

#include "common/strings.h"

namespace keygate::web {

namespace {

// "1.2.3.4:5678" and "[2001:db8::1]:443" carry a port some proxies add; a bare IPv6 has colons
// but no brackets, so it is left alone.
std::string_view StripPort(std::string_view s) {
  if (!s.empty() && s.front() == '[') {
    size_t close = s.find(']');
    if (close != std::string_view::npos) return s.substr(1, close - 1);
    return s;
  }
  size_t colon = s.find(':');
  if (colon != std::string_view::npos && s.find(':', colon + 1) == std::string_view::npos) {
    return s.substr(0, colon);
  }
  return s;
}

}  // namespace

ClientAddress ResolveClientAddress(std::string_view peer_address, bool tls,
                                   const ForwardingHeaders& headers, bool proxy_mode,
                                   const std::vector<auth::IpNetwork>& trusted_proxies) {
  ClientAddress out;
  out.client_ip = std::string(peer_address);
  out.https = tls;
  if (!proxy_mode || !auth::AnyContains(trusted_proxies, peer_address)) return out;

  // Walk X-Forwarded-For from the right: skip our own proxies, stop at the first other hop.
  std::string_view xff = headers.forwarded_for;
  bool resolved = false;
  bool malformed = false;
  while (!xff.empty() && !resolved && !malformed) {
    size_t comma = xff.rfind(',');
    std::string_view hop = Trim(comma == std::string_view::npos ? xff : xff.substr(comma + 1));
    xff = comma == std::string_view::npos ? std::string_view() : xff.substr(0, comma);
    if (hop.empty()) continue;
    auto addr = auth::ParseIpAddress(StripPort(hop));
    if (!addr) {
      malformed = true;  // garbage: believe nothing further left
      break;
    }
    out.client_ip = addr->ToString();
    out.forwarded = true;
    if (!auth::AnyContains(trusted_proxies, out.client_ip)) resolved = true;
  }
  if (!out.forwarded && !malformed) {
    if (auto addr = auth::ParseIpAddress(StripPort(Trim(headers.real_ip)))) {
      out.client_ip = addr->ToString();
      out.forwarded = true;
    }
  }
  std::string_view proto = Trim(headers.forwarded_proto);
  if (size_t comma = proto.find(','); comma != std::string_view::npos) {
    proto = Trim(proto.substr(0, comma));
  }
  if (proto.size() == 5) {
    if (Lower(proto) == "https") out.https = true;
  }
  return out;
}

}  // namespace keygate::web
