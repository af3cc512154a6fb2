// Fuzz target for the client-address resolution behind proxies (web/client_address.h) and the
// address parser under it (auth/ip_network.h). Input: one flag byte (bit 0 TLS, bit 1
// proxy_mode), then newline-separated fields: peer address, X-Forwarded-For, X-Real-IP,
// X-Forwarded-Proto, trusted_proxies. Invariants: without proxy_mode or from an untrusted peer
// nothing from a header is believed; an address taken from a header is a valid address in
// canonical form; an address that parses prints in a form that parses back to itself.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/ip_network.h"
#include "fuzz_check.h"
#include "web/client_address.h"

namespace keygate::fuzz {
namespace {

// The next newline-separated field of `rest` (all of it when there is no newline).
std::string_view NextField(std::string_view& rest) {
  const size_t nl = rest.find('\n');
  const std::string_view field = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return field;
}

void CheckCanonical(std::string_view text) {
  const std::optional<auth::IpAddress> addr = auth::ParseIpAddress(text);
  if (!addr) return;
  const std::string printed = addr->ToString();
  const std::optional<auth::IpAddress> again = auth::ParseIpAddress(printed);
  Check(again.has_value() && again->ToString() == printed,
        "a parsed address does not print in a form that parses back to itself");
}

}  // namespace
}  // namespace keygate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keygate;
  using fuzz::Check;
  if (size == 0) return 0;
  const bool tls = (data[0] & 1) != 0;
  const bool proxy_mode = (data[0] & 2) != 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string_view peer = fuzz::NextField(rest);
  web::ForwardingHeaders headers;
  headers.forwarded_for = fuzz::NextField(rest);
  headers.real_ip = fuzz::NextField(rest);
  headers.forwarded_proto = fuzz::NextField(rest);
  const std::string_view trusted_text = fuzz::NextField(rest);
  StatusOr<std::vector<auth::IpNetwork>> trusted = auth::ParseIpNetworkList(trusted_text);
  const std::vector<auth::IpNetwork> proxies =
      trusted.ok() ? *trusted : std::vector<auth::IpNetwork>();

  fuzz::CheckCanonical(peer);
  fuzz::CheckCanonical(headers.real_ip);
  (void)auth::IsPrivateAddress(peer);
  (void)auth::NetworkOf(peer);

  const web::ClientAddress client =
      web::ResolveClientAddress(peer, tls, headers, proxy_mode, proxies);
  const bool believed = proxy_mode && auth::AnyContains(proxies, peer);
  if (!believed) {
    Check(client.client_ip == peer && client.https == tls && !client.forwarded,
          "a header was believed from a peer that is not a trusted proxy");
  }
  if (client.forwarded) {
    const std::optional<auth::IpAddress> addr = auth::ParseIpAddress(client.client_ip);
    Check(addr.has_value() && addr->ToString() == client.client_ip,
          "a forwarded client address is not a canonical address");
  } else {
    Check(client.client_ip == peer, "the client address changed without a forwarding header");
  }
  if (tls) Check(client.https, "a TLS request is not marked https");
  return 0;
}
