// Address and network parsing over inet_pton/inet_ntop (strict dotted quads, RFC 4291 text).
#include "auth/ip_network.h"

#include <arpa/inet.h>

#include <cstring>

namespace keygate::auth {

namespace {

constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view StripBrackets(std::string_view t) {
  if (t.size() >= 2 && t.front() == '[' && t.back() == ']') return t.substr(1, t.size() - 2);
  return t;
}

bool PrefixMatches(const IpAddress& a, const IpAddress& net, int prefix) {
  int full = prefix / 8;
  if (std::memcmp(a.bytes.data(), net.bytes.data(), static_cast<size_t>(full)) != 0) return false;
  int rest = prefix % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a.bytes[full] & mask) == (net.bytes[full] & mask);
}

}  // namespace

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

bool IpNetwork::Contains(const IpAddress& a) const {
  if (a.v4 != base.v4) return false;
  return PrefixMatches(a, base, prefix);
}

std::string IpNetwork::ToString() const { return base.ToString() + "/" + std::to_string(prefix); }

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  std::string t(StripBrackets(text));
  if (t.empty() || t.size() > 64) return std::nullopt;
  IpAddress a;
  if (t.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, t.c_str(), a.bytes.data()) != 1) return std::nullopt;
    a.v4 = true;
    return a;
  }
  if (inet_pton(AF_INET6, t.c_str(), a.bytes.data()) != 1) return std::nullopt;
  a.v4 = false;
  if (std::memcmp(a.bytes.data(), kMappedPrefix, sizeof kMappedPrefix) == 0) {
    IpAddress v4;
    v4.v4 = true;
    std::memcpy(v4.bytes.data(), a.bytes.data() + 12, 4);
    return v4;
  }
  return a;
}

StatusOr<IpNetwork> ParseIpNetwork(std::string_view text) {
  std::string_view addr = text;
  std::optional<int> prefix;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    std::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3)
      return InvalidRequest("invalid network '" + std::string(text) + "'");
    int n = 0;
    for (char ch : p) {
      if (ch < '0' || ch > '9')
        return InvalidRequest("invalid network '" + std::string(text) + "'");
      n = n * 10 + (ch - '0');
    }
    prefix = n;
  }
  auto a = ParseIpAddress(addr);
  if (!a) {
    return InvalidRequest("invalid network '" + std::string(text) +
                          "': expected an IPv4 or IPv6 address, optionally /prefix");
  }
  IpNetwork net;
  net.base = *a;
  net.prefix = prefix.value_or(a->bits());
  // A mapped address written with a v6 prefix (::ffff:10.0.0.0/104) becomes the v4 network.
  if (prefix && a->v4 && addr.find(':') != std::string_view::npos) net.prefix -= 96;
  if (net.prefix < 0 || net.prefix > a->bits()) {
    return InvalidRequest("invalid network '" + std::string(text) + "': prefix out of range");
  }
  IpNetwork cleared = net;
  for (int bit = net.prefix; bit < a->bits(); ++bit) {
    cleared.base.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
  }
  if (cleared.base.bytes != net.base.bytes) {
    return InvalidRequest("invalid network '" + std::string(text) +
                          "': host bits set (did you mean " + cleared.ToString() + "?)");
  }
  return net;
}

StatusOr<std::vector<IpNetwork>> ParseIpNetworkList(std::string_view text) {
  std::vector<IpNetwork> out;
  size_t i = 0;
  auto sep = [](char ch) {
    return ch == ',' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
  };
  while (i < text.size()) {
    while (i < text.size() && sep(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !sep(text[i])) ++i;
    if (i > start) {
      KG_ASSIGN_OR_RETURN(auto net, ParseIpNetwork(text.substr(start, i - start)));
      out.push_back(net);
    }
  }
  return out;
}

bool AnyContains(const std::vector<IpNetwork>& networks, std::string_view address) {
  auto a = ParseIpAddress(address);
  if (!a) return false;
  for (const auto& n : networks) {
    if (n.Contains(*a)) return true;
  }
  return false;
}

bool IsPrivateAddress(std::string_view address) {
  static const std::vector<IpNetwork> kPrivate = [] {
    std::vector<IpNetwork> v;
    for (const char* t : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8",
                          "169.254.0.0/16", "::1/128", "fc00::/7", "fe80::/10"}) {
      v.push_back(*ParseIpNetwork(t));
    }
    return v;
  }();
  return AnyContains(kPrivate, address);
}

std::optional<std::string> NetworkOf(std::string_view address) {
  auto a = ParseIpAddress(address);
  if (!a) return std::nullopt;
  IpNetwork n;
  n.base = *a;
  n.prefix = a->v4 ? 24 : 64;
  int keep_bytes = n.prefix / 8;
  for (int i = keep_bytes; i < 16; ++i) n.base.bytes[i] = 0;
  return n.ToString();
}

}  // namespace keygate::auth
