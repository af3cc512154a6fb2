// Tests for rate parsing and restriction storage (the shared token bucket: shared_state_test.cc).
#include "auth/key_restrictions.h"

#include <gtest/gtest.h>

#include "auth/test_migrated_db.h"

namespace keygate::auth {
namespace {

TEST(RateTest, Parses) {
  EXPECT_EQ(ParseRate("10/s")->text, "10/s");
  EXPECT_DOUBLE_EQ(ParseRate("10/s")->per_second(), 10);
  EXPECT_EQ(ParseRate("600/minute")->text, "600/min");
  EXPECT_DOUBLE_EQ(ParseRate("600/min")->per_second(), 10);
  EXPECT_EQ(ParseRate("1000/h")->text, "1000/h");
  EXPECT_DOUBLE_EQ(ParseRate("0.5/s")->count, 0.5);
  for (const char* bad : {"", "10", "10/", "/s", "0/s", "-1/s", "10/week", "1e3/s", "ten/s"}) {
    EXPECT_FALSE(ParseRate(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseRate("10/week").status().message(),
            "invalid rate limit '10/week': expected COUNT/UNIT, e.g. 10/s, 600/min or 1000/h");
}

class RestrictionStoreTest : public MigratedDbTest {};

TEST_F(RestrictionStoreTest, SavesLoadsAndCascades) {
  int64_t key_id = MakeKey(uid_);
  ASSERT_TRUE(
      SaveKeyRestriction(*conn_, key_id, {"10.0.0.0/8, 192.0.2.7", "2001:db8::/32"}, "10/s").ok());
  auto r = LoadKeyRestriction(*conn_, key_id);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->Describe(), "allow 10.0.0.0/8,192.0.2.7/32,2001:db8::/32; rate 10/s");
  EXPECT_TRUE(AnyContains(r->allowed, "192.0.2.7"));
  auto all = LoadAllKeyRestrictions(*conn_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->count(key_id), 1u);
  // Invalid input stores nothing.
  int64_t other = MakeKey(uid_);
  EXPECT_FALSE(SaveKeyRestriction(*conn_, other, {"10.0.0.1/8"}, "").ok());
  EXPECT_FALSE(SaveKeyRestriction(*conn_, other, {}, "lots").ok());
  EXPECT_TRUE(LoadKeyRestriction(*conn_, other)->empty());
  // Deleting the key deletes its restrictions.
  ASSERT_TRUE(conn_->Exec("DELETE FROM res_users_apikeys WHERE id = ?", {key_id}).ok());
  EXPECT_TRUE(LoadKeyRestriction(*conn_, key_id)->empty());
}

TEST_F(RestrictionStoreTest, CacheFollowsTheAuthGeneration) {
  int64_t key_id = MakeKey(uid_);
  RestrictionCache cache;
  auto gen = [&] {
    return store::AsInt(
        conn_->Query("SELECT value FROM keygate_auth_generation", {})->rows()[0][0]);
  };
  EXPECT_TRUE(cache.Get(*conn_, "db", key_id, gen())->empty());
  int64_t before = gen();
  ASSERT_TRUE(SaveKeyRestriction(*conn_, key_id, {"10.0.0.0/8"}, "").ok());
  EXPECT_GT(gen(), before);  // the trigger bumped it: the cached "no restriction" is stale
  EXPECT_EQ(cache.Get(*conn_, "db", key_id, gen())->Describe(), "allow 10.0.0.0/8");
}

}  // namespace
}  // namespace keygate::auth
