// Tests for client address resolution behind trusted proxies.
#include "web/client_address.h"

#include <gtest/gtest.h>

namespace keygate::web {
namespace {

std::vector<auth::IpNetwork> Trusted(const char* text) { return *auth::ParseIpNetworkList(text); }

TEST(ClientAddressTest, HeadersIgnoredWithoutProxyMode) {
  ForwardingHeaders h{"203.0.113.5", "203.0.113.6", "https"};
  auto a = ResolveClientAddress("127.0.0.1", false, h, false, Trusted("127.0.0.1/32"));
  EXPECT_EQ(a.client_ip, "127.0.0.1");
  EXPECT_FALSE(a.https);
  EXPECT_FALSE(a.forwarded);
}

TEST(ClientAddressTest, HeadersIgnoredFromAnUntrustedPeer) {
  ForwardingHeaders h{"203.0.113.5", "203.0.113.6", "https"};
  auto a = ResolveClientAddress("198.51.100.9", false, h, true, Trusted("127.0.0.1/32"));
  EXPECT_EQ(a.client_ip, "198.51.100.9");
  EXPECT_FALSE(a.https);
  // proxy_mode on but no trusted proxies: nothing is believed.
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", false, h, true, {}).client_ip, "127.0.0.1");
}

TEST(ClientAddressTest, RightMostUntrustedHopIsTheClient) {
  auto trusted = Trusted("127.0.0.1/32, 10.0.0.0/8");
  // The client wrote "1.1.1.1" itself; our proxies appended the real addresses.
  ForwardingHeaders h{"1.1.1.1, 203.0.113.5, 10.0.0.2", "", ""};
  auto a = ResolveClientAddress("127.0.0.1", false, h, true, trusted);
  EXPECT_EQ(a.client_ip, "203.0.113.5");
  EXPECT_TRUE(a.forwarded);
  ForwardingHeaders one{"203.0.113.7", "", ""};
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", false, one, true, trusted).client_ip, "203.0.113.7");
  ForwardingHeaders v6{"2001:db8::5", "", ""};
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", false, v6, true, trusted).client_ip, "2001:db8::5");
  ForwardingHeaders port{"203.0.113.8:51000", "", ""};
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", false, port, true, trusted).client_ip, "203.0.113.8");
  // IPv4-mapped peer of a dual-stack socket is matched as IPv4.
  EXPECT_EQ(ResolveClientAddress("::ffff:127.0.0.1", false, one, true, trusted).client_ip,
            "203.0.113.7");
}

TEST(ClientAddressTest, AllHopsTrustedGivesTheLeftMost) {
  ForwardingHeaders h{"10.0.0.3, 10.0.0.2", "", ""};
  auto a = ResolveClientAddress("127.0.0.1", false, h, true, Trusted("127.0.0.1/32 10.0.0.0/8"));
  EXPECT_EQ(a.client_ip, "10.0.0.3");
}

TEST(ClientAddressTest, GarbageIsNotBelieved) {
  auto trusted = Trusted("127.0.0.1/32");
  ForwardingHeaders h{"not-an-ip", "203.0.113.9", ""};
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", false, h, true, trusted).client_ip, "127.0.0.1");
  ForwardingHeaders left_garbage{"evil\r\n, 203.0.113.4", "", ""};
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", false, left_garbage, true, trusted).client_ip,
            "203.0.113.4");
}

TEST(ClientAddressTest, RealIpWhenNoForwardedFor) {
  ForwardingHeaders h{"", " 203.0.113.10 ", ""};
  auto a = ResolveClientAddress("127.0.0.1", false, h, true, Trusted("127.0.0.1"));
  EXPECT_EQ(a.client_ip, "203.0.113.10");
  EXPECT_TRUE(a.forwarded);
}

TEST(ClientAddressTest, ForwardedProtoFromTrustedProxyOnly) {
  ForwardingHeaders h{"203.0.113.5", "", "HTTPS"};
  EXPECT_TRUE(ResolveClientAddress("127.0.0.1", false, h, true, Trusted("127.0.0.1")).https);
  EXPECT_FALSE(ResolveClientAddress("127.0.0.2", false, h, true, Trusted("127.0.0.1")).https);
  ForwardingHeaders http{"203.0.113.5", "", "http"};
  EXPECT_FALSE(ResolveClientAddress("127.0.0.1", false, http, true, Trusted("127.0.0.1")).https);
  EXPECT_TRUE(ResolveClientAddress("127.0.0.1", true, http, false, {}).https);  // real TLS
}

}  // namespace
}  // namespace keygate::web
