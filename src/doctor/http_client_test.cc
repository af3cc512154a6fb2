// The doctor's HTTP client against loopback sockets: URLs, a redirect reported (not followed),
// refused connections, timeouts and peers that do not speak HTTP.
#include "doctor/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace keygate::doctor {
namespace {

TEST(ParseUrl, Forms) {
  auto u = ParseUrl("http://127.0.0.1:8069");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "8069");
  EXPECT_EQ(u->base_path, "");
  EXPECT_EQ(u->ToString(), "http://127.0.0.1:8069");

  u = ParseUrl("HTTPS://erp.example.com/odoo/");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->port, "443");
  EXPECT_TRUE(u->default_port);
  EXPECT_EQ(u->base_path, "/odoo");

  u = ParseUrl("http://erp.example.com/xmlrpc/2/common");  // the endpoint pasted: its root
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->base_path, "");

  u = ParseUrl("http://[::1]:8069/");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->ToString(), "http://[::1]:8069");

  EXPECT_FALSE(ParseUrl("erp.example.com").ok());
  EXPECT_FALSE(ParseUrl("ftp://x").ok());
  EXPECT_FALSE(ParseUrl("http://x:99999").ok());
  EXPECT_FALSE(ParseUrl("http://user:pw@x").ok());
}

// A loopback listener on a free port; `serve` runs on the first accepted connection.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(listen(fd_, 4), 0);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Listener() {
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) close(fd_);
  }
  // Answers the first connection with `reply` after reading the request head.
  void AnswerOnce(std::string reply) {
    thread_ = std::thread([this, reply] {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string got;
      char buf[4096];
      while (got.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = read(c, buf, sizeof buf);
        if (n <= 0) break;
        got.append(buf, static_cast<size_t>(n));
      }
      request_ = got;
      (void)!write(c, reply.data(), reply.size());
      close(c);
    });
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  void CloseNow() {
    close(fd_);
    fd_ = -1;
  }
  Url url() const { return *ParseUrl("http://127.0.0.1:" + std::to_string(port_) + "/base"); }
  const std::string& request() const { return request_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string request_;
};

HttpRequest Req() {
  HttpRequest r;
  r.path = "/xmlrpc/2/common";
  r.content_type = "text/xml";
  r.body = "<methodCall/>";
  return r;
}

TEST(HttpClient, RedirectIsReportedNotFollowed) {
  Listener l;
  l.AnswerOnce(
      "HTTP/1.1 302 Found\r\nLocation: https://example.com/web/login\r\nContent-Length: 0\r\n"
      "Connection: close\r\n\r\n");
  auto t = MakeHttpTransport(l.url(), std::chrono::seconds(5));
  HttpExchange e = t->Post(Req());
  ASSERT_TRUE(e.ok()) << e.error_text;
  EXPECT_EQ(e.status, 302);
  EXPECT_EQ(e.location, "https://example.com/web/login");
}

TEST(HttpClient, SendsThePathUnderTheBaseAndReadsTheBody) {
  Listener l;
  l.AnswerOnce("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5\r\n\r\nhello");
  auto t = MakeHttpTransport(l.url(), std::chrono::seconds(5));
  HttpExchange e = t->Post(Req());
  ASSERT_TRUE(e.ok()) << e.error_text;
  EXPECT_EQ(e.body, "hello");
  EXPECT_EQ(e.content_type, "text/xml");
  l.Join();
  EXPECT_EQ(l.request().rfind("POST /base/xmlrpc/2/common HTTP/1.1\r\n", 0), 0u) << l.request();
}

TEST(HttpClient, RefusedWhenNothingListens) {
  Url url;
  {
    Listener l;
    url = l.url();
    l.CloseNow();
  }
  auto t = MakeHttpTransport(url, std::chrono::seconds(5));
  HttpExchange e = t->Post(Req());
  EXPECT_EQ(e.error, TransportError::kRefused) << e.error_text;
}

TEST(HttpClient, TimeoutWhenThePeerNeverAnswers) {
  Listener l;  // the kernel accepts the connection; nobody ever answers
  auto t = MakeHttpTransport(l.url(), std::chrono::milliseconds(300));
  HttpExchange e = t->Post(Req());
  EXPECT_EQ(e.error, TransportError::kTimeout) << e.error_text;
}

TEST(HttpClient, NotHttp) {
  Listener l;
  l.AnswerOnce("SSH-2.0-OpenSSH_9.2\r\n\r\n");
  auto t = MakeHttpTransport(l.url(), std::chrono::seconds(5));
  HttpExchange e = t->Post(Req());
  EXPECT_EQ(e.error, TransportError::kNotHttp) << e.error_text;
}

}  // namespace
}  // namespace keygate::doctor
