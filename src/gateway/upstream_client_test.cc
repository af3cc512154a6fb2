// The upstream client against a tiny in-process HTTP server: keep-alive reuse, a closed idle
// connection replaced transparently, refused connections and timeouts answered at once.
#include "gateway/upstream_client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace keygate::gateway {
namespace {

TEST(UpstreamUrlTest, ParsesHttpAndHttpsUrls) {
  auto url = ParseUpstreamUrl("http://127.0.0.1:8070/odoo/");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, "8070");
  EXPECT_EQ(url->base_path, "/odoo");
  auto v6 = ParseUpstreamUrl("http://[::1]:8070");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(ParseUpstreamUrl("ftp://x").status().message(),
            "option upstream_url: the scheme must be http or https, got 'ftp' (expected "
            "http(s)://HOST[:PORT][/PATH], e.g. http://127.0.0.1:8070)");
  auto tls = ParseUpstreamUrl("https://erp.example.com");
  ASSERT_TRUE(tls.ok());
  EXPECT_TRUE(tls->tls());
  EXPECT_EQ(tls->port, "443");
  EXPECT_FALSE(ParseUpstreamUrl("http://x:80a").ok());
  EXPECT_EQ(ParseUpstreamUrl("http://x/?db=a").status().message(),
            "option upstream_url: a query or fragment (expected http(s)://HOST[:PORT][/PATH], "
            "e.g. http://127.0.0.1:8070)");
}

// Accepts connections on a free loopback port; answers each request with "ok N" where N counts
// the connections accepted; closes each connection after `per_connection` answers.
class TinyServer {
 public:
  explicit TinyServer(int per_connection, int delay_ms = 0)
      : per_connection_(per_connection), delay_ms_(delay_ms) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Run(); });
  }
  ~TinyServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  void Run() {
    while (!stop_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      ++accepted_;
      for (int n = 0; n < per_connection_; ++n) {
        std::string got;
        char buf[4096];
        while (got.find("\r\n\r\n") == std::string::npos) {
          ssize_t r = ::recv(c, buf, sizeof buf, 0);
          if (r <= 0) break;
          got.append(buf, static_cast<size_t>(r));
        }
        if (got.empty()) break;
        if (delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
        std::string body = "ok " + std::to_string(accepted_.load());
        std::string res =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\n"
            "Set-Cookie: b=2\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body;
        ::send(c, res.data(), res.size(), MSG_NOSIGNAL);
      }
      ::close(c);
    }
  }
  int fd_ = -1;
  int port_ = 0;
  int per_connection_;
  int delay_ms_;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

UpstreamUrl Local(int port) {
  UpstreamUrl url;
  url.host = "127.0.0.1";
  url.port = std::to_string(port);
  return url;
}

UpstreamRequest Get() {
  UpstreamRequest r;
  r.method = "GET";
  r.target = "/web/login";
  return r;
}

TEST(UpstreamClientTest, ReusesAKeepAliveConnectionAndRelaysEveryHeader) {
  TinyServer server(100);
  UpstreamClient client(Local(server.port()), {});
  for (int i = 0; i < 3; ++i) {
    UpstreamResult r = client.Send(Get());
    ASSERT_TRUE(r.ok) << r.error_text;
    EXPECT_EQ(r.response.status, 200);
    EXPECT_EQ(r.response.body, "ok 1");
    int cookies = 0;
    for (const auto& [name, value] : r.response.headers) cookies += name == "Set-Cookie";
    EXPECT_EQ(cookies, 2);
  }
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_EQ(client.stats().open, 1);
}

TEST(UpstreamClientTest, ReplacesAConnectionTheUpstreamClosedWhileIdle) {
  TinyServer server(1);  // closes after each answer, without saying so
  UpstreamClient client(Local(server.port()), {});
  for (int i = 1; i <= 3; ++i) {
    UpstreamResult r = client.Send(Get());
    ASSERT_TRUE(r.ok) << r.error_text;
    EXPECT_EQ(r.response.body, "ok " + std::to_string(i));
  }
}

TEST(UpstreamClientTest, RefusedAndSlowUpstreamsAnswerAtOnce) {
  int port = 0;
  {
    TinyServer gone(1);
    port = gone.port();
  }
  UpstreamClient refused(Local(port), {});
  UpstreamResult r = refused.Send(Get());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, UpstreamError::kUnreachable);
  EXPECT_FALSE(refused.LastSeenUp());
  EXPECT_FALSE(refused.Probe().ok());

  TinyServer slow(1, 1500);
  UpstreamLimits limits;
  limits.answer_timeout = std::chrono::milliseconds(200);
  UpstreamClient client(Local(slow.port()), limits);
  const auto start = std::chrono::steady_clock::now();
  UpstreamResult t = client.Send(Get());
  EXPECT_FALSE(t.ok);
  EXPECT_EQ(t.error, UpstreamError::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(UpstreamClientTest, AFullPoolMakesTheNextRequestWaitABoundedTime) {
  TinyServer slow(100, 600);
  UpstreamLimits limits;
  limits.max_connections = 1;
  limits.pool_wait = std::chrono::milliseconds(100);
  UpstreamClient client(Local(slow.port()), limits);
  std::thread first([&] { EXPECT_TRUE(client.Send(Get()).ok); });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  UpstreamResult second = client.Send(Get());
  EXPECT_FALSE(second.ok);
  EXPECT_EQ(second.error, UpstreamError::kPoolBusy);
  first.join();
}

}  // namespace
}  // namespace keygate::gateway
