// The caller of a request.
#include "web/caller.h"

#include <string>

#include "web/client_address.h"

namespace keygate::web {

services::CallerInfo CallerFor(const services::ServerContext& ctx,
                               const std::vector<auth::IpNetwork>& trusted_proxies,
                               const http::HttpRequest& request, const char* channel) {
  services::CallerInfo c;
  c.channel = channel;
  c.peer_address = request.peer_address;
  // Every X-Forwarded-For header, in order and whole: the hops that count are the right-most
  // ones (appended by the proxies), so nothing may be cut from the right or the middle. The HTTP
  // server's header limit bounds the total.
  std::string forwarded_for;
  for (const auto& [name, value] : request.headers) {
    if (name != "x-forwarded-for") continue;
    if (!forwarded_for.empty()) forwarded_for += ',';
    forwarded_for += value;
  }
  ForwardingHeaders fh;
  fh.forwarded_for = forwarded_for;
  fh.real_ip = request.Header("x-real-ip");
  fh.forwarded_proto = request.Header("x-forwarded-proto");
  ClientAddress who = ResolveClientAddress(request.peer_address, request.tls, fh,
                                           ctx.options.proxy_mode, trusted_proxies);
  c.client_ip = who.client_ip;
  c.https = who.https;
  c.user_agent = std::string(request.Header("user-agent").substr(0, 256));
  c.host = std::string(request.Header("host").substr(0, 256));
  return c;
}

http::HttpResponse WithAnswerHints(http::HttpResponse response,
                                   const services::AnswerHints& hints) {
  response.min_latency = hints.min_latency;
  response.refusal = response.refusal || hints.refusal;
  return response;
}

}  // namespace keygate::web
