// Who the client is when keygate runs behind a reverse proxy. Forwarding headers are believed
// only when proxy_mode is on AND the TCP peer is one of trusted_proxies; otherwise anyone could
// pick their address (and escape the login cooldown or pass a key's allow-list) by sending
// X-Forwarded-For. From X-Forwarded-For, the right-most address that is not itself a trusted
// proxy is the client (the left part is written by the client and cannot be trusted); without
// it, X-Real-IP. X-Forwarded-Proto: https from a trusted proxy marks the request as https.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/ip_network.h"

namespace keygate::web {

struct ForwardingHeaders {
  std::string_view forwarded_for;    // X-Forwarded-For (all values joined by ',')
  std::string_view real_ip;          // X-Real-IP
  std::string_view forwarded_proto;  // X-Forwarded-Proto
};

struct ClientAddress {
  std::string client_ip;  // the peer itself unless a trusted proxy named the client
  bool https = false;
  bool forwarded = false;  // client_ip came from a header
};

ClientAddress ResolveClientAddress(std::string_view peer_address, bool tls,
                                   const ForwardingHeaders& headers, bool proxy_mode,
                                   const std::vector<auth::IpNetwork>& trusted_proxies);

}  // namespace keygate::web
