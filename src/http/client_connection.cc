// The HTTP/1.1 client connection on Boost.Beast (see client_connection.h). Each connection has
// its own io_context, run by the thread that uses it until the one pending operation completes
// or its deadline passes: a synchronous call with a timeout on every step, and no thread of its
// own.
#include "http/client_connection.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <exception>

namespace keygate::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

struct TlsClientContext::Impl {
  ssl::context context{ssl::context::tls_client};
};

namespace {

constexpr uint32_t kMaxAnswerHeaderBytes = 64 * 1024;

// Runs the io_context until the one pending operation completed or the deadline passed; true when
// it completed.
bool RunUntil(asio::io_context& ioc, const bool& done, ClientConnection::Deadline deadline) {
  ioc.restart();
  ioc.run_until(deadline);
  return done;
}

// After a timeout: lets the cancelled operation's handler run so that nothing refers to the stack.
void Drain(asio::io_context& ioc) {
  ioc.restart();
  ioc.run_for(std::chrono::seconds(2));
}

ClientResult Failure(ClientError error, std::string text) {
  ClientResult r;
  r.error = error;
  r.error_text = std::move(text);
  return r;
}

ClientError ClassifyConnect(const beast::error_code& ec) {
  if (ec == asio::error::connection_refused) return ClientError::kRefused;
  if (ec == asio::error::timed_out) return ClientError::kTimeout;
  return ClientError::kOther;
}

bool IsAddress(const std::string& host) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

TlsClientContext::TlsClientContext() : impl_(std::make_unique<Impl>()) {}
TlsClientContext::~TlsClientContext() = default;

StatusOr<std::shared_ptr<TlsClientContext>> TlsClientContext::Make(const std::string& ca_file) {
  std::shared_ptr<TlsClientContext> made(new TlsClientContext());
  ssl::context& context = made->impl_->context;
  beast::error_code ec;
  context.set_verify_mode(ssl::verify_peer, ec);
  if (ca_file.empty()) {
    context.set_default_verify_paths(ec);
    if (ec)
      return InvalidRequest("cannot load the system's certificate authorities: " + ec.message());
  } else {
    context.load_verify_file(ca_file, ec);
    if (ec) {
      return InvalidRequest("cannot read certificate authorities (PEM) from " + ca_file + ": " +
                            ec.message());
    }
  }
  return made;
}

std::string ClientResponse::Header(std::string_view name) const {
  for (const auto& [n, value] : headers) {
    if (beast::iequals(n, name)) return value;
  }
  return "";
}

struct ClientConnection::Impl {
  asio::io_context ioc;
  std::shared_ptr<TlsClientContext> tls;  // outlives tls_stream, which refers to it
  std::unique_ptr<ssl::stream<tcp::socket>> tls_stream;
  std::unique_ptr<tcp::socket> plain;
  beast::flat_buffer buffer;
  std::string host_header;

  tcp::socket& socket() { return tls_stream ? tls_stream->next_layer() : *plain; }
  bool IsOpen() { return (tls_stream || plain) && socket().is_open(); }

  // Runs `operation(stream, on_done)` on whichever stream this connection has.
  template <class Operation>
  void Start(Operation&& operation) {
    if (tls_stream) {
      operation(*tls_stream);
    } else {
      operation(*plain);
    }
  }
};

ClientConnection::ClientConnection() : impl_(std::make_unique<Impl>()) {}

ClientConnection::~ClientConnection() { Close(); }

std::unique_ptr<ClientConnection> ClientConnection::Open(const ClientUrl& url,
                                                         std::shared_ptr<TlsClientContext> tls,
                                                         Deadline deadline, ClientResult* failure) {
  std::unique_ptr<ClientConnection> conn(new ClientConnection());
  Impl& m = *conn->impl_;
  m.host_header = url.HostHeader();
  try {
    tcp::resolver resolver(m.ioc);
    tcp::resolver::results_type endpoints;
    beast::error_code ec;
    bool done = false;
    resolver.async_resolve(url.host, url.port,
                           [&](beast::error_code e, tcp::resolver::results_type r) {
                             ec = e;
                             endpoints = std::move(r);
                             done = true;
                           });
    if (!RunUntil(m.ioc, done, deadline)) {
      resolver.cancel();
      Drain(m.ioc);
      *failure = Failure(ClientError::kTimeout, "timed out resolving " + url.host);
      return nullptr;
    }
    if (ec) {
      *failure = Failure(ClientError::kDns, ec.message());
      return nullptr;
    }

    if (url.tls()) {
      if (!tls) {
        *failure = Failure(ClientError::kTls, "no TLS settings for " + url.ToString());
        return nullptr;
      }
      m.tls = std::move(tls);
      m.tls_stream = std::make_unique<ssl::stream<tcp::socket>>(m.ioc, m.tls->impl().context);
      // Server Name Indication carries host names only, never address literals (RFC 6066).
      if (!IsAddress(url.host) &&
          !SSL_set_tlsext_host_name(m.tls_stream->native_handle(), url.host.c_str())) {
        *failure = Failure(ClientError::kTls, "cannot set the TLS server name");
        return nullptr;
      }
      m.tls_stream->set_verify_callback(ssl::host_name_verification(url.host));
    } else {
      m.plain = std::make_unique<tcp::socket>(m.ioc);
    }

    done = false;
    asio::async_connect(m.socket(), endpoints, [&](beast::error_code e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    if (!RunUntil(m.ioc, done, deadline)) {
      m.socket().close(ec);
      Drain(m.ioc);
      *failure = Failure(ClientError::kTimeout, "no answer to the connection attempt in time");
      return nullptr;
    }
    if (ec) {
      *failure = Failure(ClassifyConnect(ec), ec.message());
      return nullptr;
    }
    m.socket().set_option(tcp::no_delay(true), ec);

    if (m.tls_stream) {
      done = false;
      m.tls_stream->async_handshake(ssl::stream_base::client, [&](beast::error_code e) {
        ec = e;
        done = true;
      });
      if (!RunUntil(m.ioc, done, deadline)) {
        m.socket().close(ec);
        Drain(m.ioc);
        *failure = Failure(ClientError::kTimeout, "timed out in the TLS handshake");
        return nullptr;
      }
      if (ec) {
        *failure = Failure(ClientError::kTls, ec.message());
        return nullptr;
      }
    }
  } catch (const std::exception& e) {
    *failure = Failure(ClientError::kOther, e.what());
    return nullptr;
  }
  return conn;
}

ClientResult ClientConnection::Exchange(const ClientRequest& request, size_t max_body_bytes,
                                        Deadline deadline) {
  return Exchange(request, max_body_bytes, deadline, UINT64_MAX, nullptr);
}

ClientResult ClientConnection::Exchange(const ClientRequest& request, size_t max_body_bytes,
                                        Deadline deadline, uint64_t hand_over_above,
                                        std::shared_ptr<HandedOverConnection>* handed_over) {
  Impl& m = *impl_;
  if (!m.IsOpen()) return Failure(ClientError::kOther, "the connection is closed");
  bhttp::request<bhttp::string_body> req;
  try {
    req.method_string(request.method);
    req.target(request.target);
    req.version(11);
    bool has_host = false;
    for (const auto& [name, value] : request.headers) {
      if (beast::iequals(name, "host")) has_host = true;
      req.insert(name, value);
    }
    if (!has_host) req.set(bhttp::field::host, m.host_header);
    req.body() = request.body;
    req.keep_alive(request.keep_alive);
    // No body and no Content-Length for a bodiless GET or HEAD, as clients send them.
    if (!request.body.empty() || (request.method != "GET" && request.method != "HEAD")) {
      req.prepare_payload();
    }
  } catch (const std::exception& e) {
    return Failure(ClientError::kOther, std::string("cannot send the request: ") + e.what());
  }

  beast::error_code ec;
  bool done = false;
  if (request.body_stream) {
    // The head with the stream's length, then each piece as it comes.
    req.content_length(request.body_stream->length());
    bhttp::request_serializer<bhttp::string_body> serializer(req);
    m.Start([&](auto& stream) {
      bhttp::async_write_header(stream, serializer, [&](beast::error_code e, size_t) {
        ec = e;
        done = true;
      });
    });
    bool sent = RunUntil(m.ioc, done, deadline);
    std::string piece;
    while (sent && !ec && request.body_stream->Next(&piece, deadline)) {
      done = false;
      m.Start([&](auto& stream) {
        asio::async_write(stream, asio::buffer(piece), [&](beast::error_code e, size_t) {
          ec = e;
          done = true;
        });
      });
      sent = RunUntil(m.ioc, done, deadline);
    }
    if (!sent) {
      Close();
      Drain(m.ioc);
      return Failure(ClientError::kTimeout, "timed out sending the request");
    }
    if (!ec && request.body_stream->failed()) {
      Close();
      return Failure(ClientError::kOther, "the request's body ended before its length");
    }
  } else {
    m.Start([&](auto& stream) {
      bhttp::async_write(stream, req, [&](beast::error_code e, size_t) {
        ec = e;
        done = true;
      });
    });
    if (!RunUntil(m.ioc, done, deadline)) {
      Close();
      Drain(m.ioc);
      return Failure(ClientError::kTimeout, "timed out sending the request");
    }
  }
  if (ec) {
    Close();
    return Failure(ClientError::kOther, "sending the request failed: " + ec.message());
  }

  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(kMaxAnswerHeaderBytes);
  parser.body_limit(max_body_bytes);
  if (request.method == "HEAD") parser.skip(true);
  // A body that may be handed over has no bound here; one read here has max_body_bytes.
  if (handed_over != nullptr) parser.body_limit(boost::none);
  m.buffer.clear();
  done = false;
  // The head first: a long body may be handed over rather than read.
  m.Start([&](auto& stream) {
    bhttp::async_read_header(stream, m.buffer, parser, [&](beast::error_code e, size_t) {
      ec = e;
      done = true;
    });
  });
  bool completed = RunUntil(m.ioc, done, deadline);
  if (completed && !ec && handed_over != nullptr && !m.tls_stream && request.method != "HEAD" &&
      !parser.is_done() && !parser.chunked() && parser.content_length() &&
      *parser.content_length() > hand_over_above) {
    ClientResult result;
    result.answered_some = true;
    const auto& head = parser.get();
    result.response.status = static_cast<int>(head.result_int());
    for (const auto& field : head) {
      result.response.headers.emplace_back(std::string(field.name_string()),
                                           std::string(field.value()));
    }
    result.handed_over_length = *parser.content_length();
    std::string early(static_cast<const char*>(m.buffer.data().data()), m.buffer.size());
    m.buffer.clear();
    beast::error_code release_ec;
    const int fd = m.plain->release(release_ec);
    if (release_ec) return Failure(ClientError::kOther, "cannot hand the connection over");
    *handed_over = std::make_shared<HandedOverConnection>(fd, std::move(early));
    return result;
  }
  if (completed && !ec && !parser.is_done()) {
    parser.body_limit(max_body_bytes);
    if (parser.content_length() && *parser.content_length() > max_body_bytes) {
      ec = bhttp::error::body_limit;
    }
  }
  if (completed && !ec && !parser.is_done()) {
    done = false;
    m.Start([&](auto& stream) {
      bhttp::async_read(stream, m.buffer, parser, [&](beast::error_code e, size_t) {
        ec = e;
        done = true;
      });
    });
    completed = RunUntil(m.ioc, done, deadline);
  }
  if (!completed) {
    Close();
    Drain(m.ioc);
  }
  ClientResult result;
  result.answered_some = parser.got_some();
  if (!completed) {
    result.error = ClientError::kTimeout;
    result.error_text = "timed out waiting for the answer";
    return result;
  }
  if (ec == ssl::error::stream_truncated && parser.is_done()) ec = {};
  if (ec) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset) {
      result.error = ClientError::kNotHttp;
      result.error_text = "the server closed the connection without answering";
    } else if (ec == bhttp::error::body_limit) {
      result.error = ClientError::kTooLarge;
      result.error_text = "the answer is larger than " + std::to_string(max_body_bytes) + " bytes";
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category()) {
      // Any of Beast's HTTP parse errors: the peer speaks something else (or garbles HTTP).
      result.error = ClientError::kNotHttp;
      result.error_text = "the answer is not HTTP (" + ec.message() + ")";
    } else {
      result.error = ClientError::kOther;
      result.error_text = "reading the answer failed: " + ec.message();
    }
    Close();
    return result;
  }
  auto message = parser.release();
  result.response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    result.response.headers.emplace_back(std::string(field.name_string()),
                                         std::string(field.value()));
  }
  result.response.body = std::move(message.body());
  // A 101 answer switched the connection to another protocol: never another HTTP request.
  result.reusable = request.keep_alive && message.keep_alive() && m.buffer.size() == 0 &&
                    result.response.status != 101;
  return result;
}

int ClientConnection::ReleaseUpgraded(std::string* early_bytes) {
  Impl& m = *impl_;
  if (m.tls_stream || !m.IsOpen()) return -1;
  early_bytes->assign(static_cast<const char*>(m.buffer.data().data()), m.buffer.size());
  m.buffer.clear();
  beast::error_code ec;
  const int fd = m.plain->release(ec);
  return ec ? -1 : fd;
}

void ClientConnection::Close() {
  Impl& m = *impl_;
  if (!m.IsOpen()) return;
  beast::error_code ignored;
  m.socket().shutdown(tcp::socket::shutdown_both, ignored);
  m.socket().close(ignored);
}

}  // namespace keygate::http
