// The doctor's transport on keygate's one HTTP client connection (http/client_connection.h):
// one connection per request ("Connection: close"), since the doctor makes a dozen calls; https
// against the system's certificate authorities.
#include "doctor/http_client.h"

#include "http/client_connection.h"

namespace keygate::doctor {

namespace {

HttpExchange Failure(const http::ClientResult& result) {
  HttpExchange e;
  e.error = result.error;
  e.error_text = result.error_text;
  return e;
}

class ClientTransport : public HttpTransport {
 public:
  ClientTransport(Url url, std::chrono::milliseconds timeout)
      : url_(std::move(url)), timeout_(timeout) {}

  HttpExchange Post(const HttpRequest& request) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    std::shared_ptr<http::TlsClientContext> tls;
    if (url_.tls()) {
      auto made = http::TlsClientContext::Make("");
      if (!made.ok()) {
        HttpExchange e;
        e.error = TransportError::kTls;
        e.error_text = made.status().message();
        return e;
      }
      tls = *made;
    }
    http::ClientResult failure;
    auto conn = http::ClientConnection::Open(url_, tls, deadline, &failure);
    if (!conn) return Failure(failure);
    http::ClientRequest req;
    req.method = "POST";
    req.target = url_.base_path + request.path;
    req.keep_alive = false;
    req.headers = {{"User-Agent", "keygate-doctor"}, {"Content-Type", request.content_type}};
    for (const auto& header : request.headers) req.headers.push_back(header);
    req.body = request.body;
    http::ClientResult r = conn->Exchange(req, kMaxResponseBytes, deadline);
    if (!r.ok()) return Failure(r);
    HttpExchange e;
    e.status = r.response.status;
    e.content_type = r.response.Header("Content-Type");
    e.location = r.response.Header("Location");
    e.set_cookie = r.response.Header("Set-Cookie");
    e.body = std::move(r.response.body);
    return e;
  }

 private:
  const Url url_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace

StatusOr<Url> ParseUrl(std::string_view text) {
  KG_ASSIGN_OR_RETURN(Url u, http::ParseClientUrl(text, "--url"));
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
  return std::make_unique<ClientTransport>(std::move(url), timeout);
}

}  // namespace keygate::doctor
