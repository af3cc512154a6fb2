// The upstream connection pool on keygate's one HTTP client connection
// (http/client_connection.h): each connection is driven by the thread that holds it, with a
// deadline on every step, and TLS verified for an https:// upstream.
#include "gateway/upstream_client.h"

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace keygate::gateway {

namespace {

using SteadyClock = std::chrono::steady_clock;
using http::ClientConnection;
using http::ClientError;

UpstreamResult Failure(UpstreamError error, std::string text) {
  UpstreamResult r;
  r.error = error;
  r.error_text = std::move(text);
  return r;
}

// Every transport failure is "the upstream is down or overloaded" to the client; the kind only
// chooses the log's word and whether a retry on a fresh connection is safe.
UpstreamError FromClientError(ClientError error, bool connecting) {
  if (error == ClientError::kTimeout) return UpstreamError::kTimeout;
  return connecting ? UpstreamError::kUnreachable : UpstreamError::kBadAnswer;
}

}  // namespace

StatusOr<UpstreamUrl> ParseUpstreamUrl(std::string_view text) {
  constexpr std::string_view kExpected =
      " (expected http(s)://HOST[:PORT][/PATH], e.g. http://127.0.0.1:8070)";
  StatusOr<UpstreamUrl> url = http::ParseClientUrl(text, "option upstream_url");
  if (!url.ok())
    return InvalidRequest(std::string(url.status().message()) + std::string(kExpected));
  if (!url->query.empty() || text.find('#') != std::string_view::npos) {
    return InvalidRequest("option upstream_url: a query or fragment" + std::string(kExpected));
  }
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
  std::shared_ptr<http::TlsClientContext> tls;
  mutable std::mutex mu;
  std::condition_variable freed;
  std::vector<std::unique_ptr<ClientConnection>> idle;
  int open = 0;
  std::atomic<bool> last_up{true};

  // A connection of the pool: an idle one (reused = true) or a slot for a new one (null).
  struct Lease {
    std::unique_ptr<ClientConnection> conn;
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

  void Release(std::unique_ptr<ClientConnection> conn) {
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

  // A new connection (TLS handshaken for https), or the failure.
  std::unique_ptr<ClientConnection> Connect(UpstreamResult* failure) {
    http::ClientResult result;
    auto conn =
        ClientConnection::Open(url, tls, SteadyClock::now() + limits.connect_timeout, &result);
    if (!conn) {
      *failure = Failure(FromClientError(result.error, true),
                         "cannot connect to " + url.ToString() + ": " + result.error_text);
    }
    return conn;
  }

  // One exchange on `conn`. `answered_some` tells whether any byte of an answer arrived (a
  // request that failed before cannot have been acted on, unless the upstream crashed).
  UpstreamResult Exchange(ClientConnection& conn, const UpstreamRequest& request, bool* keep,
                          bool* answered_some) {
    http::ClientRequest req;
    req.method = request.method;
    req.target = url.base_path + request.target;
    req.headers = request.headers;
    req.body = request.body;
    req.body_stream = request.body_stream;
    std::shared_ptr<http::HandedOverConnection> handed;
    http::ClientResult r =
        conn.Exchange(req, limits.max_response_bytes, SteadyClock::now() + limits.answer_timeout,
                      request.hand_over_above, &handed);
    *keep = r.reusable;
    *answered_some = r.answered_some;
    if (!r.ok()) {
      return Failure(FromClientError(r.error, false),
                     "forwarding to " + url.ToString() + ": " + r.error_text);
    }
    UpstreamResult result;
    result.ok = true;
    result.response.status = r.response.status;
    result.response.headers = std::move(r.response.headers);
    result.response.body = std::move(r.response.body);
    if (r.handed_over_length) {
      result.response.body_from = std::move(handed);
      result.response.body_length = *r.handed_over_length;
    }
    return result;
  }

  // One exchange on a new connection of its own, outside the pool (a protocol switch, a streamed
  // upload); `*conn` is that connection afterwards.
  UpstreamResult ExchangeAlone(const UpstreamRequest& request,
                               std::unique_ptr<ClientConnection>* conn) {
    UpstreamResult failure;
    *conn = Connect(&failure);
    if (!*conn) {
      last_up = false;
      return failure;
    }
    bool keep = false;
    bool answered_some = false;
    UpstreamResult result = Exchange(**conn, request, &keep, &answered_some);
    last_up = result.ok;
    return result;
  }
};

UpstreamClient::UpstreamClient(UpstreamUrl url, UpstreamLimits limits,
                               std::shared_ptr<http::TlsClientContext> tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->url = std::move(url);
  impl_->limits = limits;
  impl_->tls = std::move(tls);
}

UpstreamClient::~UpstreamClient() = default;

const UpstreamUrl& UpstreamClient::url() const { return impl_->url; }

bool UpstreamClient::LastSeenUp() const { return impl_->last_up.load(); }

UpstreamClient::Stats UpstreamClient::stats() const {
  std::lock_guard lock(impl_->mu);
  return {impl_->open, static_cast<int>(impl_->idle.size())};
}

UpstreamResult UpstreamClient::Send(const UpstreamRequest& request) {
  if (request.body_stream) {
    std::unique_ptr<ClientConnection> conn;
    return impl_->ExchangeAlone(request, &conn);
  }
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
    if (!keep) lease.conn.reset();  // closes it
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

UpstreamResult UpstreamClient::Upgrade(const UpstreamRequest& request,
                                       std::shared_ptr<http::HandedOverConnection>* upgraded) {
  std::unique_ptr<ClientConnection> conn;
  UpstreamResult result = impl_->ExchangeAlone(request, &conn);
  if (!result.ok || result.response.status != 101) return result;
  std::string early;
  const int fd = conn->ReleaseUpgraded(&early);
  if (fd < 0) {
    return Failure(UpstreamError::kBadAnswer,
                   "cannot join a protocol switch over " + impl_->url.ToString() +
                       ": only an http:// upstream's connection can be handed over");
  }
  *upgraded = std::make_shared<http::HandedOverConnection>(fd, std::move(early));
  return result;
}

Status UpstreamClient::Probe() {
  UpstreamResult failure;
  std::unique_ptr<ClientConnection> conn = impl_->Connect(&failure);
  if (!conn) {
    impl_->last_up = false;
    return Unavailable(failure.error_text);
  }
  conn->Close();
  impl_->last_up = true;
  return Status::Ok();
}

}  // namespace keygate::gateway
