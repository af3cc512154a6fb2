// The HTTP/1.1 server: an Asio event loop that only does network I/O, handing each complete
// request to a worker pool that runs the application Handler, then writing the response back on
// the connection's strand. Keep-alive, body size limit (413), header size limit (431), a cap on
// connections per peer address, timeouts that a slow client cannot stretch (idle, header, body
// rate), HTTPS with a certificate and key, graceful stop, tunnels (a response that switches
// protocols with another server, HttpResponse::upgrade, joins the two connections) and relayed
// bodies (HttpResponse::body_from: another server's long answer sent on as it arrives, without
// holding it in memory or a worker thread).
// Thread-safety: Start from one controlling thread; Stop and Wait from any thread except a handler
// (Stop joins the worker threads). The handler runs concurrently on the worker threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/http_types.h"

namespace keygate::http {

struct ServerOptions {
  std::string interface = "127.0.0.1";
  uint16_t port = 8069;  // 0 = any free port
  size_t max_body_bytes = size_t{16} * 1024 * 1024;
  int worker_threads = 8;
  int io_threads = 1;
  // Requests whose body is at least large_body_bytes run on large_request_threads workers of
  // their own, at a lower CPU priority (common/low_priority.h): parsing megabytes yields the CPU
  // to the many small calls, and a flood of big bodies cannot take the ordinary workers.
  size_t large_body_bytes = size_t{256} * 1024;
  int large_request_threads = 2;
  // Keep-alive: how long a connection may wait for the first byte of its next request (and a
  // response may take to be written).
  int idle_timeout_seconds = 60;
  // From the first byte of a request to the end of its header.
  int header_timeout_seconds = 10;
  // A body must arrive within body_allowance_seconds plus its length at min_body_bytes_per_second,
  // and never stall longer than body_allowance_seconds between two reads.
  int body_allowance_seconds = 10;
  size_t min_body_bytes_per_second = size_t{64} * 1024;
  // Open connections one peer address may hold (0: no cap); past it a new one is closed at once.
  size_t max_connections_per_address = 0;
  // How late a refusal is answered: a request refused before the handler (body too large, header
  // too large, malformed) this long after the refusal, with nothing read meanwhile; an answer the
  // handler marks HttpResponse::refusal this long after the request arrived. A client looping on
  // refusals gets one answer per delay per connection. serve sets it from refusal_delay_ms.
  std::chrono::milliseconds refusal_delay{0};
  // HTTPS: the certificate chain and its private key, PEM files (both or neither). Every
  // connection then starts with a TLS handshake (TLS 1.2 or 1.3), within header_timeout_seconds.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Tunnels (HttpResponse::upgrade): closed when neither side sent a byte for this long, and at
  // most this many at once (past it, 503 and the other server's connection is closed).
  int tunnel_idle_timeout_seconds = 3600;
  size_t max_tunnels = 256;
  // Relayed bodies (HttpResponse::body_from): the longest wait for the next bytes from the
  // other server; past it the client's connection is closed, the body cut short.
  int relay_stall_seconds = 120;
  // Streamed uploads: a request whose Content-Length is over stream_request_body_above (and
  // within max_body_bytes) goes to the handler as soon as its header is read when this says so
  // of its head (HttpRequest without a body); its body then arrives in
  // HttpRequest::body_stream, read under the same deadlines as any body. Unset: never.
  std::function<bool(const HttpRequest& head)> stream_request_body;
  uint64_t stream_request_body_above = uint64_t{1} << 20;
  // Peers exempt from that cap (trusted proxies, which carry every client); null: none.
  std::function<bool(const std::string& peer)> exempt_from_address_cap;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O and worker threads; returns once listening. kUnavailable
  // ("cannot listen on ADDR:PORT: reason") when the interface cannot be resolved or bound;
  // kInvalidRequest naming the file when the TLS certificate or key cannot be used.
  Status Start();
  // The port actually bound (useful with port 0).
  uint16_t port() const;
  // Blocks until Stop() has finished (e.g. called from a signal handler thread), or at once after
  // a failed Start().
  void Wait();
  // Stops accepting, closes idle connections, gives requests already with the handler a few
  // seconds to write their response, then joins all threads (waiting for handlers still running).
  // Idempotent; the destructor calls it.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keygate::http
