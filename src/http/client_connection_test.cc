// Tests for the HTTP client connection against servers on loopback started here: a plain one
// and a TLS one (a self-signed test certificate for "localhost", made for these tests only),
// with the failures a caller must be able to tell apart.
#include "http/client_connection.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>
#include <fstream>
#include <thread>

namespace keygate::http {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

// A self-signed certificate for DNS:localhost (no IP address), valid until 2126; test use only.
constexpr const char* kTestCertificate = R"(-----BEGIN CERTIFICATE-----
MIIBlDCCATugAwIBAgIUUl0npiJws+Bg3Et5oSbOQ/wK2YUwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNzE2MjIwNloYDzIxMjYxMTEz
MTYyMjA2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAT1NCZk5rPwu9CGM9QEGxIziodOMeRealrqRr2sKjMf/oFH29K35ZcC
vY8cG4ovD+gYT2QWRmkvtiUdIm0KcnjGo2kwZzAdBgNVHQ4EFgQUETyioW93T/Qt
2jAcb+f57AZlN1swHwYDVR0jBBgwFoAUETyioW93T/Qt2jAcb+f57AZlN1swDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglsb2NhbGhvc3QwCgYIKoZIzj0EAwID
RwAwRAIgBv3En/3ml/wiH7S/2F736s+E4YsuDjnqxvIvrysdJPACIFPS+7G6RFpO
rcK34nLLuHcujLiy33GPyyK37Eh3R4Vu
-----END CERTIFICATE-----
)";
constexpr const char* kTestPrivateKey = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtSuhft8Pi6U27BW5
ysCljaocnaYjrX+U4ONZDJ1Yu+uhRANCAAT1NCZk5rPwu9CGM9QEGxIziodOMeRe
alrqRr2sKjMf/oFH29K35ZcCvY8cG4ovD+gYT2QWRmkvtiUdIm0KcnjG
-----END PRIVATE KEY-----
)";

constexpr std::string_view kAnswer =
    "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5\r\nX-Seen: yes\r\n\r\nhello";

// Answers each request of each connection with kAnswer, plain or TLS, until destroyed.
class LoopbackServer {
 public:
  explicit LoopbackServer(bool tls) : tls_(tls) {
    if (tls_) {
      context_.use_certificate_chain(asio::buffer(std::string_view(kTestCertificate)));
      context_.use_private_key(asio::buffer(std::string_view(kTestPrivateKey)), ssl::context::pem);
    }
    acceptor_.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }
  ~LoopbackServer() {
    stopping_ = true;
    boost::system::error_code ignored;
    tcp::socket poke(ioc_);
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ignored);
    thread_.join();
  }
  std::string port() const { return std::to_string(port_); }
  std::string last_request() const { return last_request_; }

 private:
  template <class Stream>
  void Answer(Stream& stream) {
    asio::streambuf buffer;
    boost::system::error_code ec;
    while (!stopping_) {
      const size_t n = asio::read_until(stream, buffer, "\r\n\r\n", ec);
      if (ec) return;
      last_request_ =
          std::string(asio::buffers_begin(buffer.data()), asio::buffers_begin(buffer.data()) + n);
      buffer.consume(n);
      asio::write(stream, asio::buffer(kAnswer), ec);
      if (ec) return;
    }
  }
  void Serve() {
    while (!stopping_) {
      tcp::socket socket(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      if (!tls_) {
        Answer(socket);
        continue;
      }
      ssl::stream<tcp::socket> stream(std::move(socket), context_);
      stream.handshake(ssl::stream_base::server, ec);
      if (!ec) Answer(stream);
    }
  }

  bool tls_;
  asio::io_context ioc_;
  ssl::context context_{ssl::context::tls_server};
  tcp::acceptor acceptor_{ioc_, tcp::v4()};
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::string last_request_;
  std::thread thread_;
};

ClientConnection::Deadline Soon() {
  return std::chrono::steady_clock::now() + std::chrono::seconds(10);
}

std::string CaFile() {
  const std::string path = ::testing::TempDir() + "keygate-client-test-ca.pem";
  std::ofstream(path) << kTestCertificate;
  return path;
}

ClientUrl Url(const std::string& text) { return *ParseClientUrl(text, "test"); }

TEST(ClientConnectionTest, PlainExchangeKeepsTheConnection) {
  LoopbackServer server(false);
  ClientResult failure;
  auto conn =
      ClientConnection::Open(Url("http://127.0.0.1:" + server.port()), nullptr, Soon(), &failure);
  ASSERT_NE(conn, nullptr) << failure.error_text;
  ClientRequest request;
  request.target = "/xmlrpc/2/common";
  request.body = "<x/>";
  for (int i = 0; i < 2; ++i) {  // the second request reuses the connection
    ClientResult r = conn->Exchange(request, 1024, Soon());
    ASSERT_TRUE(r.ok()) << r.error_text;
    EXPECT_EQ(r.response.status, 200);
    EXPECT_EQ(r.response.body, "hello");
    EXPECT_EQ(r.response.Header("x-seen"), "yes");
    EXPECT_TRUE(r.reusable);
  }
  EXPECT_NE(server.last_request().find("Host: 127.0.0.1:" + server.port() + "\r\n"),
            std::string::npos);
  EXPECT_EQ(conn->Exchange(request, 4, Soon()).error, ClientError::kTooLarge);
}

TEST(ClientConnectionTest, ALongBodyIsHandedOverWithItsConnection) {
  LoopbackServer server(false);
  ClientResult failure;
  auto conn =
      ClientConnection::Open(Url("http://127.0.0.1:" + server.port()), nullptr, Soon(), &failure);
  ASSERT_NE(conn, nullptr) << failure.error_text;
  ClientRequest request;
  request.method = "GET";
  request.target = "/web/content/1";
  std::shared_ptr<HandedOverConnection> handed;
  // Not longer than the bound: read as usual.
  ClientResult kept = conn->Exchange(request, 1024, Soon(), 5, &handed);
  ASSERT_TRUE(kept.ok()) << kept.error_text;
  EXPECT_EQ(kept.response.body, "hello");
  EXPECT_FALSE(kept.handed_over_length);
  EXPECT_EQ(handed, nullptr);
  // Longer: the head, and the connection with what was read of the body.
  ClientResult r = conn->Exchange(request, 1024, Soon(), 2, &handed);
  ASSERT_TRUE(r.ok()) << r.error_text;
  EXPECT_EQ(r.response.status, 200);
  EXPECT_EQ(r.response.Header("x-seen"), "yes");
  EXPECT_EQ(r.response.body, "");
  ASSERT_EQ(r.handed_over_length, std::optional<uint64_t>(5));
  ASSERT_NE(handed, nullptr);
  std::string body = handed->early_bytes();
  const int fd = handed->Take();
  ASSERT_GE(fd, 0);
  char buf[16];
  while (body.size() < 5) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    body.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  EXPECT_EQ(body, "hello");
  // The connection was handed over: this end is closed.
  EXPECT_EQ(conn->Exchange(request, 1024, Soon()).error, ClientError::kOther);
}

TEST(ClientConnectionTest, NothingListeningIsRefused) {
  unsigned short port;
  {
    LoopbackServer server(false);
    port = static_cast<unsigned short>(std::stoi(server.port()));
  }
  ClientResult failure;
  auto conn = ClientConnection::Open(Url("http://127.0.0.1:" + std::to_string(port)), nullptr,
                                     Soon(), &failure);
  EXPECT_EQ(conn, nullptr);
  EXPECT_EQ(failure.error, ClientError::kRefused);
}

TEST(ClientConnectionTest, TlsWithTheRightAuthorityAndName) {
  LoopbackServer server(true);
  auto tls = TlsClientContext::Make(CaFile());
  ASSERT_TRUE(tls.ok()) << tls.status().message();
  ClientResult failure;
  auto conn =
      ClientConnection::Open(Url("https://localhost:" + server.port()), *tls, Soon(), &failure);
  ASSERT_NE(conn, nullptr) << failure.error_text;
  ClientRequest request;
  request.target = "/";
  ClientResult r = conn->Exchange(request, 1024, Soon());
  ASSERT_TRUE(r.ok()) << r.error_text;
  EXPECT_EQ(r.response.body, "hello");
}

TEST(ClientConnectionTest, TlsRefusesAnUnknownAuthorityAndAnotherName) {
  LoopbackServer server(true);
  ClientResult failure;
  // The system's authorities do not know the test certificate.
  auto system = TlsClientContext::Make("");
  ASSERT_TRUE(system.ok());
  EXPECT_EQ(
      ClientConnection::Open(Url("https://localhost:" + server.port()), *system, Soon(), &failure),
      nullptr);
  EXPECT_EQ(failure.error, ClientError::kTls);
  EXPECT_NE(failure.error_text.find("certificate verify failed"), std::string::npos)
      << failure.error_text;
  // The right authority, but the certificate does not name 127.0.0.1.
  auto tls = TlsClientContext::Make(CaFile());
  ASSERT_TRUE(tls.ok());
  EXPECT_EQ(
      ClientConnection::Open(Url("https://127.0.0.1:" + server.port()), *tls, Soon(), &failure),
      nullptr);
  EXPECT_EQ(failure.error, ClientError::kTls);
}

TEST(ClientConnectionTest, ACaFileThatIsNotPemIsNamed) {
  const std::string path = ::testing::TempDir() + "keygate-client-test-not-pem.txt";
  std::ofstream(path) << "not a certificate";
  auto tls = TlsClientContext::Make(path);
  ASSERT_FALSE(tls.ok());
  EXPECT_NE(std::string(tls.status().message()).find(path), std::string::npos);
}

TEST(ClientConnectionTest, PlainTalkToATlsServerIsNotHttp) {
  LoopbackServer server(true);
  ClientResult failure;
  auto conn =
      ClientConnection::Open(Url("http://127.0.0.1:" + server.port()), nullptr, Soon(), &failure);
  ASSERT_NE(conn, nullptr);
  ClientRequest request;
  request.target = "/";
  ClientResult r = conn->Exchange(request, 1024, Soon());
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.error == ClientError::kNotHttp || r.error == ClientError::kOther) << r.error_text;
}

}  // namespace
}  // namespace keygate::http
