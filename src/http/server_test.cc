// Tests for the HTTP server over loopback sockets with a plain blocking client: request mapping,
// keep-alive and pipelining, size limits, malformed input, timeouts, handler isolation from the
// event loop, and stopping.
#include "http/server.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "common/low_priority.h"

namespace keygate::http {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Echoes everything the handler saw, one "key=value" per line, so tests can check the mapping.
HttpResponse Echo(const HttpRequest& req) {
  HttpResponse res;
  res.body = "method=" + req.method + "\npath=" + req.path + "\nquery=" + req.query +
             "\npeer=" + req.peer_address + "\nbody=" + req.body + "\n";
  for (const auto& [name, value] : req.headers) res.body += "h:" + name + "=" + value + "\n";
  res.headers.emplace_back("X-Echo", "yes");
  return res;
}

// A blocking client socket with a receive timeout, so a server bug fails a test instead of
// hanging it.
class Client {
 public:
  explicit Client(uint16_t port, const char* host = "127.0.0.1") : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address(host), port));
    timeval tv{5, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

  void Send(const std::string& raw) { asio::write(socket_, asio::buffer(raw)); }

  // Reads one response; error_code is set when the connection ended or the read failed.
  bhttp::response<bhttp::string_body> Read(boost::system::error_code& ec, bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    parser.body_limit(64 * 1024 * 1024);
    bhttp::read(socket_, buffer_, parser, ec);
    return parser.release();
  }

  bhttp::response<bhttp::string_body> Read(bool head = false) {
    boost::system::error_code ec;
    auto res = Read(ec, head);
    EXPECT_FALSE(ec) << ec.message();
    return res;
  }

  // Everything the server sends until it closes the connection.
  std::string ReadToEof() {
    std::string out(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.consume(buffer_.size());
    char buf[4096];
    for (;;) {
      boost::system::error_code ec;
      size_t n = socket_.read_some(asio::buffer(buf), ec);
      out.append(buf, n);
      if (ec) {
        last_error_ = ec;
        break;
      }
    }
    return out;
  }

  // The next n bytes, what an earlier read left in the buffer first; fewer when the connection
  // ends.
  std::string ReadExactly(size_t n) {
    std::string out(static_cast<const char*>(buffer_.data().data()), std::min(n, buffer_.size()));
    buffer_.consume(out.size());
    while (out.size() < n) {
      char buf[4096];
      boost::system::error_code ec;
      size_t got = socket_.read_some(asio::buffer(buf, std::min(sizeof buf, n - out.size())), ec);
      out.append(buf, got);
      if (ec) break;
    }
    return out;
  }

  // True when the server closed the connection (orderly or by reset) rather than the read timing
  // out.
  bool ClosedByServer() {
    ReadToEof();
    return last_error_ == asio::error::eof || last_error_ == asio::error::connection_reset;
  }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  boost::system::error_code last_error_;
};

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(Handler handler = Echo, ServerOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<Server>(options, std::move(handler));
    Status st = server_->Start();
    ASSERT_TRUE(st.ok()) << st.message();
    ASSERT_NE(server_->port(), 0);
  }
  uint16_t port() const { return server_->port(); }

  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, GetMapsMethodPathQueryHeadersAndPeer) {
  StartServer();
  Client c(port());
  c.Send("GET /web/session?db=x&a=1 HTTP/1.1\r\nHost: localhost\r\nX-Custom-Thing: Abc\r\n\r\n");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[bhttp::field::server], "keygate");
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain; charset=utf-8");
  EXPECT_EQ(res["X-Echo"], "yes");
  EXPECT_EQ(res[bhttp::field::content_length], std::to_string(res.body().size()));
  const std::string& body = res.body();
  EXPECT_NE(body.find("method=GET\n"), std::string::npos) << body;
  EXPECT_NE(body.find("path=/web/session\n"), std::string::npos) << body;
  EXPECT_NE(body.find("query=db=x&a=1\n"), std::string::npos) << body;
  EXPECT_NE(body.find("peer=127.0.0.1\n"), std::string::npos) << body;
  EXPECT_NE(body.find("h:x-custom-thing=Abc\n"), std::string::npos) << body;
  EXPECT_NE(body.find("h:host=localhost\n"), std::string::npos) << body;
  EXPECT_TRUE(res.keep_alive());
}

TEST_F(ServerTest, PostDeliversBody) {
  StartServer();
  Client c(port());
  c.Send(
      "POST /xmlrpc/2/common HTTP/1.1\r\nHost: h\r\nContent-Type: text/xml\r\n"
      "Content-Length: 11\r\n\r\nhello world");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_NE(res.body().find("method=POST\n"), std::string::npos);
  EXPECT_NE(res.body().find("path=/xmlrpc/2/common\n"), std::string::npos);
  EXPECT_NE(res.body().find("query=\n"), std::string::npos);
  EXPECT_NE(res.body().find("body=hello world\n"), std::string::npos);
  EXPECT_NE(res.body().find("h:content-type=text/xml\n"), std::string::npos);
}

TEST_F(ServerTest, ChunkedBodyIsAssembled) {
  StartServer();
  Client c(port());
  c.Send(
      "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_NE(res.body().find("body=hello world\n"), std::string::npos) << res.body();
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  StartServer();
  Client c(port());
  c.Send("POST /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  auto interim = c.Read();
  EXPECT_EQ(interim.result_int(), 100u);
  c.Send("abc");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_NE(res.body().find("body=abc\n"), std::string::npos);
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  std::atomic<int> calls{0};
  StartServer([&](const HttpRequest& req) {
    ++calls;
    return Echo(req);
  });
  Client c(port());
  c.Send("GET /one HTTP/1.1\r\nHost: h\r\n\r\n");
  auto first = c.Read();
  EXPECT_EQ(first.result_int(), 200u);
  EXPECT_TRUE(first.keep_alive());
  EXPECT_NE(first.body().find("path=/one\n"), std::string::npos);
  c.Send("POST /two HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi");
  auto second = c.Read();
  EXPECT_EQ(second.result_int(), 200u);
  EXPECT_NE(second.body().find("path=/two\n"), std::string::npos);
  EXPECT_NE(second.body().find("body=hi\n"), std::string::npos);
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(ServerTest, PipelinedRequestsAnsweredInOrder) {
  StartServer([](const HttpRequest& req) {
    // The first request is the slow one, so out-of-order handling would show.
    if (req.path == "/a") std::this_thread::sleep_for(milliseconds(100));
    return Echo(req);
  });
  Client c(port());
  c.Send(
      "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
      "GET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  EXPECT_NE(c.Read().body().find("path=/a\n"), std::string::npos);
  EXPECT_NE(c.Read().body().find("path=/b\n"), std::string::npos);
  auto last = c.Read();
  EXPECT_NE(last.body().find("path=/c\n"), std::string::npos);
  EXPECT_FALSE(last.keep_alive());
  EXPECT_TRUE(c.ClosedByServer());
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  StartServer();
  Client c(port());
  c.Send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[bhttp::field::connection], "close");
  EXPECT_TRUE(c.ClosedByServer());
}

TEST_F(ServerTest, Http10ClosesAfterResponse) {
  StartServer();
  Client c(port());
  c.Send("GET /old HTTP/1.0\r\n\r\n");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.version(), 10u);
  EXPECT_NE(res.body().find("path=/old\n"), std::string::npos);
  EXPECT_TRUE(c.ClosedByServer());
}

TEST_F(ServerTest, Http10KeepAliveIsHonoured) {
  StartServer();
  Client c(port());
  c.Send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto first = c.Read();
  EXPECT_TRUE(first.keep_alive());
  c.Send("GET /b HTTP/1.0\r\n\r\n");
  EXPECT_NE(c.Read().body().find("path=/b\n"), std::string::npos);
  EXPECT_TRUE(c.ClosedByServer());
}

TEST_F(ServerTest, HeadHasContentLengthButNoBody) {
  StartServer([](const HttpRequest&) {
    HttpResponse res;
    res.body = "0123456789";
    return res;
  });
  Client c(port());
  c.Send("HEAD /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  std::string raw = c.ReadToEof();
  size_t end = raw.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << raw;
  EXPECT_EQ(raw.substr(end + 4), "");
  EXPECT_NE(raw.find("Content-Length: 10\r\n"), std::string::npos) << raw;
}

TEST_F(ServerTest, BodyOverLimitGets413AndServerKeepsServing) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(Echo, options);
  {
    Client c(port());
    c.Send("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 4096\r\n\r\n" +
           std::string(4096, 'x'));
    auto res = c.Read();
    EXPECT_EQ(res.result_int(), 413u);
    EXPECT_EQ(res.body(), "Request body too large");
    EXPECT_FALSE(res.keep_alive());
    EXPECT_TRUE(c.ClosedByServer());
  }
  {
    // Chunked bodies carry no length up front; the limit applies while reading.
    Client c(port());
    std::string chunk(800, 'y');
    c.Send("POST /big HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk +
           "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n");
    auto res = c.Read();
    EXPECT_EQ(res.result_int(), 413u);
    EXPECT_TRUE(c.ClosedByServer());
  }
  Client c(port());
  c.Send("POST /small HTTP/1.1\r\nHost: h\r\nContent-Length: 1024\r\n\r\n" +
         std::string(1024, 'z'));
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_NE(res.body().find("path=/small\n"), std::string::npos);
}

TEST_F(ServerTest, RefusalsAreAnsweredAfterTheDelayWithoutHoldingTheServer) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  options.refusal_delay = std::chrono::milliseconds(600);
  StartServer(Echo, options);
  const auto started = std::chrono::steady_clock::now();
  Client refused(port());
  refused.Send("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 4096\r\n\r\n");
  // Meanwhile another client is served at once.
  Client other(port());
  other.Send("GET /meanwhile HTTP/1.1\r\nHost: h\r\n\r\n");
  auto ok = other.Read();
  EXPECT_EQ(ok.result_int(), 200u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(500));
  auto res = refused.Read();
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(600));
  EXPECT_TRUE(refused.ClosedByServer());
}

TEST_F(ServerTest, AnswersTheHandlerMarksAsRefusalsWaitForTheDelay) {
  ServerOptions options;
  options.refusal_delay = std::chrono::milliseconds(600);
  StartServer(
      [](const HttpRequest& req) {
        HttpResponse res = Echo(req);
        res.refusal = req.path == "/refuse";
        return res;
      },
      options);
  auto timed = [&](const std::string& path) {
    const auto started = std::chrono::steady_clock::now();
    Client c(port());
    c.Send("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n");
    EXPECT_EQ(c.Read().result_int(), 200u);
    return std::chrono::steady_clock::now() - started;
  };
  EXPECT_GE(timed("/refuse"), std::chrono::milliseconds(600));
  EXPECT_LT(timed("/other"), std::chrono::milliseconds(500));
}

TEST_F(ServerTest, LargeBodiesRunOnLowerPriorityWorkers) {
  // A handler reporting the nice value of the thread it runs on.
  ServerOptions options;
  options.large_body_bytes = 2048;
  StartServer(
      [](const HttpRequest&) {
        HttpResponse res;
        res.body = std::to_string(ThisThreadsNice());
        return res;
      },
      options);
  const int base = ThisThreadsNice();
  auto nice_for = [&](size_t body) {
    Client c(port());
    c.Send("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: " + std::to_string(body) + "\r\n\r\n" +
           std::string(body, 'b'));
    auto res = c.Read();
    EXPECT_EQ(res.result_int(), 200u);
    return res.body();
  };
  const std::string ordinary = std::to_string(base);
  EXPECT_EQ(nice_for(2047), ordinary);  // small: an ordinary worker
  EXPECT_EQ(nice_for(2048), std::to_string(std::min(19, base + kLowPriorityNiceIncrement)));
  EXPECT_EQ(nice_for(10), ordinary);  // the ordinary workers were never lowered
}

TEST_F(ServerTest, HugeHeaderGets431) {
  StartServer();
  Client c(port());
  c.Send("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(70 * 1024, 'a') + "\r\n\r\n");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 431u);
  EXPECT_TRUE(c.ClosedByServer());
}

TEST_F(ServerTest, GarbageGets400AndClose) {
  std::atomic<int> calls{0};
  StartServer([&](const HttpRequest& req) {
    ++calls;
    return Echo(req);
  });
  Client c(port());
  c.Send("THIS IS NOT HTTP\r\n\r\n");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_TRUE(c.ClosedByServer());
  EXPECT_EQ(calls.load(), 0);

  Client c2(port());
  c2.Send("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: banana\r\n\r\n");
  EXPECT_EQ(c2.Read().result_int(), 400u);
}

TEST_F(ServerTest, HandlerExceptionBecomes500) {
  StartServer([](const HttpRequest& req) -> HttpResponse {
    if (req.path == "/boom") throw std::runtime_error("boom");
    return Echo(req);
  });
  Client c(port());
  c.Send("GET /boom HTTP/1.1\r\nHost: h\r\n\r\n");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(res.body(), "Internal Server Error");
  // The connection survives: the failure was the handler's, not the protocol's.
  c.Send("GET /fine HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(c.Read().result_int(), 200u);
}

TEST_F(ServerTest, HeadersWithLineBreaksAreDropped) {
  StartServer([](const HttpRequest&) {
    HttpResponse res;
    res.headers.emplace_back("X-Bad", "a\r\nInjected: 1");
    res.headers.emplace_back("X-Good", "ok");
    return res;
  });
  Client c(port());
  c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  auto res = c.Read();
  EXPECT_EQ(res["X-Good"], "ok");
  EXPECT_EQ(res.count("X-Bad"), 0u);
  EXPECT_EQ(res.count("Injected"), 0u);
}

TEST_F(ServerTest, SlowHandlerDoesNotDelayOtherConnections) {
  std::promise<void> slow_started;
  ServerOptions options;
  options.io_threads = 1;
  options.worker_threads = 4;
  StartServer(
      [&](const HttpRequest& req) {
        if (req.path == "/slow") {
          slow_started.set_value();
          std::this_thread::sleep_for(milliseconds(300));
        }
        return Echo(req);
      },
      options);

  Clock::time_point slow_done;
  std::thread slow([&] {
    Client c(port());
    c.Send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
    EXPECT_EQ(c.Read().result_int(), 200u);
    slow_done = Clock::now();
  });
  ASSERT_EQ(slow_started.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);

  auto quick_start = Clock::now();
  Client c(port());
  c.Send("GET /quick HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(c.Read().result_int(), 200u);
  auto quick_done = Clock::now();
  slow.join();

  EXPECT_LT(quick_done - quick_start, milliseconds(150));
  EXPECT_LT(quick_done, slow_done);
}

TEST_F(ServerTest, IdleConnectionTimesOut) {
  ServerOptions options;
  options.header_timeout_seconds = 1;
  StartServer(Echo, options);
  Client c(port());
  // Half a request line, then nothing: a slow-loris client.
  c.Send("GET /slo");
  auto start = Clock::now();
  EXPECT_TRUE(c.ClosedByServer());
  EXPECT_LT(Clock::now() - start, milliseconds(3000));
}

TEST_F(ServerTest, StopWithOpenConnectionReturnsPromptly) {
  StartServer();
  Client c(port());
  c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(c.Read().result_int(), 200u);
  // The connection is now idle in keep-alive, waiting for a next request.
  auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  EXPECT_TRUE(c.ClosedByServer());
  server_->Stop();  // idempotent
}

TEST_F(ServerTest, StopLetsInFlightRequestFinish) {
  std::promise<void> started;
  StartServer([&](const HttpRequest& req) {
    started.set_value();
    std::this_thread::sleep_for(milliseconds(200));
    return Echo(req);
  });
  Client c(port());
  c.Send("GET /inflight HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_EQ(started.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  server_->Stop();
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_FALSE(res.keep_alive());
}

TEST_F(ServerTest, WaitReturnsAfterStopFromAnotherThread) {
  StartServer();
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(50));
    server_->Stop();
  });
  server_->Wait();
  stopper.join();
}

TEST_F(ServerTest, DestructorStopsWithOpenConnection) {
  StartServer();
  Client c(port());
  c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(c.Read().result_int(), 200u);
  auto start = Clock::now();
  server_.reset();
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  EXPECT_TRUE(c.ClosedByServer());
}

TEST_F(ServerTest, PortInUseIsUnavailable) {
  StartServer();
  ServerOptions options;
  options.port = port();
  Server second(options, Echo);
  Status st = second.Start();
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_EQ(st.message().rfind("cannot listen on 127.0.0.1:" + std::to_string(port()) + ": ", 0),
            0u)
      << st.message();
  second.Wait();  // a failed start must not leave Wait() blocking
}

TEST_F(ServerTest, UnknownInterfaceIsUnavailable) {
  ServerOptions options;
  options.interface = "no-such-host.invalid";
  options.port = 0;
  Server server(options, Echo);
  Status st = server.Start();
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_EQ(st.message().rfind("cannot listen on no-such-host.invalid:0: ", 0), 0u) << st.message();
}

TEST_F(ServerTest, LocalhostInterfaceResolves) {
  ServerOptions options;
  options.interface = "localhost";
  StartServer(Echo, options);
  Client c(port());
  c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(c.Read().result_int(), 200u);
}

TEST_F(ServerTest, DualStackReportsIpv4PeersWithoutMapping) {
  ServerOptions options;
  options.interface = "::";
  StartServer(Echo, options);
  {
    Client c(port(), "127.0.0.1");
    c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    auto res = c.Read();
    EXPECT_NE(res.body().find("peer=127.0.0.1\n"), std::string::npos) << res.body();
  }
  Client c(port(), "::1");
  c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  auto res = c.Read();
  EXPECT_NE(res.body().find("peer=::1\n"), std::string::npos) << res.body();
}

}  // namespace
}  // namespace keygate::http

namespace keygate::http {
namespace {

// The other server of a tunnel: accepts one connection, writes `greeting`, then answers every
// read with "echo:" and what it read, until the connection ends; `closed` is set then.
class EchoBackend {
 public:
  explicit EchoBackend(std::string greeting = "")
      : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this, greeting = std::move(greeting)] {
      boost::system::error_code ec;
      tcp::socket peer(ioc_);
      acceptor_.accept(peer, ec);
      if (ec) return;
      if (!greeting.empty()) asio::write(peer, asio::buffer(greeting), ec);
      char buf[4096];
      for (;;) {
        size_t n = peer.read_some(asio::buffer(buf), ec);
        if (ec) break;
        asio::write(peer, asio::buffer("echo:" + std::string(buf, n)), ec);
        if (ec) break;
      }
      closed = true;
    });
  }
  ~EchoBackend() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  // A blocking connection to the backend, as a handler would make it: its file descriptor.
  int Connect() const {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port()));
    return s.release();
  }

  std::atomic<bool> closed{false};

 private:
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

Handler SwitchTo(const EchoBackend& backend, std::string early = "") {
  return [&backend, early = std::move(early)](const HttpRequest&) {
    HttpResponse res;
    res.status = 101;
    res.headers.emplace_back("Upgrade", "echo");
    res.headers.emplace_back("Connection", "Upgrade");
    res.upgrade = std::make_shared<HandedOverConnection>(backend.Connect(), early);
    return res;
  };
}

constexpr const char* kSwitch =
    "GET /tunnel HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n";

TEST_F(ServerTest, TunnelRelaysBothWaysEarlyBytesFirst) {
  EchoBackend backend("hello");
  StartServer(SwitchTo(backend, "early;"));
  Client c(port());
  c.Send(kSwitch);
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 101u);
  EXPECT_EQ(res[bhttp::field::upgrade], "echo");
  EXPECT_EQ(res[bhttp::field::connection], "Upgrade");
  EXPECT_EQ(c.ReadExactly(11), "early;hello");
  c.Send("ping");
  EXPECT_EQ(c.ReadExactly(9), "echo:ping");
  c.Send(std::string(100000, 'x'));
  EXPECT_EQ(c.ReadExactly(5), "echo:");
}

TEST_F(ServerTest, TunnelEndsWithEitherSide) {
  EchoBackend backend;
  StartServer(SwitchTo(backend));
  {
    Client c(port());
    c.Send(kSwitch);
    EXPECT_EQ(c.Read().result_int(), 101u);
    c.Send("a");
    EXPECT_EQ(c.ReadExactly(6), "echo:a");
  }
  // The client went away: the backend's connection is closed too.
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!backend.closed && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(10));
  EXPECT_TRUE(backend.closed);
}

TEST_F(ServerTest, TunnelsAreCappedAndCloseWhenIdle) {
  EchoBackend first;
  EchoBackend second;
  EchoBackend third;
  std::atomic<int> calls{0};
  ServerOptions options;
  options.max_tunnels = 1;
  options.tunnel_idle_timeout_seconds = 1;
  StartServer(
      [&](const HttpRequest& req) {
        const int call = calls++;
        return SwitchTo(call == 0 ? first : call == 1 ? second : third)(req);
      },
      options);
  Client c(port());
  c.Send(kSwitch);
  EXPECT_EQ(c.Read().result_int(), 101u);
  Client refused(port());
  refused.Send(kSwitch);
  EXPECT_EQ(refused.Read().result_int(), 503u);
  // The refused switch's connection to its backend is closed at once.
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!second.closed && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(10));
  EXPECT_TRUE(second.closed);
  // Nothing crosses for a second: the tunnel ends, and its place is free again.
  const auto start = Clock::now();
  EXPECT_TRUE(c.ClosedByServer());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
  const auto later = Clock::now() + std::chrono::seconds(5);
  while (!first.closed && Clock::now() < later) std::this_thread::sleep_for(milliseconds(10));
  EXPECT_TRUE(first.closed);
  Client again(port());
  again.Send(kSwitch);
  EXPECT_EQ(again.Read().result_int(), 101u);
}

// The other server of a relayed body: accepts one connection and writes `pieces` to it, one
// every `pause`, then keeps it open (or closes it when `close_after`).
class PiecesBackend {
 public:
  PiecesBackend(std::vector<std::string> pieces, milliseconds pause, bool close_after)
      : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this, pieces = std::move(pieces), pause, close_after] {
      boost::system::error_code ec;
      tcp::socket peer(ioc_);
      acceptor_.accept(peer, ec);
      if (ec) return;
      for (const std::string& piece : pieces) {
        asio::write(peer, asio::buffer(piece), ec);
        if (ec) return;
        std::this_thread::sleep_for(pause);
      }
      if (close_after) return;
      char buf[16];
      peer.read_some(asio::buffer(buf), ec);  // until keygate closes it
      released = true;
    });
  }
  ~PiecesBackend() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    thread_.join();
  }
  int Connect() const {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), acceptor_.local_endpoint().port()));
    return s.release();
  }
  std::atomic<bool> released{false};

 private:
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

Handler RelayFrom(const PiecesBackend& backend, uint64_t length, std::string early) {
  return [&backend, length, early = std::move(early)](const HttpRequest& req) {
    HttpResponse res;
    if (req.path == "/small") {
      res.body = "small";
      return res;
    }
    res.content_type = "application/zip";
    res.body_from = std::make_shared<HandedOverConnection>(backend.Connect(), early);
    res.body_length = length;
    return res;
  };
}

TEST_F(ServerTest, ARelayedBodyArrivesWholeAndTheConnectionLivesOn) {
  const std::string big(300000, 'b');
  PiecesBackend backend({big.substr(0, 100000), big.substr(100000)}, milliseconds(50), false);
  StartServer(RelayFrom(backend, 300000 + 6, "early:"));
  Client c(port());
  c.Send("GET /backup HTTP/1.1\r\nHost: x\r\n\r\n");
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[bhttp::field::content_type], "application/zip");
  EXPECT_EQ(res[bhttp::field::content_length], "300006");
  EXPECT_EQ(res.body(), "early:" + big);
  // The body is done: the other server's connection is closed, the client's serves on.
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!backend.released && Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_TRUE(backend.released);
  c.Send("GET /small HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().body(), "small");
}

TEST_F(ServerTest, ARelayedBodyCutShortOrStalledEndsTheConnection) {
  PiecesBackend short_one({"only this"}, milliseconds(0), true);
  StartServer(RelayFrom(short_one, 1000, ""));
  Client c(port());
  c.Send("GET /backup HTTP/1.1\r\nHost: x\r\n\r\n");
  boost::system::error_code ec;
  c.Read(ec);
  EXPECT_TRUE(ec);  // 9 bytes of 1,000: the client sees the body end early
  server_.reset();

  PiecesBackend stalled({"some"}, milliseconds(0), false);
  ServerOptions options;
  options.relay_stall_seconds = 1;
  StartServer(RelayFrom(stalled, 1000, ""), options);
  Client d(port());
  d.Send("GET /backup HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto start = Clock::now();
  EXPECT_TRUE(d.ClosedByServer());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
}

TEST_F(ServerTest, HeadGetsTheLengthWithoutTheRelayedBody) {
  PiecesBackend backend({"never sent"}, milliseconds(0), false);
  StartServer(RelayFrom(backend, 10, ""));
  Client c(port());
  c.Send("HEAD /backup HTTP/1.1\r\nHost: x\r\n\r\n");
  auto res = c.Read(/*head=*/true);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[bhttp::field::content_length], "10");
}

// Streamed uploads: the handler reads the body as it arrives.
ServerOptions StreamingUploads() {
  ServerOptions options;
  options.stream_request_body = [](const HttpRequest& head) { return head.path == "/upload"; };
  options.stream_request_body_above = 1000;
  return options;
}

std::string Upload(const std::string& path, size_t length) {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(length) +
         "\r\n\r\n";
}

TEST_F(ServerTest, AStreamedUploadReachesTheHandlerAsItArrives) {
  std::promise<void> first_piece;
  std::atomic<bool> signalled{false};
  StartServer(
      [&](const HttpRequest& req) {
        HttpResponse res;
        if (!req.body_stream) {
          res.body = "whole:" + std::to_string(req.body.size());
          return res;
        }
        std::string piece;
        uint64_t total = 0;
        size_t sum = 0;
        while (req.body_stream->Next(&piece, Clock::now() + std::chrono::seconds(10))) {
          if (!signalled.exchange(true)) first_piece.set_value();
          total += piece.size();
          for (char c : piece) sum += static_cast<unsigned char>(c);
        }
        res.body = "streamed:" + std::to_string(total) + ":" + std::to_string(sum) +
                   (req.body_stream->failed() ? ":failed" : "");
        return res;
      },
      StreamingUploads());
  Client c(port());
  const std::string body(3000000, 'u');
  c.Send(Upload("/upload", body.size()) + body.substr(0, 100000));
  // The handler has the first piece while most of the body is still to be sent.
  ASSERT_EQ(first_piece.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  c.Send(body.substr(100000));
  EXPECT_EQ(c.Read().body(),
            "streamed:3000000:" + std::to_string(size_t{3000000} * static_cast<size_t>('u')));
  // The connection serves on; a short body and another path are read whole.
  c.Send(Upload("/upload", 10) + "0123456789");
  EXPECT_EQ(c.Read().body(), "whole:10");
  c.Send(Upload("/other", 5000) + std::string(5000, 'o'));
  EXPECT_EQ(c.Read().body(), "whole:5000");
}

TEST_F(ServerTest, AnUploadAnsweredBeforeItsEndClosesTheConnection) {
  StartServer(
      [](const HttpRequest&) {
        HttpResponse res;
        res.status = 413;
        res.body = "no";
        return res;
      },
      StreamingUploads());
  Client c(port());
  c.Send(Upload("/upload", 5000000) + std::string(2000, 'u'));
  auto res = c.Read();
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(c.ClosedByServer());
}

TEST_F(ServerTest, AnUploadCutShortFailsTheHandlersStream) {
  std::promise<std::string> seen;
  StartServer(
      [&](const HttpRequest& req) {
        std::string piece;
        uint64_t total = 0;
        while (req.body_stream->Next(&piece, Clock::now() + std::chrono::seconds(10))) {
          total += piece.size();
        }
        seen.set_value(std::to_string(total) + (req.body_stream->failed() ? " failed" : ""));
        return HttpResponse{};
      },
      StreamingUploads());
  {
    Client c(port());
    c.Send(Upload("/upload", 50000) + std::string(20000, 'u'));
  }
  auto got = seen.get_future();
  ASSERT_EQ(got.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(got.get(), "20000 failed");
}

}  // namespace
}  // namespace keygate::http
