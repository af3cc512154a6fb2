// IPv4 and IPv6 addresses and CIDR networks, parsed from text without the network stack: used for
// trusted proxies (web/client_address.h), per-key allow-lists (key_restrictions.h) and the
// "private address" test of the login cooldown warning.
// Thread-safety: value types and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace keygate::auth {

// An address as 16 bytes; IPv4 is kept as IPv4 (v4 = true, first 4 bytes used) so that a v4
// network never matches a v6 address by accident, except IPv4-mapped IPv6 (::ffff:a.b.c.d),
// which is normalised to IPv4 because that is how dual-stack sockets report IPv4 peers.
struct IpAddress {
  bool v4 = true;
  std::array<uint8_t, 16> bytes{};
  int bits() const { return v4 ? 32 : 128; }
  std::string ToString() const;
};

struct IpNetwork {
  IpAddress base;  // host bits cleared
  int prefix = 0;
  bool Contains(const IpAddress& a) const;
  std::string ToString() const;  // canonical "a.b.c.d/n" or "x::/n"
};

// "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "[::1]" (brackets allowed). nullopt if invalid.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

// "10.0.0.0/8", "2001:db8::/32"; a bare address is a /32 or /128. Host bits set below the prefix
// are an error ("10.0.0.1/8" is ambiguous: a typo for a host or for a network).
StatusOr<IpNetwork> ParseIpNetwork(std::string_view text);

// A list separated by commas and/or whitespace; empty text is an empty list.
StatusOr<std::vector<IpNetwork>> ParseIpNetworkList(std::string_view text);

bool AnyContains(const std::vector<IpNetwork>& networks, std::string_view address);

// RFC 1918 (10/8, 172.16/12, 192.168/16), loopback (127/8, ::1), link-local (169.254/16,
// fe80::/10) and unique-local IPv6 (fc00::/7): addresses a reverse proxy typically has.
bool IsPrivateAddress(std::string_view address);

// The network an address is judged by: its /24 (IPv4) or /64 (IPv6), e.g. "203.0.113.0/24";
// nullopt for text that is no address. Used for a key's and a login's known networks.
std::optional<std::string> NetworkOf(std::string_view address);

}  // namespace keygate::auth
