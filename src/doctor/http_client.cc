// HTTP/1.1 client on Boost.Beast: asynchronous operations driven one at a time with a deadline,
// which gives a synchronous call with a timeout on every step (resolve, connect, TLS, write,
// read). One connection per request ("Connection: close"): the doctor makes a dozen calls.
#include "doctor/http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <exception>

#include "common/strings.h"

namespace keygate::doctor {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

HttpExchange Failure(TransportError error, std::string text) {
  HttpExchange e;
  e.error = error;
  e.error_text = std::move(text);
  return e;
}

// Runs the io_context until the one pending operation completed or the deadline passed; true when
// it completed.
bool RunUntil(asio::io_context& ioc, const bool& done, SteadyClock::time_point deadline) {
  ioc.restart();
  ioc.run_until(deadline);
  return done;
}

// After a timeout: lets the cancelled operation's handler run so nothing refers to the stack.
void Drain(asio::io_context& ioc) {
  ioc.restart();
  ioc.run_for(std::chrono::seconds(2));
}

TransportError ClassifyConnect(const beast::error_code& ec) {
  if (ec == asio::error::connection_refused) return TransportError::kRefused;
  if (ec == asio::error::timed_out) return TransportError::kTimeout;
  return TransportError::kOther;
}

HttpExchange FromResponse(const bhttp::response<bhttp::string_body>& res) {
  HttpExchange e;
  e.status = static_cast<int>(res.result_int());
  e.content_type = std::string(res[bhttp::field::content_type]);
  e.location = std::string(res[bhttp::field::location]);
  e.set_cookie = std::string(res[bhttp::field::set_cookie]);
  e.body = res.body();
  return e;
}

// Writes the request and reads the response on a connected (and, for TLS, handshaken) stream.
template <class Stream>
HttpExchange WriteAndRead(asio::io_context& ioc, Stream& stream, tcp::socket& socket,
                          bhttp::request<bhttp::string_body>& req,
                          SteadyClock::time_point deadline) {
  beast::error_code ec;
  bool done = false;
  bhttp::async_write(stream, req, [&](beast::error_code e, size_t) {
    ec = e;
    done = true;
  });
  if (!RunUntil(ioc, done, deadline)) {
    socket.close(ec);
    Drain(ioc);
    return Failure(TransportError::kTimeout, "timed out sending the request");
  }
  if (ec) return Failure(TransportError::kOther, "sending the request failed: " + ec.message());

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  done = false;
  bhttp::async_read(stream, buffer, parser, [&](beast::error_code e, size_t) {
    ec = e;
    done = true;
  });
  if (!RunUntil(ioc, done, deadline)) {
    socket.close(ec);
    Drain(ioc);
    return Failure(TransportError::kTimeout, "timed out waiting for the response");
  }
  if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
      ec == asio::error::connection_reset) {
    return Failure(TransportError::kNotHttp, "the server closed the connection without answering");
  }
  if (ec == bhttp::error::body_limit) {
    return Failure(TransportError::kOther, "the response is larger than 8 MiB");
  }
  if (ec == ssl::error::stream_truncated && parser.is_done()) ec = {};
  // Any of Beast's HTTP parse errors: the peer speaks something else (or garbles HTTP).
  if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category()) {
    return Failure(TransportError::kNotHttp, "the answer is not HTTP (" + ec.message() + ")");
  }
  if (ec) return Failure(TransportError::kOther, "reading the response failed: " + ec.message());
  return FromResponse(parser.get());
}

class BeastTransport : public HttpTransport {
 public:
  BeastTransport(Url url, std::chrono::milliseconds timeout)
      : url_(std::move(url)), timeout_(timeout) {}

  HttpExchange Post(const HttpRequest& request) override {
    try {
      return DoPost(request);
    } catch (const std::exception& e) {
      return Failure(TransportError::kOther, e.what());
    }
  }

 private:
  HttpExchange DoPost(const HttpRequest& request) {
    const auto deadline = SteadyClock::now() + timeout_;
    asio::io_context ioc;

    tcp::resolver resolver(ioc);
    tcp::resolver::results_type endpoints;
    beast::error_code ec;
    bool done = false;
    resolver.async_resolve(url_.host, url_.port,
                           [&](beast::error_code e, tcp::resolver::results_type r) {
                             ec = e;
                             endpoints = std::move(r);
                             done = true;
                           });
    if (!RunUntil(ioc, done, deadline)) {
      resolver.cancel();
      Drain(ioc);
      return Failure(TransportError::kTimeout, "timed out resolving " + url_.host);
    }
    if (ec) return Failure(TransportError::kDns, ec.message());

    bhttp::request<bhttp::string_body> req{bhttp::verb::post, url_.base_path + request.path, 11};
    std::string host = url_.host.find(':') != std::string::npos ? "[" + url_.host + "]" : url_.host;
    if (!url_.default_port) host += ":" + url_.port;
    req.set(bhttp::field::host, host);
    req.set(bhttp::field::user_agent, "keygate-doctor");
    req.set(bhttp::field::content_type, request.content_type);
    req.set(bhttp::field::connection, "close");
    for (const auto& [name, value] : request.headers) req.set(name, value);
    req.body() = request.body;
    req.prepare_payload();

    if (url_.scheme == "https") {
      ssl::context ctx(ssl::context::tls_client);
      ctx.set_default_verify_paths();
      ctx.set_verify_mode(ssl::verify_peer);
      ssl::stream<tcp::socket> stream(ioc, ctx);
      if (!SSL_set_tlsext_host_name(stream.native_handle(), url_.host.c_str())) {
        return Failure(TransportError::kTls, "cannot set the TLS server name");
      }
      stream.set_verify_callback(ssl::host_name_verification(url_.host));
      HttpExchange connected = Connect(ioc, stream.next_layer(), endpoints, deadline);
      if (!connected.ok()) return connected;
      done = false;
      stream.async_handshake(ssl::stream_base::client, [&](beast::error_code e) {
        ec = e;
        done = true;
      });
      if (!RunUntil(ioc, done, deadline)) {
        stream.next_layer().close(ec);
        Drain(ioc);
        return Failure(TransportError::kTimeout, "timed out in the TLS handshake");
      }
      if (ec) return Failure(TransportError::kTls, ec.message());
      return WriteAndRead(ioc, stream, stream.next_layer(), req, deadline);
    }
    tcp::socket socket(ioc);
    HttpExchange connected = Connect(ioc, socket, endpoints, deadline);
    if (!connected.ok()) return connected;
    return WriteAndRead(ioc, socket, socket, req, deadline);
  }

  // An HttpExchange with no error on success.
  HttpExchange Connect(asio::io_context& ioc, tcp::socket& socket,
                       const tcp::resolver::results_type& endpoints,
                       SteadyClock::time_point deadline) {
    beast::error_code ec;
    bool done = false;
    asio::async_connect(socket, endpoints, [&](beast::error_code e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    if (!RunUntil(ioc, done, deadline)) {
      socket.close(ec);
      Drain(ioc);
      return Failure(TransportError::kTimeout, "no answer to the connection attempt within " +
                                                   std::to_string(timeout_.count()) + " ms");
    }
    if (ec) return Failure(ClassifyConnect(ec), ec.message());
    return HttpExchange{};
  }

  const Url url_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace

std::string Url::ToString() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + h + (default_port ? "" : ":" + port) + base_path;
}

StatusOr<Url> ParseUrl(std::string_view text) {
  Url u;
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    return InvalidRequest("--url: expected http://host[:port] or https://host[:port], got '" +
                          std::string(text) + "'");
  }
  u.scheme = Lower(text.substr(0, sep));
  if (u.scheme != "http" && u.scheme != "https") {
    return InvalidRequest("--url: the scheme must be http or https, got '" + u.scheme + "'");
  }
  std::string_view rest = text.substr(sep + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) {
    return InvalidRequest("--url: credentials in the URL are not used; pass --login and the key");
  }
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return InvalidRequest("--url: unterminated IPv6 address");
    u.host = std::string(authority.substr(1, close - 1));
    authority = authority.substr(close + 1);
    if (!authority.empty() && authority.front() != ':') {
      return InvalidRequest("--url: unexpected text after the IPv6 address");
    }
  } else {
    size_t colon = authority.find(':');
    u.host = std::string(authority.substr(0, colon));
    authority = colon == std::string_view::npos ? "" : authority.substr(colon);
  }
  if (u.host.empty()) return InvalidRequest("--url: no host name");
  u.port = u.scheme == "https" ? "443" : "80";
  if (!authority.empty()) {  // ":port"
    std::string port(authority.substr(1));
    bool digits = !port.empty() && port.size() <= 5;
    for (char c : port) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits || std::stoi(port) == 0 || std::stoi(port) > 65535) {
      return InvalidRequest("--url: bad port '" + port + "'");
    }
    u.default_port = port == u.port;
    u.port = port;
  }
  // Only the path matters (a query or fragment is dropped); a client appends /xmlrpc/2/... to it.
  size_t end = path.find_first_of("?#");
  u.base_path = std::string(path.substr(0, end));
  while (!u.base_path.empty() && u.base_path.back() == '/') u.base_path.pop_back();
  // Users often paste the endpoint itself or the web client's URL: keep the server's root.
  for (std::string_view suffix :
       {"/xmlrpc/2/common", "/xmlrpc/2/object", "/xmlrpc/2", "/xmlrpc", "/jsonrpc", "/web/login"}) {
    if (u.base_path.size() >= suffix.size() &&
        u.base_path.compare(u.base_path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      u.base_path.resize(u.base_path.size() - suffix.size());
      break;
    }
  }
  return u;
}

std::unique_ptr<HttpTransport> MakeHttpTransport(Url url, std::chrono::milliseconds timeout) {
  return std::make_unique<BeastTransport>(std::move(url), timeout);
}

}  // namespace keygate::doctor
