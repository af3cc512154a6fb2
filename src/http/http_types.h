// The HTTP request and response as the application sees them, free of any HTTP library, so that
// handlers are plain functions and can be tested without sockets.
// Thread-safety: value types.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/request_body_stream.h"

namespace keygate::http {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // target without the query string, not decoded
  std::string query;   // after '?', may be empty
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string peer_address;  // the TCP peer, e.g. "127.0.0.1" or "::1"
  bool tls = false;
  // A body streamed to the handler as it arrives (ServerOptions::stream_request_body): `body` is
  // then empty.
  std::shared_ptr<RequestBodyStream> body_stream;

  // First header with this (lower-case) name, or "" when absent.
  std::string_view Header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers) {
      if (k == lower_name) return v;
    }
    return {};
  }
  bool HasHeader(std::string_view lower_name) const {
    for (const auto& h : headers) {
      if (h.first == lower_name) return true;
    }
    return false;
  }
  // The value of the cookie `name` from the Cookie headers ("" when absent).
  std::string Cookie(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k != "cookie") continue;
      std::string_view rest = v;
      while (!rest.empty()) {
        size_t semi = rest.find(';');
        std::string_view part = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        size_t eq = part.find('=');
        if (eq != std::string_view::npos && part.substr(0, eq) == name) {
          return std::string(part.substr(eq + 1));
        }
      }
    }
    return "";
  }
};

// A connection to another server that the handler hands over to the HTTP server (a protocol
// switch to join, a long body to relay): its socket, owned (closed on destruction unless taken),
// and the bytes already read from it past the answer's head.
class HandedOverConnection {
 public:
  HandedOverConnection(int fd, std::string early_bytes)
      : fd_(fd), early_bytes_(std::move(early_bytes)) {}
  ~HandedOverConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  HandedOverConnection(const HandedOverConnection&) = delete;
  HandedOverConnection& operator=(const HandedOverConnection&) = delete;

  // The socket, now the caller's to close.
  int Take() { return std::exchange(fd_, -1); }
  const std::string& early_bytes() const { return early_bytes_; }

 private:
  int fd_;
  std::string early_bytes_;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)
  std::string body;
  // Not sent: what the application made of the request, for metrics. An XML-RPC fault or a
  // JSON-RPC error travels in a 200 response, so the HTTP status alone cannot tell.
  StatusCode app_status = StatusCode::kOk;
  // Not sent: the response is held until this long after the request was read (0: sent at
  // once), on a timer of the network loop, so that no worker waits. Used to answer a failed login
  // that computed no hash as late as one that did.
  std::chrono::microseconds min_latency{0};
  // Not sent: the answer refuses the request (a credential refused, a body that cannot be read or
  // is past a bound). The server holds it until ServerOptions::refusal_delay after the request
  // arrived, or min_latency if later.
  bool refusal = false;
  // Not sent: with status 101, the connection the client's is joined to. After writing the
  // response (its headers must say Upgrade and Connection themselves), the server relays bytes
  // both ways, unread, until either side closes or neither sends for
  // ServerOptions::tunnel_idle_timeout_seconds.
  std::shared_ptr<HandedOverConnection> upgrade;
  // Not sent as such: when set, the body is not `body` but the next `body_length` bytes of this
  // connection (its early bytes first), relayed to the client as they arrive, with at most
  // ServerOptions::relay_stall_seconds between two reads; the connection is closed afterwards.
  // A body that ends early ends the client's connection too. Ignored for HEAD and 1xx/204/304.
  std::shared_ptr<HandedOverConnection> body_from;
  // With body_from, the relayed body's length; in an answer to HEAD, when not 0, the length the
  // Content-Length announces (another server's answer to the same HEAD).
  uint64_t body_length = 0;
};

// The application: called on a worker thread, never on the network event loop, so it may block
// on SQL and hashing. Must not throw.
using Handler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace keygate::http
