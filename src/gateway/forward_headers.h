// Which headers cross keygate in gateway mode, in each direction. Toward the upstream Odoo:
// everything the client sent except the hop-by-hop headers (RFC 9110 7.6.1, and those the
// Connection header names), Content-Length (recomputed) and every forwarding header the client
// may have sent (X-Forwarded-*, X-Real-IP, Forwarded), which keygate replaces with its own:
// X-Forwarded-For is the client address keygate resolved under its own trusted-proxy rules
// (web/client_address.h), X-Forwarded-Host the Host the client asked for, X-Forwarded-Proto
// "https" when the client's connection was (TLS, or a trusted proxy said so). Back to the
// client: Odoo's headers unchanged (Set-Cookie included), except hop-by-hop ones, Content-Length
// and Server, which keygate's HTTP server writes itself.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace keygate::gateway {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What the client's connection resolved to (services::CallerInfo's client_ip and https).
struct ForwardedFor {
  std::string client_ip;
  bool https = false;
};

// `client_headers` as http::HttpRequest holds them (lower-case names).
HeaderList UpstreamRequestHeaders(const HeaderList& client_headers, const ForwardedFor& who);

// `headers` with every `lower_name` header (any case) replaced by one of `value`.
void SetHeader(HeaderList& headers, const std::string& lower_name, std::string value);

// The upstream's response headers to relay, and its Content-Type apart (the HTTP server writes
// that one from HttpResponse::content_type).
struct RelayedHeaders {
  std::string content_type;
  bool has_content_type = false;
  HeaderList headers;
};
RelayedHeaders ResponseHeadersToRelay(const HeaderList& upstream_headers);

}  // namespace keygate::gateway
