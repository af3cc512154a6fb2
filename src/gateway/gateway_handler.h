// Gateway mode's request handler: keygate in front of a real Odoo (README "Gateway mode").
// Integration calls that carry a credential (/xmlrpc/2/object, /xmlrpc/object, /xmlrpc/2/common,
// /xmlrpc/common, /jsonrpc with service object or common, /json/2 with a bearer key) pass
// keygate's gate and are forwarded (gated_call.h); everything else (the web client, /web/login,
// assets, the db service, version) is relayed both ways unchanged (pass_through.h). Thread-safety:
// the handler is thread-safe; `ctx` and `gateway` must outlive it.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "auth/ip_network.h"
#include "gateway/field_catalogue.h"
#include "gateway/forwarding_credentials.h"
#include "gateway/upstream_client.h"
#include "http/http_types.h"
#include "services/server_context.h"
#include "store/sql.h"

namespace keygate::gateway {

// What the gateway holds for the process's lifetime.
struct Gateway {
  Gateway(UpstreamUrl url, UpstreamLimits limits, std::shared_ptr<http::TlsClientContext> tls,
          const Clock& clock)
      : upstream(std::move(url), limits, std::move(tls)), credentials(clock), fields(clock) {}
  UpstreamClient upstream;
  ForwardingCredentials credentials;
  FieldCatalogues fields;  // ir_model_fields per attached database, for nested_reach.h
  std::vector<auth::IpNetwork> trusted_proxies;
  size_t max_request_bytes = size_t{128} * 1024 * 1024;  // options.upstream_max_request_bytes
  // Whether `db` (open on `c`) is an attached Odoo database: one query per database and
  // process, then remembered.
  bool IsAttached(store::SqlConnection& c, const std::string& db);

 private:
  std::mutex attached_mu_;
  std::set<std::string> attached_;
};

http::Handler MakeGatewayHandler(const services::ServerContext& ctx, Gateway& gateway);

// Whether an upload with this head (no body yet) may be streamed to Odoo as it arrives
// (http::ServerOptions::stream_request_body): a request keygate passes through and whose body
// it never reads, so not an integration call (/xmlrpc/, /jsonrpc, /json/2), nor a web login
// (/web/session/, /web/login, whose body may carry a key to refuse), nor keygate's own routes,
// nor one whose headers carry a key.
bool StreamsUpload(const http::HttpRequest& head);

// Adds the upstream's state to the answers of GET /healthz that `inner` gives: "upstream": "ok"
// or "unavailable" (then HTTP 503 with a reason), from a connection attempt made for the check.
http::Handler WithUpstreamHealth(http::Handler inner, Gateway& gateway);

}  // namespace keygate::gateway
