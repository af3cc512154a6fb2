// Unit tests of the detection rules over hand-made events.
#include "detect/rules.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace keygate::detect {
namespace {

// "2026-01-01 12:MM:SS.000" for `second` seconds after 12:00:00.
std::string At(int second) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2026-01-01 12:%02d:%02d.%03d", second / 60 % 60, second % 60, 0);
  return buf;
}

DetectEvent Fail(int second, const std::string& login, const std::string& ip,
                 const std::string& reason = "wrong_password") {
  DetectEvent e;
  e.time = At(second);
  e.channel = "xmlrpc";
  e.login = login;
  e.client_ip = ip;
  e.peer_address = ip;
  e.reason = reason;
  return e;
}

DetectSettings Small() {
  DetectSettings s;
  s.window_seconds = 60;
  s.bruteforce_failures = 5;
  s.spray_logins = 3;
  s.distributed_addresses = 3;
  s.access_errors = 4;
  return s;
}

std::vector<std::string> Kinds(const DetectOutput& out) {
  std::vector<std::string> k;
  for (const auto& a : out.alerts) k.push_back(a.kind + ":" + a.subject);
  return k;
}

TEST(RulesTest, BruteForceNeedsThresholdWithinWindow) {
  DetectInput in;
  in.db = "acme";
  for (int i = 0; i < 4; ++i) in.failures.push_back(Fail(i, "admin", "198.51.100.7"));
  EXPECT_TRUE(Detect(in, Small()).alerts.empty());
  in.failures.push_back(Fail(10, "admin", "198.51.100.7"));
  auto out = Detect(in, Small());
  ASSERT_EQ(out.alerts.size(), 1u);
  const Alert& a = out.alerts[0];
  EXPECT_EQ(a.kind, kBruteForce);
  EXPECT_EQ(a.subject, "admin from 198.51.100.7");
  EXPECT_EQ(a.severity, "warning");
  EXPECT_EQ(a.count, 5);
  EXPECT_EQ(a.login, "admin");
  EXPECT_EQ(a.client_ip, "198.51.100.7");
  EXPECT_EQ(a.first_seen, At(0));
  EXPECT_EQ(a.last_seen, At(10));
  EXPECT_NE(a.message.find("5 failed logins for 'admin' from 198.51.100.7"), std::string::npos);
  // The command it recommends names the database, so it works when pasted.
  EXPECT_NE(a.recommendation.find(
                "check whether a later attempt succeeded: keygate events --db acme --login admin "
                "--ip 198.51.100.7"),
            std::string::npos)
      << a.recommendation;
}

TEST(RulesTest, KeysTriedWhereTheGatewayPassesThroughAreGuesses) {
  DetectInput in;
  in.db = "acme";
  for (int i = 0; i < 5; ++i) {
    in.failures.push_back(Fail(i, "admin", "198.51.100.7", "key_outside_integration_calls"));
  }
  auto out = Detect(in, Small());
  ASSERT_EQ(Kinds(out),
            std::vector<std::string>{std::string(kBruteForce) + ":admin from 198.51.100.7"});
  // Refusals that are no guess (a valid key over its rate limit) are not counted.
  in.failures.clear();
  for (int i = 0; i < 5; ++i)
    in.failures.push_back(Fail(i, "admin", "198.51.100.7", "rate_limited"));
  EXPECT_TRUE(Detect(in, Small()).alerts.empty());
}

TEST(RulesTest, BruteForceSpreadBeyondWindowDoesNotFire) {
  DetectInput in;
  for (int i = 0; i < 5; ++i) in.failures.push_back(Fail(i * 20, "admin", "198.51.100.7"));
  EXPECT_TRUE(Detect(in, Small()).alerts.empty());  // 0..80 s: never 5 within 60 s
}

TEST(RulesTest, SuccessesAndOtherReasonsAreNotGuesses) {
  DetectInput in;
  for (int i = 0; i < 6; ++i) {
    in.failures.push_back(Fail(i, "admin", "198.51.100.7", i % 2 ? "rate_limited" : "ok"));
  }
  in.failures[0].success = true;
  EXPECT_TRUE(Detect(in, Small()).alerts.empty());
}

TEST(RulesTest, SprayingFromOneAddress) {
  DetectInput in;
  in.failures.push_back(Fail(1, "alice", "203.0.113.9", "unknown_login"));
  in.failures.push_back(Fail(2, "bob", "203.0.113.9", "unknown_login"));
  in.failures.push_back(Fail(3, "bob", "203.0.113.9", "wrong_password"));
  EXPECT_TRUE(Detect(in, Small()).alerts.empty());
  in.failures.push_back(Fail(4, "carol", "203.0.113.9", "wrong_password"));
  auto out = Detect(in, Small());
  ASSERT_EQ(Kinds(out), std::vector<std::string>{"password_spraying:203.0.113.9"});
  EXPECT_EQ(out.alerts[0].count, 3);
  EXPECT_EQ(out.alerts[0].severity, "critical");
}

TEST(RulesTest, DistributedAgainstOneLogin) {
  DetectInput in;
  in.failures.push_back(Fail(1, "victim", "203.0.113.1"));
  in.failures.push_back(Fail(2, "victim", "203.0.113.2"));
  in.failures.push_back(Fail(3, "victim", "203.0.113.3"));
  auto out = Detect(in, Small());
  ASSERT_EQ(Kinds(out), std::vector<std::string>{"distributed_brute_force:victim"});
  EXPECT_EQ(out.alerts[0].count, 3);
}

TEST(RulesTest, RetiredKeysFireOnFirstUse) {
  DetectInput in;
  auto revoked = Fail(1, "admin", "127.0.0.1", "key_revoked");
  revoked.key_id = 7;
  auto rotated = Fail(2, "admin", "127.0.0.1", "key_rotated");
  rotated.key_id = 8;
  auto expired = Fail(3, "bob", "127.0.0.1", "key_expired");  // no key id: by login
  in.failures = {revoked, revoked, rotated, expired};
  auto out = Detect(in, Small());
  EXPECT_EQ(Kinds(out), (std::vector<std::string>{"revoked_key_use:key 7", "rotated_key_use:key 8",
                                                  "expired_key_use:login bob"}));
  EXPECT_EQ(out.alerts[0].count, 2);
  EXPECT_EQ(out.alerts[0].key_id, 7);
  EXPECT_EQ(out.alerts[2].severity, "info");
}

TEST(RulesTest, AccessErrorBurstPerKey) {
  DetectInput in;
  for (int i = 0; i < 3; ++i) {
    auto e = Fail(i, "admin", "127.0.0.1", "access_error");
    e.key_id = 3;
    in.failures.push_back(e);
  }
  auto other = Fail(5, "admin", "127.0.0.1", "access_error");
  other.key_id = 4;
  in.failures.push_back(other);
  EXPECT_TRUE(Detect(in, Small()).alerts.empty());
  auto fourth = in.failures[0];
  fourth.time = At(9);
  in.failures.push_back(fourth);
  auto out = Detect(in, Small());
  ASSERT_EQ(Kinds(out), std::vector<std::string>{"access_error_burst:key 3"});
  EXPECT_EQ(out.alerts[0].count, 4);
}

TEST(RulesTest, CooldownOnPrivateAddressNotThroughProxy) {
  DetectInput in;
  auto web = [](int second, const std::string& login, const std::string& ip) {
    DetectEvent e = Fail(second, login, ip, "cooldown");
    e.channel = "web";  // only web logins are put on cooldown by address
    return e;
  };
  in.failures.push_back(web(1, "ann", "203.0.113.5"));  // public: fine
  auto proxied = web(2, "bea", "10.0.0.5");
  proxied.peer_address = "10.0.0.1";  // resolved through a proxy: its own address
  in.failures.push_back(proxied);
  in.failures.push_back(Fail(3, "dee", "192.168.1.11", "cooldown"));  // per-login: XML-RPC
  EXPECT_TRUE(Detect(in, Small()).alerts.empty());
  in.failures.push_back(web(3, "cy", "192.168.1.10"));
  auto out = Detect(in, Small());
  ASSERT_EQ(Kinds(out), std::vector<std::string>{"cooldown_private_address:192.168.1.10"});
  EXPECT_NE(out.alerts[0].recommendation.find("proxy_mode = True"), std::string::npos);
}

TEST(RulesTest, CoveredEventsDoNotFireAgainUntilTheWindowCloses) {
  DetectInput in;
  for (int i = 0; i < 5; ++i) in.failures.push_back(Fail(i, "admin", "198.51.100.7"));
  auto first = Detect(in, Small());
  ASSERT_EQ(first.alerts.size(), 1u);
  in.covered_until_ms[AlertKey(kBruteForce, "admin from 198.51.100.7")] =
      *ParseEventMillis(first.alerts[0].first_seen) + 60 * 1000;
  for (int i = 5; i < 30; ++i) in.failures.push_back(Fail(i, "admin", "198.51.100.7"));
  EXPECT_TRUE(Detect(in, Small()).alerts.empty());
  // Still going after the window: a new alert for the new window.
  for (int i = 60; i < 65; ++i) in.failures.push_back(Fail(i, "admin", "198.51.100.7"));
  auto again = Detect(in, Small());
  ASSERT_EQ(again.alerts.size(), 1u);
  EXPECT_EQ(again.alerts[0].first_seen, At(60));
}

KeyUse Use(int64_t key, const std::string& ip, int second) {
  KeyUse u;
  u.key_id = key;
  u.login = "admin";
  u.client_ip = ip;
  u.first_seen = At(second);
  u.last_seen = At(second);
  u.count = 1;
  return u;
}

TEST(RulesTest, NewNetworkOfAKey) {
  DetectInput in;
  // No history: the earliest network is the key's first, without an alert; a second one alerts.
  in.key_uses = {Use(1, "192.0.2.77", 5), Use(1, "127.0.0.1", 1), Use(1, "127.0.0.2", 2)};
  auto out = Detect(in, Small());
  ASSERT_EQ(Kinds(out), std::vector<std::string>{"new_network:key 1 from 192.0.2.0/24"});
  EXPECT_EQ(out.alerts[0].key_id, 1);
  EXPECT_EQ(out.alerts[0].client_ip, "192.0.2.77");
  EXPECT_EQ(out.networks.size(), 2u);
  // Known networks: nothing new.
  in.known_networks[1] = {"127.0.0.0/24", "192.0.2.0/24"};
  EXPECT_TRUE(Detect(in, Small()).alerts.empty());
  // IPv6 by /64.
  in.key_uses = {Use(1, "2001:db8:1:2::5", 9)};
  out = Detect(in, Small());
  ASSERT_EQ(Kinds(out), std::vector<std::string>{"new_network:key 1 from 2001:db8:1:2::/64"});
  // Switched off: remembered, not alerted.
  DetectSettings off = Small();
  off.new_network = false;
  out = Detect(in, off);
  EXPECT_TRUE(out.alerts.empty());
  EXPECT_EQ(out.networks.size(), 1u);
}

TEST(RulesTest, NormalTrafficFiresNothing) {
  DetectInput in;
  in.failures.push_back(Fail(3, "admin", "127.0.0.1"));  // one typo
  for (int i = 0; i < 10; ++i) in.key_uses.push_back(Use(1, "127.0.0.1", i));
  in.known_networks[1] = {"127.0.0.0/24"};
  EXPECT_TRUE(Detect(in, DetectSettings{}).alerts.empty());
}

TEST(RulesTest, Helpers) {
  EXPECT_EQ(NetworkOf("203.0.113.200"), "203.0.113.0/24");
  EXPECT_EQ(NetworkOf("::ffff:10.1.2.3"), "10.1.2.0/24");
  EXPECT_EQ(NetworkOf("not an address"), std::nullopt);
  EXPECT_EQ(ParseEventMillis("2026-01-01 00:00:01.250"), int64_t{1767225601250});
  EXPECT_EQ(ParseEventMillis("2026-01-01 00:00:01"), int64_t{1767225601000});
  EXPECT_EQ(ParseEventMillis("garbage"), std::nullopt);
  EXPECT_TRUE(IsGuessReason(auth::AuthReason::kWrongPassword));
  EXPECT_TRUE(IsGuessReason(auth::AuthReason::kCooldown));
  EXPECT_FALSE(IsGuessReason(auth::AuthReason::kKeyRevoked));
  EXPECT_FALSE(IsGuessReason(auth::AuthReason::kRateLimited));
}

}  // namespace
}  // namespace keygate::detect
