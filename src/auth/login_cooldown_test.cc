// Tests for the shared login cooldown counters.
#include "auth/login_cooldown.h"

#include <gtest/gtest.h>

#include "auth/test_migrated_db.h"
#include "store/repositories.h"

namespace keygate::auth {
namespace {

class CooldownTest : public MigratedDbTest {};

TEST(CooldownScopeTest, NamesAreTheStoredKinds) {
  EXPECT_STREQ(CooldownScopeName(CooldownScope::kAddress), "ip");
  EXPECT_STREQ(CooldownScopeName(CooldownScope::kLogin), "login");
  EXPECT_EQ(ParseCooldownScope("ip"), CooldownScope::kAddress);
  EXPECT_EQ(ParseCooldownScope("login"), CooldownScope::kLogin);
  EXPECT_EQ(ParseCooldownScope("IP"), std::nullopt);
  EXPECT_EQ(ParseCooldownScope(""), std::nullopt);
}

TEST_F(CooldownTest, CountersAreStoredUnderTheScopeNames) {
  ASSERT_TRUE(RecordLoginFailure(*conn_, "10.0.0.9", "carol", 1'800'000'000).ok());
  auto rs = conn_->Query("SELECT kind, value FROM keygate_login_failure ORDER BY kind", {});
  ASSERT_TRUE(rs.ok());
  ASSERT_EQ(rs->rows().size(), 2u);
  EXPECT_EQ(store::AsText(rs->rows()[0][0]), "ip");
  EXPECT_EQ(store::AsText(rs->rows()[0][1]), "10.0.0.9");
  EXPECT_EQ(store::AsText(rs->rows()[1][0]), "login");
  EXPECT_EQ(store::AsText(rs->rows()[1][1]), "carol");
  ASSERT_TRUE(ResetLoginFailures(*conn_, "10.0.0.9", "carol").ok());
  EXPECT_TRUE(conn_->Query("SELECT kind FROM keygate_login_failure", {})->rows().empty());
}

TEST_F(CooldownTest, DefaultsAndParameters) {
  auto s = LoadCooldownSettings(*conn_);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->after, 5);
  EXPECT_EQ(s->duration, 60);
  store::ConfigParameters params(*conn_);
  ASSERT_TRUE(params.Set("base.login_cooldown_after", "3").ok());
  ASSERT_TRUE(params.Set("base.login_cooldown_duration", "10").ok());
  EXPECT_EQ(LoadCooldownSettings(*conn_)->after, 3);
  EXPECT_EQ(LoadCooldownSettings(*conn_)->duration, 10);
  ASSERT_TRUE(params.Set("base.login_cooldown_after", "0").ok());
  EXPECT_FALSE(LoadCooldownSettings(*conn_)->enabled());
  ASSERT_TRUE(params.Set("base.login_cooldown_after", "many").ok());
  EXPECT_EQ(LoadCooldownSettings(*conn_)->after, 5);  // unparsable: Odoo's default
}

TEST_F(CooldownTest, CountsPerAddressAndPerLogin) {
  CooldownSettings s;  // 5 failures, 60 s
  const int64_t t = 1'800'000'000;
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(RecordLoginFailure(*conn_, "10.0.0.1", "bob", t).ok());
  EXPECT_EQ(ReadCooldownState(*conn_, "10.0.0.1", "bob")->OnCooldown(s, t), std::nullopt);
  ASSERT_TRUE(RecordLoginFailure(*conn_, "10.0.0.1", "bob", t + 1).ok());
  auto st = *ReadCooldownState(*conn_, "10.0.0.1", "bob");
  EXPECT_EQ(st.ip_failures, 5);
  EXPECT_EQ(st.login_failures, 5);
  EXPECT_EQ(st.OnCooldown(s, t + 1), CooldownScope::kAddress);
  // The same address with another login is refused (address over the limit)...
  EXPECT_EQ(ReadCooldownState(*conn_, "10.0.0.1", "alice")->OnCooldown(s, t + 2),
            CooldownScope::kAddress);
  // ...and the same login from another address too (rotating addresses does not help).
  EXPECT_EQ(ReadCooldownState(*conn_, "10.0.0.2", "bob")->OnCooldown(s, t + 2),
            CooldownScope::kLogin);
  // Another client with another login is unaffected.
  EXPECT_EQ(ReadCooldownState(*conn_, "10.0.0.2", "alice")->OnCooldown(s, t + 2), std::nullopt);
  // The cooldown lasts `duration` seconds after the last failure.
  EXPECT_EQ(st.OnCooldown(s, t + 60), CooldownScope::kAddress);
  EXPECT_EQ(st.OnCooldown(s, t + 61), std::nullopt);
  // A success resets both counters.
  ASSERT_TRUE(ResetLoginFailures(*conn_, "10.0.0.1", "bob").ok());
  EXPECT_FALSE(ReadCooldownState(*conn_, "10.0.0.1", "bob")->any());
}

TEST_F(CooldownTest, PurgesStaleCounters) {
  ASSERT_TRUE(RecordLoginFailure(*conn_, "10.0.0.1", "bob", 1000).ok());
  ASSERT_TRUE(RecordLoginFailure(*conn_, "10.0.0.9", "carol", 5000).ok());
  EXPECT_EQ(*PurgeLoginFailures(*conn_, 2000, 2000), 2);  // both rows of the first failure
  EXPECT_TRUE(ReadCooldownState(*conn_, "10.0.0.9", "carol")->any());
}

TEST_F(CooldownTest, EmptyAddressOrLoginIsNeitherCountedNorRead) {
  CooldownSettings s;
  const int64_t t = 1'800'000'000;
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(RecordLoginFailure(*conn_, "", "bob", t).ok());
  auto st = *ReadCooldownState(*conn_, "", "bob");
  EXPECT_EQ(st.ip_failures, 0);
  EXPECT_EQ(st.OnCooldown(s, t), CooldownScope::kLogin);
  EXPECT_EQ(ReadCooldownState(*conn_, "10.0.0.1", "")->OnCooldown(s, t), std::nullopt);
}

TEST_F(CooldownTest, KnownNetworksOfALoginLastThirtyDays) {
  const int64_t t = 1'800'000'000;
  ASSERT_TRUE(RememberLoginNetwork(*conn_, "bob", "203.0.113.7", t).ok());
  ASSERT_TRUE(RememberLoginNetwork(*conn_, "bob", "2001:db8:1:2:3::9", t).ok());
  EXPECT_TRUE(*IsKnownLoginNetwork(*conn_, "bob", "203.0.113.200", t + 10));  // same /24
  EXPECT_FALSE(*IsKnownLoginNetwork(*conn_, "bob", "203.0.114.7", t + 10));
  EXPECT_TRUE(*IsKnownLoginNetwork(*conn_, "bob", "2001:db8:1:2:ffff::1", t + 10));  // same /64
  EXPECT_FALSE(*IsKnownLoginNetwork(*conn_, "bob", "2001:db8:1:3::1", t + 10));
  EXPECT_FALSE(*IsKnownLoginNetwork(*conn_, "alice", "203.0.113.7", t + 10));
  EXPECT_TRUE(*IsKnownLoginNetwork(*conn_, "bob", "203.0.113.7", t + kKnownNetworkSeconds));
  EXPECT_FALSE(*IsKnownLoginNetwork(*conn_, "bob", "203.0.113.7", t + kKnownNetworkSeconds + 1));
  EXPECT_FALSE(*IsKnownLoginNetwork(*conn_, "bob", "not an address", t));
  // A later success moves the window; the purge drops networks past it.
  ASSERT_TRUE(RememberLoginNetwork(*conn_, "bob", "203.0.113.8", t + 100).ok());
  EXPECT_EQ(*PurgeLoginFailures(*conn_, 0, t + kKnownNetworkSeconds + 50), 1);  // the v6 one
  EXPECT_TRUE(*IsKnownLoginNetwork(*conn_, "bob", "203.0.113.1", t + kKnownNetworkSeconds + 50));
}

}  // namespace
}  // namespace keygate::auth
