// Tests for address and network parsing and matching.
#include "auth/ip_network.h"

#include <gtest/gtest.h>

namespace keygate::auth {
namespace {

TEST(IpNetworkTest, ParsesAddresses) {
  EXPECT_EQ(ParseIpAddress("192.0.2.1")->ToString(), "192.0.2.1");
  EXPECT_EQ(ParseIpAddress("2001:DB8::1")->ToString(), "2001:db8::1");
  EXPECT_EQ(ParseIpAddress("[::1]")->ToString(), "::1");
  // IPv4-mapped IPv6, as dual-stack sockets report IPv4 peers, is the IPv4 address.
  auto mapped = ParseIpAddress("::ffff:10.1.2.3");
  ASSERT_TRUE(mapped);
  EXPECT_TRUE(mapped->v4);
  EXPECT_EQ(mapped->ToString(), "10.1.2.3");
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4x", "hello", "1.2.3.4/8",
                          ":::", "1.2.3.4 "}) {
    EXPECT_FALSE(ParseIpAddress(bad)) << bad;
  }
}

TEST(IpNetworkTest, ParsesNetworksAndRejectsHostBits) {
  auto n = ParseIpNetwork("10.0.0.0/8");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->ToString(), "10.0.0.0/8");
  EXPECT_EQ(ParseIpNetwork("192.0.2.7")->ToString(), "192.0.2.7/32");
  EXPECT_EQ(ParseIpNetwork("2001:db8::/32")->ToString(), "2001:db8::/32");
  EXPECT_EQ(ParseIpNetwork("::1")->ToString(), "::1/128");
  auto host_bits = ParseIpNetwork("10.0.0.1/8");
  ASSERT_FALSE(host_bits.ok());
  EXPECT_EQ(host_bits.status().message(),
            "invalid network '10.0.0.1/8': host bits set (did you mean 10.0.0.0/8?)");
  EXPECT_FALSE(ParseIpNetwork("10.0.0.0/33").ok());
  EXPECT_FALSE(ParseIpNetwork("10.0.0.0/").ok());
  EXPECT_FALSE(ParseIpNetwork("10.0.0.0/x").ok());
  EXPECT_FALSE(ParseIpNetwork("2001:db8::/129").ok());
}

TEST(IpNetworkTest, ListsAcceptCommasAndSpaces) {
  auto l = ParseIpNetworkList("127.0.0.1/32, 10.0.0.0/8  fc00::/7,,");
  ASSERT_TRUE(l.ok()) << l.status().message();
  ASSERT_EQ(l->size(), 3u);
  EXPECT_EQ((*l)[2].ToString(), "fc00::/7");
  EXPECT_TRUE(ParseIpNetworkList("")->empty());
  EXPECT_FALSE(ParseIpNetworkList("10.0.0.0/8, nonsense").ok());
}

TEST(IpNetworkTest, Contains) {
  auto l = *ParseIpNetworkList("10.0.0.0/8 192.168.1.128/25 2001:db8::/32");
  EXPECT_TRUE(AnyContains(l, "10.255.0.1"));
  EXPECT_TRUE(AnyContains(l, "::ffff:10.0.0.1"));
  EXPECT_TRUE(AnyContains(l, "192.168.1.200"));
  EXPECT_FALSE(AnyContains(l, "192.168.1.127"));
  EXPECT_TRUE(AnyContains(l, "2001:db8:1::5"));
  EXPECT_FALSE(AnyContains(l, "2001:db9::1"));
  EXPECT_FALSE(AnyContains(l, "11.0.0.1"));
  EXPECT_FALSE(AnyContains(l, "not an address"));
  // An IPv4 network never matches an IPv6 address with the same leading bytes.
  EXPECT_FALSE(AnyContains(*ParseIpNetworkList("0.0.0.0/0"), "::1"));
  EXPECT_TRUE(AnyContains(*ParseIpNetworkList("0.0.0.0/0"), "203.0.113.9"));
}

TEST(IpNetworkTest, PrivateAddresses) {
  for (const char* a : {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.10", "127.0.0.1",
                        "::1", "fd12:3456::1", "fe80::1", "169.254.1.1", "::ffff:192.168.1.1"}) {
    EXPECT_TRUE(IsPrivateAddress(a)) << a;
  }
  for (const char* a : {"172.32.0.1", "8.8.8.8", "203.0.113.5", "2001:db8::1", "garbage", ""}) {
    EXPECT_FALSE(IsPrivateAddress(a)) << a;
  }
}

}  // namespace
}  // namespace keygate::auth
