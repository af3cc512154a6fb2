// The upstream connection pool on Boost.Beast: each connection has its own io_context, run by
// the thread that holds the connection, so a synchronous call gets Beast's per-operation
// deadlines (tcp_stream expiry) without a thread of its own.
#include "gateway/upstream_client.h"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <exception>
#include <mutex>

namespace keygate::gateway {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr uint32_t kMaxResponseHeaderBytes = 64 * 1024;

bool Digits(std::string_view s) {
  if (s.empty() || s.size() > 5) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

struct Connection {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
};

// Runs the connection's io_context until the one pending operation has completed (the stream's
// expiry bounds it).
void RunPending(Connection& conn) {
  conn.ioc.restart();
  conn.ioc.run();
}

UpstreamResult Failure(UpstreamError error, std::string text) {
  UpstreamResult r;
  r.error = error;
  r.error_text = std::move(text);
  return r;
}

bool IsTimeout(const beast::error_code& ec) {
  return ec == beast::error::timeout || ec == asio::error::timed_out;
}

}  // namespace

std::string UpstreamUrl::ToString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + port + base_path;
}

StatusOr<UpstreamUrl> ParseUpstreamUrl(std::string_view text) {
  constexpr std::string_view kScheme = "http://";
  auto bad = [&](const std::string& why) {
    return InvalidRequest("option upstream_url: " + why +
                          " (expected http://HOST[:PORT][/PATH], e.g. http://127.0.0.1:8070)");
  };
  if (text.rfind("https://", 0) == 0) return bad("https upstreams are not supported yet");
  if (text.rfind(kScheme, 0) != 0) return bad("not an http:// URL");
  std::string_view rest = text.substr(kScheme.size());
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  UpstreamUrl url;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':' || !Digits(after.substr(1))) return bad("bad port");
      url.port = std::string(after.substr(1));
    }
  } else {
    const size_t colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      if (!Digits(authority.substr(colon + 1))) return bad("bad port");
      url.port = std::string(authority.substr(colon + 1));
    }
  }
  if (url.host.empty()) return bad("no host");
  if (path.find_first_of("?#") != std::string_view::npos) return bad("a query or fragment");
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  url.base_path = std::string(path);
  return url;
}

const char* UpstreamErrorName(UpstreamError error) {
  switch (error) {
    case UpstreamError::kUnreachable:
      return "unreachable";
    case UpstreamError::kTimeout:
      return "timeout";
    case UpstreamError::kPoolBusy:
      return "pool_busy";
    case UpstreamError::kBadAnswer:
      return "bad_answer";
  }
  return "unreachable";
}

struct UpstreamClient::Impl {
  UpstreamUrl url;
  UpstreamLimits limits;
  mutable std::mutex mu;
  std::condition_variable freed;
  std::vector<std::unique_ptr<Connection>> idle;
  int open = 0;
  std::atomic<bool> last_up{true};

  // A connection of the pool: an idle one (reused = true) or a slot for a new one (null).
  struct Lease {
    std::unique_ptr<Connection> conn;
    bool reused = false;
    bool granted = false;
  };

  Lease Acquire() {
    std::unique_lock lock(mu);
    const auto deadline = SteadyClock::now() + limits.pool_wait;
    if (!freed.wait_until(lock, deadline,
                          [&] { return !idle.empty() || open < limits.max_connections; })) {
      return {};
    }
    Lease lease;
    lease.granted = true;
    if (!idle.empty()) {
      lease.conn = std::move(idle.back());
      idle.pop_back();
      lease.reused = true;
    } else {
      ++open;
    }
    return lease;
  }

  void Release(std::unique_ptr<Connection> conn) {
    {
      std::lock_guard lock(mu);
      if (conn) {
        idle.push_back(std::move(conn));
      } else {
        --open;
      }
    }
    freed.notify_one();
  }

  // A new connected stream, or the failure.
  std::unique_ptr<Connection> Connect(UpstreamResult* failure) {
    auto conn = std::make_unique<Connection>();
    beast::error_code ec;
    tcp::resolver resolver(conn->ioc);
    auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec) {
      *failure =
          Failure(UpstreamError::kUnreachable, "cannot resolve " + url.host + ": " + ec.message());
      return nullptr;
    }
    conn->stream.expires_after(limits.connect_timeout);
    conn->stream.async_connect(endpoints,
                               [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    RunPending(*conn);
    if (ec) {
      *failure = Failure(IsTimeout(ec) ? UpstreamError::kTimeout : UpstreamError::kUnreachable,
                         "cannot connect to " + url.ToString() + ": " + ec.message());
      return nullptr;
    }
    conn->stream.socket().set_option(tcp::no_delay(true), ec);
    return conn;
  }

  // One exchange on `conn`. `answered_some` tells whether any byte of an answer arrived (a
  // request that failed before cannot have been acted on, unless the upstream crashed).
  UpstreamResult Exchange(Connection& conn, const UpstreamRequest& request, bool* keep,
                          bool* answered_some) {
    *keep = false;
    *answered_some = false;
    bhttp::request<bhttp::string_body> req;
    try {
      req.method_string(request.method);
      req.target(url.base_path + request.target);
      req.version(11);
      bool has_host = false;
      for (const auto& [name, value] : request.headers) {
        if (beast::iequals(name, "host")) has_host = true;
        req.insert(name, value);
      }
      if (!has_host) req.set(bhttp::field::host, url.host + ":" + url.port);
      req.body() = request.body;
      req.keep_alive(true);
      // No body and no Content-Length for a bodiless GET or HEAD, as clients send them.
      if (!request.body.empty() || (request.method != "GET" && request.method != "HEAD")) {
        req.prepare_payload();
      }
    } catch (const std::exception& e) {
      return Failure(UpstreamError::kBadAnswer,
                     std::string("cannot forward the request: ") + e.what());
    }
    beast::error_code ec;
    conn.stream.expires_after(limits.answer_timeout);
    bhttp::async_write(conn.stream, req, [&](beast::error_code e, size_t) { ec = e; });
    RunPending(conn);
    if (ec) {
      return Failure(IsTimeout(ec) ? UpstreamError::kTimeout : UpstreamError::kBadAnswer,
                     "sending to " + url.ToString() + ": " + ec.message());
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(kMaxResponseHeaderBytes);
    parser.body_limit(limits.max_response_bytes);
    if (request.method == "HEAD") parser.skip(true);
    conn.buffer.clear();
    bhttp::async_read(conn.stream, conn.buffer, parser,
                      [&](beast::error_code e, size_t) { ec = e; });
    RunPending(conn);
    *answered_some = parser.got_some();
    if (ec) {
      return Failure(IsTimeout(ec) ? UpstreamError::kTimeout : UpstreamError::kBadAnswer,
                     "reading the answer of " + url.ToString() + ": " + ec.message());
    }
    UpstreamResult result;
    result.ok = true;
    auto message = parser.release();
    result.response.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      result.response.headers.emplace_back(std::string(field.name_string()),
                                           std::string(field.value()));
    }
    result.response.body = std::move(message.body());
    *keep = message.keep_alive() && conn.buffer.size() == 0;
    return result;
  }
};

UpstreamClient::UpstreamClient(UpstreamUrl url, UpstreamLimits limits)
    : impl_(std::make_unique<Impl>()) {
  impl_->url = std::move(url);
  impl_->limits = limits;
}

UpstreamClient::~UpstreamClient() = default;

const UpstreamUrl& UpstreamClient::url() const { return impl_->url; }

bool UpstreamClient::LastSeenUp() const { return impl_->last_up.load(); }

UpstreamClient::Stats UpstreamClient::stats() const {
  std::lock_guard lock(impl_->mu);
  return {impl_->open, static_cast<int>(impl_->idle.size())};
}

UpstreamResult UpstreamClient::Send(const UpstreamRequest& request) {
  // Two tries at most: the second only when a reused connection failed before any answer (the
  // upstream closed it while it sat idle).
  for (int attempt = 0; attempt < 2; ++attempt) {
    Impl::Lease lease = impl_->Acquire();
    if (!lease.granted) {
      return Failure(UpstreamError::kPoolBusy,
                     "no free connection to " + impl_->url.ToString() + " within " +
                         std::to_string(impl_->limits.pool_wait.count()) + " ms");
    }
    if (!lease.conn) {
      UpstreamResult failure;
      lease.conn = impl_->Connect(&failure);
      if (!lease.conn) {
        impl_->Release(nullptr);
        impl_->last_up = false;
        return failure;
      }
    }
    bool keep = false;
    bool answered_some = false;
    UpstreamResult result = impl_->Exchange(*lease.conn, request, &keep, &answered_some);
    if (!keep) {
      beast::error_code ignored;
      lease.conn->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      lease.conn->stream.close();
      lease.conn.reset();
    }
    impl_->Release(std::move(lease.conn));
    if (result.ok) {
      impl_->last_up = true;
      return result;
    }
    if (!(lease.reused && !answered_some && result.error == UpstreamError::kBadAnswer)) {
      impl_->last_up = false;
      return result;
    }
  }
  return Failure(UpstreamError::kBadAnswer, "the upstream closed two connections in a row");
}

Status UpstreamClient::Probe() {
  UpstreamResult failure;
  std::unique_ptr<Connection> conn = impl_->Connect(&failure);
  if (!conn) {
    impl_->last_up = false;
    return Unavailable(failure.error_text);
  }
  conn->stream.close();
  impl_->last_up = true;
  return Status::Ok();
}

}  // namespace keygate::gateway
