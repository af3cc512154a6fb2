// The HTTP client of `keygate doctor`: one POST per connection over HTTP/1.1 (and HTTPS with the
// system's certificate authorities), with a deadline on every step, never following redirects.
// A redirect is an answer to report ("this is not XML-RPC, it sends you to Location"), not a
// detour to take silently: clients such as Python's xmlrpc.client do not follow them either.
// Transport failures are classified (DNS, refused, timeout, TLS, not HTTP) so that the doctor can
// name the cause. HttpTransport is the seam that lets the doctor's runner be tested without a
// network.
// Thread-safety: an HttpTransport is used by one thread at a time; ParseUrl is a pure function.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/client_connection.h"
#include "http/client_url.h"

namespace keygate::doctor {

// A server's base URL: "http://host:8069" or "https://erp.example.com/odoo" (a path prefix is
// kept and put in front of every request path).
using Url = http::ClientUrl;

// kInvalidRequest with an explanation for anything but http(s)://host[:port][/path]. The path of
// an endpoint pasted whole (/xmlrpc/2/common, /jsonrpc, /web/login) is dropped: the server's root
// is what the doctor probes.
StatusOr<Url> ParseUrl(std::string_view text);

struct HttpRequest {
  std::string path;  // below the base path, e.g. "/xmlrpc/2/common"
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// How a request failed, told apart so that the doctor can name the cause.
using TransportError = http::ClientError;

// What came back for one request: either a transport error or an HTTP response.
struct HttpExchange {
  TransportError error = TransportError::kNone;
  std::string error_text;  // the system's message for a transport error
  int status = 0;
  std::string content_type;  // as sent, e.g. "text/xml; charset=utf-8"
  std::string location;      // Location header of a redirect
  std::string set_cookie;    // first Set-Cookie header
  std::string body;          // at most kMaxResponseBytes

  bool ok() const { return error == TransportError::kNone; }
};

inline constexpr size_t kMaxResponseBytes = size_t{8} * 1024 * 1024;

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // POSTs the request; never throws.
  virtual HttpExchange Post(const HttpRequest& request) = 0;
};

// A transport over Boost.Beast; `timeout` bounds each request as a whole.
std::unique_ptr<HttpTransport> MakeHttpTransport(Url url, std::chrono::milliseconds timeout);

}  // namespace keygate::doctor
