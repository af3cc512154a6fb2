// The upstream HTTP/1.1 client of gateway mode: a bounded pool of keep-alive connections to the
// one Odoo keygate stands in front of, used synchronously by the worker thread that forwards a
// request. Every step has a deadline (connect, write, the whole answer), a request waits a
// bounded time for a free connection, and a connection the upstream closed while it sat idle is
// replaced once, transparently, when the failure came before any byte of the answer.
// An https:// upstream's certificate and host name are verified (http/client_connection.h).
// Thread-safety: UpstreamClient is thread-safe; each request holds its connection alone.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/client_connection.h"
#include "http/client_url.h"
#include "http/http_types.h"

namespace keygate::gateway {

// "http(s)://host[:port][/prefix]": the prefix is put in front of every forwarded path.
using UpstreamUrl = http::ClientUrl;

// kInvalidRequest naming what is wrong for anything but http(s)://host[:port][/path].
StatusOr<UpstreamUrl> ParseUpstreamUrl(std::string_view text);

struct UpstreamRequest {
  std::string method;
  std::string target;  // path and query, e.g. "/xmlrpc/2/object" or "/web/login?db=x"
  std::vector<std::pair<std::string, std::string>> headers;  // as sent (no Content-Length)
  std::string body;
  // An answer whose body is longer (a Content-Length, from an http:// upstream) is not read: its
  // connection is handed over for the HTTP server to relay (UpstreamResponse::body_from).
  uint64_t hand_over_above = UINT64_MAX;
  // Instead of `body`: an upload sent on as it arrives from the client. It goes on a connection
  // of its own (a body half sent cannot be sent again on another when an idle one fails).
  std::shared_ptr<http::RequestBodyStream> body_stream;
};

struct UpstreamResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;
  // A long body handed over (UpstreamRequest::hand_over_above): `body` is empty, and these are
  // the connection it comes on and its length.
  std::shared_ptr<http::HandedOverConnection> body_from;
  uint64_t body_length = 0;
};

struct UpstreamLimits {
  int max_connections = 32;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds answer_timeout{120000};  // from the first byte sent to the last read
  std::chrono::milliseconds pool_wait{10000};        // longest wait for a free connection
  size_t max_response_bytes = size_t{1} << 30;
};

// Why a request got no answer. Every one of them is "the upstream is down or overloaded" to the
// client: the gateway answers it in Odoo's format (gateway/upstream_failure.h).
enum class UpstreamError {
  kUnreachable,  // connection refused, no route, name does not resolve
  kTimeout,      // connect or answer past its deadline
  kPoolBusy,     // every connection in use for longer than pool_wait
  kBadAnswer,    // closed mid-answer, not HTTP, or larger than max_response_bytes
};
const char* UpstreamErrorName(UpstreamError error);

struct UpstreamResult {
  bool ok = false;
  UpstreamError error = UpstreamError::kUnreachable;
  std::string error_text;  // the system's words, for the log
  UpstreamResponse response;
};

class UpstreamClient {
 public:
  // `tls` is needed for an https:// upstream (TlsClientContext::Make).
  UpstreamClient(UpstreamUrl url, UpstreamLimits limits,
                 std::shared_ptr<http::TlsClientContext> tls = nullptr);
  ~UpstreamClient();
  UpstreamClient(const UpstreamClient&) = delete;
  UpstreamClient& operator=(const UpstreamClient&) = delete;

  // Sends one request and reads the whole answer. Blocks the calling thread.
  UpstreamResult Send(const UpstreamRequest& request);

  // Sends a protocol switch (a WebSocket's GET with Upgrade and Connection headers) on a
  // connection of its own, outside the pool. When the upstream answers 101, `*upgraded` holds
  // the connection for the HTTP server to join to the client's (http::HttpResponse::upgrade);
  // any other answer is read whole, as Send does. kBadAnswer for a 101 from an https://
  // upstream, whose TLS connection cannot be handed over.
  UpstreamResult Upgrade(const UpstreamRequest& request,
                         std::shared_ptr<http::HandedOverConnection>* upgraded);

  // The base URL's path prefix, to put in front of a forwarded path.
  const UpstreamUrl& url() const;

  // The outcome of the latest request (or probe), for /healthz: true while the upstream answers.
  bool LastSeenUp() const;
  // Connects (and closes) once, without sending anything: for /healthz when no request has been
  // forwarded for a while. kUnavailable with the reason when it cannot.
  Status Probe();

  struct Stats {
    int open = 0;  // connections open (idle and in use)
    int idle = 0;
  };
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keygate::gateway
