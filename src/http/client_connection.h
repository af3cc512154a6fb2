// keygate's one HTTP/1.1 client connection, used by the doctor, the alert webhook and the
// gateway's upstream pool: plain TCP or TLS (the certificate and the host name verified, against
// the system's authorities or a given CA file), driven synchronously by the calling thread with
// a deadline on every step (resolve, connect, handshake, write, read). Redirects are never
// followed: they are answers. Failures are classified so that callers can name the cause.
// Thread-safety: a ClientConnection is used by one thread at a time; a TlsClientContext is
// immutable once made and may be shared by any number of connections.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/client_url.h"
#include "http/http_types.h"

namespace keygate::http {

// The TLS settings of outgoing connections. Made once per target (loading a CA file costs).
class TlsClientContext {
 public:
  // `ca_file` empty: the system's certificate authorities. kInvalidRequest naming the file when
  // it cannot be read as PEM certificates.
  static StatusOr<std::shared_ptr<TlsClientContext>> Make(const std::string& ca_file);
  ~TlsClientContext();
  TlsClientContext(const TlsClientContext&) = delete;
  TlsClientContext& operator=(const TlsClientContext&) = delete;

  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  TlsClientContext();
  std::unique_ptr<Impl> impl_;
};

enum class ClientError {
  kNone,
  kDns,       // the host name does not resolve
  kRefused,   // nothing listens on that port
  kTimeout,   // a step passed its deadline (firewall, wrong host, hung server)
  kTls,       // TLS handshake or certificate verification failed
  kNotHttp,   // the peer answered something that is not HTTP, or closed without answering
  kTooLarge,  // the answer is larger than the caller's bound
  kOther,     // any other network error (unreachable network, reset, ...)
};

struct ClientRequest {
  std::string method = "POST";
  std::string target;  // path and query, e.g. "/xmlrpc/2/object"
  std::vector<std::pair<std::string, std::string>> headers;  // Host is added when absent
  std::string body;
  bool keep_alive = true;  // false: "Connection: close"
  // Instead of `body`: a body sent on as it arrives, with its length as Content-Length.
  std::shared_ptr<RequestBodyStream> body_stream;
};

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;

  // The first header of that name (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

struct ClientResult {
  ClientError error = ClientError::kNone;
  // Exchange with a hand-over size: the answer's body was not read but handed over
  // (`*handed_over` holds the connection), and this is its length.
  std::optional<uint64_t> handed_over_length;
  std::string error_text;      // what went wrong, in the system's words
  bool answered_some = false;  // a byte of an answer arrived (the request was acted on)
  bool reusable = false;       // the connection may carry another request
  ClientResponse response;

  bool ok() const { return error == ClientError::kNone; }
};

class ClientConnection {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  // Resolves, connects and, for https, handshakes (SNI, certificate and host name verified with
  // `tls`, which https needs). Null with *failure set when any step fails.
  static std::unique_ptr<ClientConnection> Open(const ClientUrl& url,
                                                std::shared_ptr<TlsClientContext> tls,
                                                Deadline deadline, ClientResult* failure);
  ~ClientConnection();
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  // Sends `request` and reads the whole answer, at most `max_body_bytes` of body. After a
  // failure the connection is closed.
  ClientResult Exchange(const ClientRequest& request, size_t max_body_bytes, Deadline deadline);
  // The same, except that an answer with a body longer than `hand_over_above` bytes (a
  // Content-Length; not HEAD, not over TLS) is not read: its head is returned and the
  // connection, with the body bytes read past the head, handed over in `*handed_over` (see
  // ClientResult::handed_over_length). This connection is then closed.
  ClientResult Exchange(const ClientRequest& request, size_t max_body_bytes, Deadline deadline,
                        uint64_t hand_over_above,
                        std::shared_ptr<HandedOverConnection>* handed_over);

  // After an Exchange answered 101 Switching Protocols: the connection's socket, handed over
  // (the caller closes it), with the bytes already read past the answer's head in
  // `early_bytes`. -1 over TLS, whose state cannot be handed over, or when closed.
  int ReleaseUpgraded(std::string* early_bytes);

  void Close();

 private:
  ClientConnection();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keygate::http
