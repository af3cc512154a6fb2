// The HTTP/1.1 server on Boost.Beast. All Beast and Asio code stays in this file so that the rest
// of the code base compiles against the small header only.
//
// Threads: the io_context threads only accept, read and write. A complete request is copied into
// an HttpRequest and posted to the worker thread_pool, which runs the Handler (it may block on SQL
// and password hashing); the response is posted back to the connection's strand for writing. A
// connection reads its next request only after the previous response is written, so pipelined
// requests are answered in order.
//
// Three ways a connection carries more than one request's bytes, all on its strand: a tunnel
// (HttpResponse::upgrade: after a 101, bytes both ways between the client and another server), a
// relayed body (HttpResponse::body_from: another server's long answer sent on as it arrives) and
// a streamed upload (ServerOptions::stream_request_body: the body pushed to the handler's
// RequestBodyStream while the handler runs).
#include "http/server.h"

#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/log.h"
#include "common/low_priority.h"
#include "common/strings.h"

namespace keygate::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

// Generous for any real client, small enough that a header flood costs little memory.
constexpr uint32_t kHeaderLimit = 64 * 1024;
// Below the usual fd limit so that the process keeps descriptors for its database files.
constexpr int kMaxConnections = 10000;
// How long to wait before accepting again after an accept error (EMFILE) or at the connection
// limit; accepting in a tight loop would burn a core while nothing can change.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);
// After an error response the client may still be sending a body; reading (and discarding) a
// little of it before closing keeps the kernel from answering with a reset that would destroy the
// response before the client reads it. Bounded so that a huge upload cannot hold the connection.
constexpr auto kLingerTime = std::chrono::seconds(1);
constexpr size_t kLingerBytes = size_t{256} * 1024;
// Beast reads a body at most 64 KiB at a time: a body read wakes once that much is there.
constexpr size_t kBodyRead = size_t{64} * 1024;
constexpr uint64_t kBodyLowWater = kBodyRead;
// What an idle connection reads first (the rest of the header follows through the parser).
constexpr size_t kFirstRead = 4096;
// Each direction of a tunnel reads at most this much at a time.
constexpr size_t kTunnelBuffer = size_t{16} * 1024;
// A relayed body is read from the other server this much at a time.
constexpr size_t kRelayBuffer = size_t{64} * 1024;
// How long Stop() lets in-flight requests finish before abandoning their connections.
constexpr auto kStopGrace = std::chrono::seconds(3);

// Never throws: it is called from catch blocks on threads where an escaping exception would
// terminate the process.
void LogLine(std::string_view line, LogLevel level = LogLevel::kError) noexcept {
  try {
    Log(level, "http", line);
  } catch (...) {
  }
}

// IPv4 peers of a dual-stack socket show up as ::ffff:a.b.c.d; report them as plain IPv4 so that
// allow-lists and audit logs see one spelling per client.
std::string PeerAddressString(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

// A configured number of seconds, at least one.
std::chrono::seconds Seconds(int configured) {
  return std::chrono::seconds(std::max(1, configured));
}

bool HasCrOrLf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// Status codes after which HTTP forbids a body (and Content-Length is pointless or wrong).
bool StatusForbidsBody(unsigned status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

class ServerState;

// One TCP connection. Lives as long as some pending operation or worker task holds a shared_ptr
// to it. All members are touched only on the connection's strand, except the immutable ones.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::string peer, ServerState* state);
  ~Session();

  // Registers with the server and starts reading on the strand.
  void Begin();
  // Thread-safe. Idle connections close; a connection whose request is in flight closes after
  // writing its response.
  void RequestStop();

 private:
  void OnServerStop();
  // TLS: the handshake, within header_timeout_seconds; then (and at once without TLS) the first
  // request.
  void Handshake();
  void ReadHeader();
  void StartHeader();
  void OnHeader(ErrorCode ec);
  void OnContinueWritten(ErrorCode ec);
  void ReadBody();
  void ReadBodySome();
  void OnBody(ErrorCode ec);
  // How many bytes the socket holds before a read wakes up (SO_RCVLOWAT); set only on change.
  void SetReceiveLowWater(size_t bytes);
  // Maps a read error to an error response or a silent close.
  void OnReadError(ErrorCode ec);
  void Dispatch();
  // The request the parser holds, as the handler sees it (its body moved out unless `head_only`).
  std::shared_ptr<HttpRequest> TakeRequest(bool head_only);
  // Runs the handler on a worker, then writes its response on the connection's executor.
  void RunHandler(const std::shared_ptr<HttpRequest>& req, unsigned version, bool keep_alive,
                  bool head);
  // Streamed uploads (ServerOptions::stream_request_body): true when the request was dispatched
  // with its body to follow in a RequestBodyStream.
  bool DispatchStreaming();
  void StreamBody();
  void OnStreamRead(ErrorCode ec, size_t n);
  void WriteResponse(HttpResponse response, unsigned version, bool keep_alive, bool head);
  void WriteErrorAndClose(bhttp::status status, std::string body);
  // A request refused before it reached the handler (413, 431, 400): answered after
  // ServerOptions::refusal_delay, reading nothing meanwhile, then as WriteErrorAndClose.
  void RefuseAndClose(bhttp::status status, std::string body);
  void OnWritten(bool keep_alive, ErrorCode ec);
  void Linger();
  void OnLingerRead(ErrorCode ec, size_t n);
  void Close();
  // Tunnels: joins the client's connection to `upgraded` once the 101 answer is written, and
  // relays bytes both ways until either side closes or both stay silent for the idle time.
  void StartTunnel(const std::shared_ptr<HandedOverConnection>& upgraded);
  void RelayFromClient();
  void RelayFromUpstream();
  void KeepTunnelAlive();
  void EndTunnel();
  // Relayed bodies: after the head, `body_length` bytes of the other server's connection.
  void StartRelay(const std::shared_ptr<HandedOverConnection>& from, uint64_t length,
                  bool keep_alive);
  void RelayBody(bool keep_alive);
  void EndRelay();

  // One of the two: the connection is plain or TLS for its whole life.
  std::optional<beast::tcp_stream> plain_;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls_;
  // The TCP layer (deadlines, the socket) under either.
  beast::tcp_stream& Lowest() { return tls_ ? tls_->next_layer() : *plain_; }
  // Runs `operation` on whichever stream the connection reads and writes.
  template <class Operation>
  void WithStream(Operation&& operation) {
    if (tls_) {
      operation(*tls_);
    } else {
      operation(*plain_);
    }
  }
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<void> response_;  // keeps the message alive during async_write
  std::string peer_;
  ServerState* state_;
  std::chrono::steady_clock::time_point body_deadline_{};
  bool busy_ = false;  // a request is with the handler or its response is being written
  bool stop_requested_ = false;
  bool closed_ = false;
  size_t lingered_ = 0;
  size_t receive_low_water_ = 1;
  std::array<char, 4096> linger_buf_{};
  // The other server's end of a tunnel, and a buffer for each direction.
  std::optional<tcp::socket> upstream_;
  bool tunnel_ = false;
  std::vector<char> from_client_;
  std::vector<char> from_upstream_;
  // A streamed upload: where its pieces go, and how much of the body is still to read.
  std::shared_ptr<RequestBodyStream> body_stream_;
  uint64_t stream_left_ = 0;
  std::vector<char> stream_buf_;
  // A relayed body: what is left of it, and the stall deadline of the other server's reads.
  uint64_t relay_left_ = 0;
  uint64_t relay_reads_ = 0;  // which read the stall timer watches
  std::optional<asio::steady_timer> relay_timer_;
};

// What sessions share. Outlives every Session: Impl destroys the io_context (and with it any
// session still referenced by a queued handler) before this.
class ServerState {
 public:
  ServerState(ServerOptions options, Handler handler)
      : options_(std::move(options)), handler_(std::move(handler)) {}

  const ServerOptions& options() const { return options_; }
  const Handler& handler() const { return handler_; }
  asio::thread_pool* pool() const { return pool_; }
  void set_pool(asio::thread_pool* pool) { pool_ = pool; }
  asio::thread_pool* large_pool() const { return large_pool_; }
  // Set before the first connection when the server speaks TLS; null otherwise.
  ssl::context* tls_context() const { return tls_context_.get(); }
  void set_tls_context(std::unique_ptr<ssl::context> context) { tls_context_ = std::move(context); }
  void set_large_pool(asio::thread_pool* pool) { large_pool_ = pool; }

  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  // Counts a new tunnel; false (nothing counted) past ServerOptions::max_tunnels.
  bool AddTunnel() {
    size_t now = tunnels_.load(std::memory_order_relaxed);
    do {
      if (now >= options_.max_tunnels) return false;
    } while (!tunnels_.compare_exchange_weak(now, now + 1, std::memory_order_relaxed));
    return true;
  }
  void RemoveTunnel() { tunnels_.fetch_sub(1, std::memory_order_relaxed); }
  int connections() const { return connections_.load(std::memory_order_relaxed); }

  // Returns false when the server is already stopping; the caller then closes the connection.
  bool Register(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(mu_);
    if (stopping_.load(std::memory_order_relaxed)) return false;
    sessions_[session.get()] = session;
    return true;
  }
  void Unregister(Session* session) {
    std::lock_guard lock(mu_);
    sessions_.erase(session);
  }
  // Counts a new connection of `peer`; false (nothing counted) when the peer is at its cap.
  bool AddConnection(const std::string& peer) {
    const size_t cap = options_.max_connections_per_address;
    if (cap > 0 && !(options_.exempt_from_address_cap && options_.exempt_from_address_cap(peer))) {
      std::lock_guard lock(mu_);
      size_t& held = per_address_[peer];
      if (held >= cap) return false;
      ++held;
    }
    connections_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  void RemoveConnection(const std::string& peer) {
    connections_.fetch_sub(1, std::memory_order_relaxed);
    if (options_.max_connections_per_address == 0) return;
    std::lock_guard lock(mu_);
    auto it = per_address_.find(peer);
    if (it == per_address_.end()) return;  // exempt peer
    if (--it->second == 0) per_address_.erase(it);
  }

  // Marks the server as stopping and returns the live sessions, so that each can be told on its
  // own strand. Sessions that register afterwards are refused.
  std::vector<std::shared_ptr<Session>> BeginStop() {
    std::lock_guard lock(mu_);
    stopping_.store(true, std::memory_order_release);
    std::vector<std::shared_ptr<Session>> live;
    for (auto& [ptr, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    return live;
  }

 private:
  const ServerOptions options_;
  const Handler handler_;
  asio::thread_pool* pool_ = nullptr;
  asio::thread_pool* large_pool_ = nullptr;
  std::unique_ptr<ssl::context> tls_context_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<size_t> tunnels_{0};
  std::mutex mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
  // Open connections of each peer under the cap (exempt peers are never in it).
  std::unordered_map<std::string, size_t> per_address_;
};

Session::Session(tcp::socket socket, std::string peer, ServerState* state)
    : peer_(std::move(peer)), state_(state) {
  if (ssl::context* context = state_->tls_context()) {
    tls_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(socket), *context);
  } else {
    plain_.emplace(std::move(socket));
  }
}

Session::~Session() {
  state_->Unregister(this);
  state_->RemoveConnection(peer_);
}

void Session::Begin() {
  if (!state_->Register(shared_from_this())) {
    ErrorCode ec;
    Lowest().socket().close(ec);
    return;
  }
  asio::dispatch(Lowest().get_executor(), [self = shared_from_this()] { self->Handshake(); });
}

void Session::Handshake() {
  if (!tls_) return ReadHeader();
  Lowest().expires_after(Seconds(state_->options().header_timeout_seconds));
  tls_->async_handshake(ssl::stream_base::server, [self = shared_from_this()](ErrorCode ec) {
    if (ec) return self->Close();  // not TLS, no common protocol, or too slow: nothing to answer
    self->ReadHeader();
  });
}

void Session::RequestStop() {
  // get_executor() copies an executor fixed at construction, so any thread may call it.
  asio::post(Lowest().get_executor(), [self = shared_from_this()] { self->OnServerStop(); });
}

void Session::OnServerStop() {
  stop_requested_ = true;
  if (tunnel_) return EndTunnel();
  // A relayed body in progress finishes (then the connection closes): like any response.
  if (!busy_) Close();
}

void Session::ReadHeader() {
  if (closed_) return;
  if (stop_requested_) return Close();
  if (buffer_.size() > 0) return StartHeader();  // a pipelined request is already here
  // Idle: waiting for the first byte of the next request.
  Lowest().expires_after(Seconds(state_->options().idle_timeout_seconds));
  WithStream([&](auto& stream) {
    stream.async_read_some(buffer_.prepare(kFirstRead),
                           [self = shared_from_this()](ErrorCode ec, size_t n) {
                             self->buffer_.commit(n);
                             if (ec) return self->Close();  // the end of a keep-alive connection
                             self->StartHeader();
                           });
  });
}

void Session::StartHeader() {
  if (closed_) return;
  if (stop_requested_) return Close();
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(state_->options().max_body_bytes);
  // From the first byte, the header has its own short deadline: a client trickling header bytes
  // cannot hold the connection for the idle time.
  Lowest().expires_after(Seconds(state_->options().header_timeout_seconds));
  WithStream([&](auto& stream) {
    bhttp::async_read_header(
        stream, buffer_, *parser_,
        [self = shared_from_this()](ErrorCode ec, size_t) { self->OnHeader(ec); });
  });
}

void Session::OnHeader(ErrorCode ec) {
  if (ec) return OnReadError(ec);
  if (parser_->is_done()) return Dispatch();
  if (DispatchStreaming()) return;
  const auto& req = parser_->get();
  auto expect = req[bhttp::field::expect];
  if (req.version() >= 11 && beast::iequals(expect, "100-continue")) {
    // curl waits for this before sending a large body.
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    WithStream([&](auto& stream) {
      asio::async_write(
          stream, asio::buffer(kContinue.data(), kContinue.size()),
          [self = shared_from_this()](ErrorCode ec, size_t) { self->OnContinueWritten(ec); });
    });
    return;
  }
  ReadBody();
}

void Session::OnContinueWritten(ErrorCode ec) {
  if (ec) return Close();
  ReadBody();
}

void Session::ReadBody() {
  // The body must arrive at a minimum average rate after an allowance, and never stall longer
  // than the allowance: a trickling client cannot hold the connection for long.
  const ServerOptions& o = state_->options();
  const uint64_t length = parser_->content_length().value_or(o.max_body_bytes);
  const auto allowance = Seconds(o.body_allowance_seconds);
  const auto for_length =
      std::chrono::milliseconds(length * 1000 / std::max<uint64_t>(1, o.min_body_bytes_per_second));
  body_deadline_ = std::chrono::steady_clock::now() + allowance + for_length;
  // Beast reads no more than the buffer's free room: a large body is read 64 KiB at a time, not
  // in the 4 KiB the header needed (the room is given back once the body is in).
  if (length > kFirstRead) buffer_.reserve(kBodyRead);
  ReadBodySome();
}

void Session::ReadBodySome() {
  const auto now = std::chrono::steady_clock::now();
  if (now >= body_deadline_) return Close();
  const auto stall = Seconds(state_->options().body_allowance_seconds);
  Lowest().expires_after(
      std::min<std::chrono::steady_clock::duration>(stall, body_deadline_ - now));
  // A large body arrives in small pieces as fast as the peer sends them; each read wakes the
  // reactor, re-arms the deadline and runs a handler. Waking only once a read's worth is there
  // (or the rest of the body, if less) cuts a 16 MiB body from thousands of reads to about 256.
  // Not under TLS: the TLS layer reads ahead into a buffer of its own, so the bytes still on the
  // socket can be fewer than the body's rest, and a mark set from the rest might never be met.
  size_t low_water = 1;
  const boost::optional<uint64_t> length = parser_->content_length();
  if (!tls_ && length) {
    const uint64_t have = parser_->get().body().size() + buffer_.size();
    if (*length > have)
      low_water = static_cast<size_t>(std::min<uint64_t>(*length - have, kBodyLowWater));
  }
  SetReceiveLowWater(low_water);
  WithStream([&](auto& stream) {
    bhttp::async_read_some(stream, buffer_, *parser_,
                           [self = shared_from_this()](ErrorCode ec, size_t) { self->OnBody(ec); });
  });
}

void Session::SetReceiveLowWater(size_t bytes) {
  if (bytes == receive_low_water_) return;
  ErrorCode ignored;  // an old kernel without it only reads more often
  Lowest().socket().set_option(asio::socket_base::receive_low_watermark(static_cast<int>(bytes)),
                               ignored);
  receive_low_water_ = bytes;
}

void Session::OnBody(ErrorCode ec) {
  if (ec || parser_->is_done()) {
    SetReceiveLowWater(1);  // the next read is a header or a drain
    buffer_.shrink_to_fit();
  }
  if (ec) return OnReadError(ec);
  if (!parser_->is_done()) return ReadBodySome();
  Dispatch();
}

void Session::OnReadError(ErrorCode ec) {
  if (ec == bhttp::error::body_limit) {
    return RefuseAndClose(bhttp::status::payload_too_large, "Request body too large");
  }
  if (ec == bhttp::error::header_limit) {
    return RefuseAndClose(bhttp::status::request_header_fields_too_large,
                          "Request header fields too large");
  }
  // end_of_stream before any byte of a request is the normal end of a keep-alive connection;
  // partial_message means the peer left mid-request; a timeout or a socket error leaves nothing
  // worth answering.
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec.category() != ErrorCode(bhttp::error::end_of_stream).category()) {
    return Close();
  }
  // Any other parser error is a malformed request.
  RefuseAndClose(bhttp::status::bad_request, "Bad Request");
}

std::shared_ptr<HttpRequest> Session::TakeRequest(bool head_only) {
  auto req = std::make_shared<HttpRequest>();
  const auto& message = parser_->get();
  req->method = std::string(message.method_string());
  std::string_view target(message.target().data(), message.target().size());
  size_t q = target.find('?');
  req->path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) req->query = std::string(target.substr(q + 1));
  req->headers.reserve(std::distance(message.begin(), message.end()));
  for (const auto& field : message) {
    req->headers.emplace_back(
        Lower(std::string_view(field.name_string().data(), field.name_string().size())),
        std::string(field.value()));
  }
  if (!head_only) req->body = std::move(parser_->get().body());
  req->peer_address = peer_;
  req->tls = tls_ != nullptr;
  return req;
}

void Session::Dispatch() {
  busy_ = true;
  Lowest().expires_never();  // the handler may take long; the write sets its own deadline
  std::shared_ptr<HttpRequest> req;
  bool keep_alive = false;
  bool head = false;
  unsigned version = 11;
  try {
    const auto& message = parser_->get();
    version = message.version();
    keep_alive = message.keep_alive();
    head = message.method() == bhttp::verb::head;
    req = TakeRequest(/*head_only=*/false);
    parser_.reset();
  } catch (const std::exception&) {
    return WriteErrorAndClose(bhttp::status::internal_server_error, "Internal Server Error");
  }
  RunHandler(req, version, keep_alive, head);
}

bool Session::DispatchStreaming() {
  const ServerOptions& o = state_->options();
  if (!o.stream_request_body) return false;
  const auto& message = parser_->get();
  const boost::optional<uint64_t> length = parser_->content_length();
  if (!length || parser_->chunked() || *length <= o.stream_request_body_above ||
      *length > o.max_body_bytes || message.version() < 11) {
    return false;
  }
  std::shared_ptr<HttpRequest> req;
  bool keep_alive = false;
  try {
    keep_alive = message.keep_alive();
    req = TakeRequest(/*head_only=*/true);
    if (!o.stream_request_body(*req)) return false;
  } catch (const std::exception&) {
    return false;  // read whole, as any other
  }
  busy_ = true;
  body_stream_ = std::make_shared<RequestBodyStream>(*length);
  req->body_stream = body_stream_;
  stream_left_ = *length;
  const bool expects_continue = beast::iequals(message[bhttp::field::expect], "100-continue");
  parser_.reset();
  RunHandler(req, 11, keep_alive, /*head=*/false);
  const auto allowance = Seconds(o.body_allowance_seconds);
  body_deadline_ = std::chrono::steady_clock::now() + allowance +
                   std::chrono::milliseconds(*length * 1000 /
                                             std::max<uint64_t>(1, o.min_body_bytes_per_second));
  stream_buf_.resize(kBodyRead);
  if (expects_continue) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    WithStream([&](auto& stream) {
      asio::async_write(stream, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = shared_from_this()](ErrorCode ec, size_t) {
                          if (ec) {
                            self->body_stream_->Fail();
                            return self->Close();
                          }
                          self->StreamBody();
                        });
    });
    return true;
  }
  StreamBody();
  return true;
}

void Session::StreamBody() {
  if (closed_ || !body_stream_) return;
  // What the header's read took of the body first.
  if (buffer_.size() > 0) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(buffer_.size(), stream_left_));
    std::string piece(static_cast<const char*>(buffer_.data().data()), n);
    buffer_.consume(n);
    stream_left_ -= n;
    const bool room = body_stream_->Push(std::move(piece));
    if (stream_left_ == 0) return;
    if (!room) {
      auto ex = Lowest().get_executor();
      return body_stream_->Pause(
          [self = shared_from_this(), ex] { asio::post(ex, [self] { self->StreamBody(); }); });
    }
  }
  if (stream_left_ == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (now >= body_deadline_) {
    body_stream_->Fail();
    return Close();
  }
  Lowest().expires_after(std::min<std::chrono::steady_clock::duration>(
      Seconds(state_->options().body_allowance_seconds), body_deadline_ - now));
  const size_t want = static_cast<size_t>(std::min<uint64_t>(stream_left_, stream_buf_.size()));
  WithStream([&](auto& stream) {
    stream.async_read_some(
        asio::buffer(stream_buf_.data(), want),
        [self = shared_from_this()](ErrorCode ec, size_t n) { self->OnStreamRead(ec, n); });
  });
}

void Session::OnStreamRead(ErrorCode ec, size_t n) {
  if (!body_stream_) return;  // answered already: the connection closes after the response
  if (ec || closed_) {
    body_stream_->Fail();
    return Close();
  }
  // The handler writes its response on its own deadline; until then, none for the connection.
  Lowest().expires_never();
  stream_left_ -= n;
  const bool room = body_stream_->Push(std::string(stream_buf_.data(), n));
  if (stream_left_ == 0) return;  // the whole body is the handler's: the response comes next
  if (!room) {
    auto ex = Lowest().get_executor();
    return body_stream_->Pause(
        [self = shared_from_this(), ex] { asio::post(ex, [self] { self->StreamBody(); }); });
  }
  StreamBody();
}

void Session::RunHandler(const std::shared_ptr<HttpRequest>& req, unsigned version, bool keep_alive,
                         bool head) {
  busy_ = true;
  if (!body_stream_) Lowest().expires_never();
  // The work guard keeps the io_context running until the response is handed back, so a
  // graceful stop still writes responses of requests already accepted.
  auto guard = asio::make_work_guard(Lowest().get_executor());
  const auto received = std::chrono::steady_clock::now();
  const bool large = req->body.size() >= state_->options().large_body_bytes;
  asio::thread_pool& workers = large ? *state_->large_pool() : *state_->pool();
  asio::post(workers, [self = shared_from_this(), req, version, keep_alive, head, received, large,
                       guard = std::move(guard)]() mutable {
    if (large) LowerThisThreadsPriorityOnce();
    HttpResponse response;
    try {
      response = self->state_->handler()(*req);
    } catch (...) {
      // Method and path only: the query string and body may carry credentials.
      try {
        LogLine("handler threw an exception for " + req->method + " " + req->path);
        response = HttpResponse{};
        response.status = 500;
        response.body = "Internal Server Error";
      } catch (...) {
        // Out of memory: the status alone still tells the client.
        response.status = 500;
      }
    }
    auto ex = self->Lowest().get_executor();
    std::chrono::microseconds min_latency = response.min_latency;
    if (response.refusal) {
      min_latency =
          std::max<std::chrono::microseconds>(min_latency, self->state_->options().refusal_delay);
    }
    const auto not_before = received + min_latency;
    if (min_latency.count() > 0 && std::chrono::steady_clock::now() < not_before) {
      // Held on the connection's own executor: the worker is free at once.
      auto timer = std::make_shared<asio::steady_timer>(ex, not_before);
      timer->async_wait([self, timer, response = std::move(response), version, keep_alive,
                         head](ErrorCode) mutable {
        self->WriteResponse(std::move(response), version, keep_alive, head);
      });
    } else {
      asio::post(ex, [self, response = std::move(response), version, keep_alive, head]() mutable {
        self->WriteResponse(std::move(response), version, keep_alive, head);
      });
    }
    guard.reset();
  });
}

void Session::WriteResponse(HttpResponse response, unsigned version, bool keep_alive, bool head) {
  if (closed_) return;
  std::shared_ptr<HandedOverConnection> upgraded = std::move(response.upgrade);
  if (upgraded && (response.status != 101 || head || version < 11 || stop_requested_)) {
    upgraded.reset();  // closes the other server's connection: nothing to join
    if (response.status == 101) {
      return WriteErrorAndClose(bhttp::status::service_unavailable, "Service Unavailable");
    }
  }
  std::shared_ptr<HandedOverConnection> body_from = std::move(response.body_from);
  const unsigned status_code = static_cast<unsigned>(response.status);
  // HEAD gets the relayed body's length (or the one announced) without the body.
  const bool head_of_relayed =
      (body_from || response.body_length > 0) && head && !StatusForbidsBody(status_code);
  if (body_from && (upgraded || head || StatusForbidsBody(status_code))) body_from.reset();
  if (upgraded && !state_->AddTunnel()) {
    upgraded.reset();
    return WriteErrorAndClose(bhttp::status::service_unavailable,
                              "Too many tunnels are open, please retry.");
  }
  auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
  unsigned status = response.status >= 100 && response.status <= 999
                        ? static_cast<unsigned>(response.status)
                        : 500u;
  // An upload the handler answered before its end: the rest is never read, so the connection
  // cannot carry another request.
  if (body_stream_) {
    if (stream_left_ > 0) keep_alive = false;
    body_stream_->Fail();  // nothing more reaches the handler
    body_stream_.reset();
  }
  bool close_after = !keep_alive || stop_requested_;
  try {
    res->version(version);
    res->result(status);
    res->set(bhttp::field::server, "keygate");
    if (!HasCrOrLf(response.content_type)) {
      res->set(bhttp::field::content_type, response.content_type);
    }
    for (const auto& [name, value] : response.headers) {
      // A header that would split the response is dropped rather than sent.
      if (name.empty() || HasCrOrLf(name) || HasCrOrLf(value)) continue;
      res->insert(name, value);
    }
    if (body_from || head_of_relayed) {
      res->content_length(response.body_length);
    } else if (!StatusForbidsBody(status)) {
      res->content_length(response.body.size());
      if (!head) res->body() = std::move(response.body);
    }
    // A 101 answer keeps the Connection: Upgrade its headers carry.
    if (!upgraded) res->keep_alive(!close_after);
  } catch (const std::exception&) {
    if (upgraded) state_->RemoveTunnel();
    return WriteErrorAndClose(bhttp::status::internal_server_error, "Internal Server Error");
  }
  response_ = res;
  Lowest().expires_after(Seconds(state_->options().idle_timeout_seconds));
  if (body_from) {
    // The head alone; the body follows from the other server's connection.
    auto serializer = std::make_shared<bhttp::response_serializer<bhttp::string_body>>(*res);
    const uint64_t length = response.body_length;
    WithStream([&](auto& stream) {
      bhttp::async_write_header(stream, *serializer,
                                [self = shared_from_this(), res, serializer, body_from, length,
                                 close_after](ErrorCode ec, size_t) {
                                  self->response_.reset();
                                  if (ec) return self->Close();
                                  self->StartRelay(body_from, length, !close_after);
                                });
    });
    return;
  }
  if (upgraded) {
    tunnel_ = true;  // counted: EndTunnel uncounts it, whatever happens from here
    WithStream([&](auto& stream) {
      bhttp::async_write(stream, *res, [self = shared_from_this(), upgraded](ErrorCode ec, size_t) {
        self->response_.reset();
        if (ec) return self->EndTunnel();
        self->StartTunnel(upgraded);
      });
    });
    return;
  }
  WithStream([&](auto& stream) {
    bhttp::async_write(stream, *res,
                       [self = shared_from_this(), close_after](ErrorCode ec, size_t) {
                         self->OnWritten(!close_after, ec);
                       });
  });
}

void Session::StartTunnel(const std::shared_ptr<HandedOverConnection>& upgraded) {
  if (closed_ || stop_requested_) return EndTunnel();
  const int fd = upgraded->Take();
  sockaddr_storage local{};
  socklen_t length = sizeof(local);
  ErrorCode ec;
  upstream_.emplace(Lowest().get_executor());
  if (fd < 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
    if (fd >= 0) ::close(fd);
    return EndTunnel();
  }
  upstream_->assign(local.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
  if (ec) {
    ::close(fd);
    return EndTunnel();
  }
  from_client_.resize(kTunnelBuffer);
  from_upstream_.resize(kTunnelBuffer);
  KeepTunnelAlive();
  // What each side sent before the join goes first: the client's bytes read past its request,
  // the other server's read past its 101 answer.
  auto client_early = std::make_shared<std::string>(static_cast<const char*>(buffer_.data().data()),
                                                    buffer_.size());
  buffer_.consume(buffer_.size());
  auto upstream_early = std::make_shared<std::string>(upgraded->early_bytes());
  asio::async_write(*upstream_, asio::buffer(*client_early),
                    [self = shared_from_this(), client_early](ErrorCode ec, size_t) {
                      if (ec) return self->EndTunnel();
                      self->RelayFromClient();
                    });
  WithStream([&](auto& stream) {
    asio::async_write(stream, asio::buffer(*upstream_early),
                      [self = shared_from_this(), upstream_early](ErrorCode ec, size_t) {
                        if (ec) return self->EndTunnel();
                        self->RelayFromUpstream();
                      });
  });
}

void Session::KeepTunnelAlive() {
  // The deadline of the client's stream, which always has a read pending: when it passes, the
  // read fails and the tunnel ends.
  Lowest().expires_after(Seconds(state_->options().tunnel_idle_timeout_seconds));
}

void Session::RelayFromClient() {
  if (closed_) return;
  WithStream([&](auto& stream) {
    stream.async_read_some(
        asio::buffer(from_client_), [self = shared_from_this()](ErrorCode ec, size_t n) {
          if (ec || self->closed_) return self->EndTunnel();
          self->KeepTunnelAlive();
          asio::async_write(*self->upstream_, asio::buffer(self->from_client_.data(), n),
                            [self](ErrorCode ec, size_t) {
                              if (ec) return self->EndTunnel();
                              self->RelayFromClient();
                            });
        });
  });
}

void Session::RelayFromUpstream() {
  if (closed_) return;
  upstream_->async_read_some(
      asio::buffer(from_upstream_), [self = shared_from_this()](ErrorCode ec, size_t n) {
        if (ec || self->closed_) return self->EndTunnel();
        self->KeepTunnelAlive();
        self->WithStream([&](auto& stream) {
          asio::async_write(stream, asio::buffer(self->from_upstream_.data(), n),
                            [self](ErrorCode ec, size_t) {
                              if (ec) return self->EndTunnel();
                              self->RelayFromUpstream();
                            });
        });
      });
}

void Session::StartRelay(const std::shared_ptr<HandedOverConnection>& from, uint64_t length,
                         bool keep_alive) {
  if (closed_) return;
  const int fd = from->Take();
  sockaddr_storage local{};
  socklen_t size = sizeof(local);
  ErrorCode ec;
  upstream_.emplace(Lowest().get_executor());
  if (fd < 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0) {
    if (fd >= 0) ::close(fd);
    return EndRelay();
  }
  upstream_->assign(local.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
  if (ec) {
    ::close(fd);
    return EndRelay();
  }
  from_upstream_.resize(kRelayBuffer);
  relay_timer_.emplace(Lowest().get_executor());
  relay_left_ = length;
  // The early bytes, at most the body's length (anything past it is not the body's).
  auto early = std::make_shared<std::string>(from->early_bytes().substr(
      0, static_cast<size_t>(std::min<uint64_t>(length, from->early_bytes().size()))));
  relay_left_ -= early->size();
  Lowest().expires_after(Seconds(state_->options().idle_timeout_seconds));
  WithStream([&](auto& stream) {
    asio::async_write(stream, asio::buffer(*early),
                      [self = shared_from_this(), early, keep_alive](ErrorCode ec, size_t) {
                        if (ec) return self->EndRelay();
                        self->RelayBody(keep_alive);
                      });
  });
}

void Session::RelayBody(bool keep_alive) {
  if (closed_) return EndRelay();
  if (relay_left_ == 0) {
    ErrorCode ignored;
    upstream_->close(ignored);
    upstream_.reset();
    relay_timer_.reset();
    return OnWritten(keep_alive, {});
  }
  // A stalled other server: the timer closes its socket, and the pending read fails.
  const uint64_t read = ++relay_reads_;
  relay_timer_->expires_after(Seconds(state_->options().relay_stall_seconds));
  relay_timer_->async_wait([self = shared_from_this(), read](ErrorCode ec) {
    if (ec || !self->upstream_ || read != self->relay_reads_) return;
    ErrorCode ignored;
    self->upstream_->close(ignored);
  });
  const size_t want = static_cast<size_t>(std::min<uint64_t>(relay_left_, from_upstream_.size()));
  upstream_->async_read_some(
      asio::buffer(from_upstream_.data(), want),
      [self = shared_from_this(), keep_alive](ErrorCode ec, size_t n) {
        ++self->relay_reads_;  // the stall timer of this read no longer applies
        if (self->relay_timer_) self->relay_timer_->cancel();
        if (ec || n == 0) return self->EndRelay();  // cut short: the client sees it end early
        self->relay_left_ -= n;
        self->Lowest().expires_after(Seconds(self->state_->options().idle_timeout_seconds));
        self->WithStream([&](auto& stream) {
          asio::async_write(stream, asio::buffer(self->from_upstream_.data(), n),
                            [self, keep_alive](ErrorCode ec, size_t) {
                              if (ec) return self->EndRelay();
                              self->RelayBody(keep_alive);
                            });
        });
      });
}

void Session::EndRelay() {
  if (upstream_) {
    ErrorCode ignored;
    upstream_->close(ignored);
    upstream_.reset();
  }
  relay_timer_.reset();
  Close();
}

void Session::EndTunnel() {
  if (!tunnel_) return;
  tunnel_ = false;
  state_->RemoveTunnel();
  if (upstream_) {
    ErrorCode ignored;
    upstream_->shutdown(tcp::socket::shutdown_both, ignored);
    upstream_->close(ignored);
  }
  Close();
}

void Session::RefuseAndClose(bhttp::status status, std::string body) {
  const auto delay = state_->options().refusal_delay;
  if (delay.count() <= 0 || stop_requested_) return WriteErrorAndClose(status, std::move(body));
  // The connection keeps its place under the per-address cap while it waits, and nothing is
  // read: a client that loops on refused requests gets one answer per delay per connection.
  busy_ = true;
  parser_.reset();
  Lowest().expires_never();
  auto timer = std::make_shared<asio::steady_timer>(Lowest().get_executor(), delay);
  timer->async_wait([self = shared_from_this(), timer, status, body = std::move(body)](
                        ErrorCode) mutable { self->WriteErrorAndClose(status, std::move(body)); });
}

void Session::WriteErrorAndClose(bhttp::status status, std::string body) {
  if (closed_) return;
  busy_ = true;
  parser_.reset();
  auto res = std::make_shared<bhttp::response<bhttp::string_body>>(status, 11);
  res->set(bhttp::field::server, "keygate");
  res->set(bhttp::field::content_type, "text/plain; charset=utf-8");
  res->keep_alive(false);
  res->body() = std::move(body);
  res->prepare_payload();
  response_ = res;
  Lowest().expires_after(Seconds(state_->options().idle_timeout_seconds));
  WithStream([&](auto& stream) {
    bhttp::async_write(stream, *res, [self = shared_from_this()](ErrorCode ec, size_t) {
      if (ec) return self->Close();
      self->Linger();
    });
  });
}

void Session::OnWritten(bool keep_alive, ErrorCode ec) {
  response_.reset();
  busy_ = false;
  if (ec) return Close();
  if (!keep_alive || stop_requested_) {
    ErrorCode ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    return Close();
  }
  ReadHeader();
}

void Session::Linger() {
  response_.reset();
  ErrorCode ignored;
  Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (stop_requested_) return Close();
  // Discarded unread: with TLS too, the raw bytes are read, not decrypted.
  Lowest().expires_after(kLingerTime);
  Lowest().async_read_some(
      asio::buffer(linger_buf_),
      [self = shared_from_this()](ErrorCode ec, size_t n) { self->OnLingerRead(ec, n); });
}

void Session::OnLingerRead(ErrorCode ec, size_t n) {
  lingered_ += n;
  if (ec || lingered_ >= kLingerBytes || stop_requested_) return Close();
  Lowest().async_read_some(
      asio::buffer(linger_buf_),
      [self = shared_from_this()](ErrorCode ec, size_t n) { self->OnLingerRead(ec, n); });
}

void Session::Close() {
  if (closed_) return;
  closed_ = true;
  ErrorCode ignored;
  Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
  Lowest().close();
}

// The server side of TLS: TLS 1.2 and 1.3 only, the certificate chain and the key that matches it.
StatusOr<std::unique_ptr<ssl::context>> MakeTlsServerContext(const std::string& cert_file,
                                                             const std::string& key_file) {
  if (cert_file.empty() || key_file.empty()) {
    return InvalidRequest("HTTPS needs both a certificate (tls_cert) and its key (tls_key)");
  }
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  ErrorCode ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       ec);
  // The key first: a certificate loaded after a key it does not match leaves no key behind, which
  // the check below names plainly.
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) return InvalidRequest("cannot use the TLS key " + key_file + ": " + ec.message());
  context->use_certificate_chain_file(cert_file, ec);
  if (ec) {
    return InvalidRequest("cannot use the TLS certificate " + cert_file + ": " + ec.message());
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return InvalidRequest("the TLS key " + key_file + " does not match the certificate " +
                          cert_file);
  }
  return context;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, Handler handler)
      : state(std::move(options), std::move(handler)),
        acceptor(asio::make_strand(ioc)),
        accept_timer(acceptor.get_executor()) {}

  void DoAccept();
  void OnAccept(ErrorCode ec, tcp::socket socket);
  void RetryAcceptLater();
  void RunIo();

  // Declaration order is destruction order in reverse: the pool and io_context (which may still
  // hold sessions) go before the state the sessions point to.
  ServerState state;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::steady_timer accept_timer;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::optional<asio::thread_pool> pool;
  std::optional<asio::thread_pool> large_pool;
  std::vector<std::thread> io_threads;
  uint16_t bound_port = 0;
  std::chrono::steady_clock::time_point last_accept_log{};
  std::chrono::steady_clock::time_point last_cap_log{};

  std::mutex mu;
  std::condition_variable cv;
  bool started = false;  // Start() was called
  bool running = false;  // threads were launched; Stop() must join them
  bool stop_begun = false;
  bool stopped = false;
  int io_threads_exited = 0;
};

void Server::Impl::DoAccept() {
  if (state.stopping() || !acceptor.is_open()) return;
  if (state.connections() >= kMaxConnections) return RetryAcceptLater();
  acceptor.async_accept(asio::make_strand(ioc), [this](ErrorCode ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void Server::Impl::OnAccept(ErrorCode ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || state.stopping() || !acceptor.is_open()) return;
  if (ec) {
    // EMFILE and friends: log now and then, and wait instead of retrying in a tight loop.
    auto now = std::chrono::steady_clock::now();
    if (now - last_accept_log > std::chrono::seconds(10)) {
      last_accept_log = now;
      LogLine("accept failed: " + ec.message());
    }
    return RetryAcceptLater();
  }
  ErrorCode peer_ec;
  auto remote = socket.remote_endpoint(peer_ec);
  if (!peer_ec) {
    std::string peer = PeerAddressString(remote.address());
    if (state.AddConnection(peer)) {
      auto session = std::make_shared<Session>(std::move(socket), std::move(peer), &state);
      session->Begin();
    } else {
      // At its cap: closed at once, before a byte is read, so that one address cannot take the
      // connections every other client needs.
      auto now = std::chrono::steady_clock::now();
      if (now - last_cap_log > std::chrono::seconds(10)) {
        last_cap_log = now;
        LogLine("connections from " + peer + " reached max_connections_per_address (" +
                    std::to_string(state.options().max_connections_per_address) +
                    "); further ones are closed at once",
                LogLevel::kWarning);
      }
      ErrorCode ignored;
      socket.close(ignored);
    }
  }
  // Otherwise the peer is already gone; the socket closes as it goes out of scope.
  DoAccept();
}

void Server::Impl::RetryAcceptLater() {
  accept_timer.expires_after(kAcceptBackoff);
  accept_timer.async_wait([this](ErrorCode ec) {
    if (!ec) DoAccept();
  });
}

void Server::Impl::RunIo() {
  for (;;) {
    try {
      ioc.run();
      break;
    } catch (const std::exception& e) {
      LogLine(std::string("event loop error: ") + e.what());
    }
  }
  std::lock_guard lock(mu);
  ++io_threads_exited;
  cv.notify_all();
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() { Stop(); }

Status Server::Start() {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->started || impl_->stop_begun) return InternalError("server already started");
    impl_->started = true;
  }
  const ServerOptions& options = impl_->state.options();
  const std::string where = options.interface + ":" + std::to_string(options.port);
  auto fail = [&](const std::string& reason) {
    ErrorCode ignored;
    impl_->acceptor.close(ignored);
    // A failed start leaves nothing running; Wait() must not block forever on it.
    std::lock_guard lock(impl_->mu);
    impl_->stop_begun = true;
    impl_->stopped = true;
    impl_->cv.notify_all();
    return Unavailable("cannot listen on " + where + ": " + reason);
  };

  if (!options.tls_cert_file.empty() || !options.tls_key_file.empty()) {
    auto context = MakeTlsServerContext(options.tls_cert_file, options.tls_key_file);
    if (!context.ok()) {
      std::lock_guard lock(impl_->mu);
      impl_->stop_begun = true;
      impl_->stopped = true;
      impl_->cv.notify_all();
      return context.status();
    }
    impl_->state.set_tls_context(std::move(*context));
  }

  tcp::endpoint endpoint;
  ErrorCode ec;
  auto address = asio::ip::make_address(options.interface, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    tcp::resolver resolver(impl_->ioc);
    auto results = resolver.resolve(options.interface, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) return fail(ec.message());
    if (results.empty()) return fail("no address for interface");
    // Prefer IPv4 for names such as "localhost" that resolve to both: it is what clients dial.
    endpoint = results.begin()->endpoint();
    for (const auto& r : results) {
      if (r.endpoint().address().is_v4()) {
        endpoint = r.endpoint();
        break;
      }
    }
  }

  auto& acceptor = impl_->acceptor;
  if (acceptor.open(endpoint.protocol(), ec)) return fail(ec.message());
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec)) return fail(ec.message());
  if (endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
    // "::" serves IPv4 clients too, whatever the system default.
    acceptor.set_option(asio::ip::v6_only(false), ec);
  }
  if (acceptor.bind(endpoint, ec)) return fail(ec.message());
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec)) return fail(ec.message());
  impl_->bound_port = acceptor.local_endpoint(ec).port();
  if (ec) return fail(ec.message());

  try {
    std::lock_guard lock(impl_->mu);
    if (impl_->stop_begun) {
      // Stop() ran while binding: honour it rather than start threads nobody will join.
      acceptor.close(ec);
      return Unavailable("cannot listen on " + where + ": server stopped");
    }
    impl_->running = true;
    impl_->pool.emplace(static_cast<size_t>(std::max(1, options.worker_threads)));
    impl_->state.set_pool(&*impl_->pool);
    impl_->large_pool.emplace(static_cast<size_t>(std::max(1, options.large_request_threads)));
    impl_->state.set_large_pool(&*impl_->large_pool);
    impl_->work.emplace(impl_->ioc.get_executor());
    asio::post(acceptor.get_executor(), [impl = impl_.get()] { impl->DoAccept(); });
    const int n = std::max(1, options.io_threads);
    for (int i = 0; i < n; ++i) {
      impl_->io_threads.emplace_back([impl = impl_.get()] { impl->RunIo(); });
    }
  } catch (const std::exception& e) {
    // Out of threads or memory: undo what started.
    Stop();
    return Unavailable("cannot listen on " + where + ": " + e.what());
  }
  return Status::Ok();
}

uint16_t Server::port() const { return impl_->bound_port; }

void Server::Wait() {
  std::unique_lock lock(impl_->mu);
  impl_->cv.wait(lock, [&] { return impl_->stopped; });
}

void Server::Stop() {
  Impl& impl = *impl_;
  {
    std::unique_lock lock(impl.mu);
    if (impl.stop_begun) {
      // A concurrent Stop() returns once the first one has finished.
      impl.cv.wait(lock, [&] { return impl.stopped; });
      return;
    }
    impl.stop_begun = true;
    if (!impl.running) {
      impl.stopped = true;
      impl.cv.notify_all();
      return;
    }
  }

  auto live = impl.state.BeginStop();
  asio::post(impl.acceptor.get_executor(), [&impl] {
    ErrorCode ignored;
    impl.acceptor.close(ignored);
    impl.accept_timer.cancel();
  });
  for (auto& session : live) session->RequestStop();
  live.clear();
  impl.work.reset();

  {
    std::unique_lock lock(impl.mu);
    const int n = static_cast<int>(impl.io_threads.size());
    if (!impl.cv.wait_for(lock, kStopGrace, [&] { return impl.io_threads_exited >= n; })) {
      impl.ioc.stop();
    }
  }
  for (auto& t : impl.io_threads) t.join();
  impl.io_threads.clear();
  // Requests still queued are dropped; a handler already running is allowed to finish.
  for (auto* workers : {&impl.pool, &impl.large_pool}) {
    if (*workers) {
      (*workers)->stop();
      (*workers)->join();
    }
  }

  std::lock_guard lock(impl.mu);
  impl.stopped = true;
  impl.cv.notify_all();
}

}  // namespace keygate::http
