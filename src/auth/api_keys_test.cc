// Tests for Odoo 18's API key expiry policy and restrictions at creation.
#include "auth/api_keys.h"

#include <gtest/gtest.h>

#include "auth/key_restrictions.h"
#include "auth/test_migrated_db.h"

namespace keygate::auth {
namespace {

class ApiKeyPolicyTest : public MigratedDbTest {
 protected:
  StatusOr<CreatedKey> Create(int64_t uid, std::optional<double> days) {
    KeyRequest r;
    r.user_id = uid;
    r.name = "policy";
    if (days) r.expiration_date = FormatUtc(clock_.NowUnix() + static_cast<int64_t>(*days * 86400));
    return CreateApiKey(*conn_, r, crypto::DefaultRandom(), clock_);
  }
  FakeClock clock_{1'800'000'000};
};

TEST(PythonFloatTextTest, AsPythonStr) {
  EXPECT_EQ(PythonFloatText(90), "90.0");
  EXPECT_EQ(PythonFloatText(1), "1.0");
  EXPECT_EQ(PythonFloatText(0.5), "0.5");
  EXPECT_EQ(PythonFloatText(365.25), "365.25");
}

TEST_F(ApiKeyPolicyTest, InternalUserNeedsAnExpiryOfAtMost90Days) {
  auto none = Create(uid_, std::nullopt);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kValidationError);
  EXPECT_EQ(none.status().message(), "The API key must have an expiration date");
  auto too_long = Create(uid_, 91);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().message(), "You cannot exceed 90.0 days.");
  EXPECT_TRUE(Create(uid_, 90).ok());
  EXPECT_TRUE(Create(uid_, 1).ok());
}

TEST_F(ApiKeyPolicyTest, UserWithoutDurationGetsOneDay) {
  int64_t uid = MakeUser("noduration@example.com", "");
  EXPECT_EQ(Create(uid, 2).status().message(), "You cannot exceed 1.0 days.");
  EXPECT_TRUE(Create(uid, 1).ok());
}

TEST_F(ApiKeyPolicyTest, LargestDurationOfEffectiveGroupsWins) {
  ASSERT_TRUE(conn_
                  ->Exec("UPDATE res_groups SET api_key_duration = 180.5 WHERE id = "
                         "(SELECT res_id FROM ir_model_data WHERE module = 'base' AND "
                         "name = 'group_erp_manager')",
                         {})
                  .ok());
  // Access Rights (180.5 days) implies Internal User (90 days).
  int64_t uid = MakeUser("manager@example.com", "base.group_erp_manager");
  EXPECT_EQ(Create(uid, 181).status().message(), "You cannot exceed 180.5 days.");
  EXPECT_TRUE(Create(uid, 180).ok());
}

TEST_F(ApiKeyPolicyTest, AdministratorsMayCreatePersistentKeys) {
  int64_t admin = MakeUser("root@example.com", "base.group_system");
  EXPECT_TRUE(Create(admin, std::nullopt).ok());
  EXPECT_TRUE(Create(admin, 3650).ok());
}

TEST_F(ApiKeyPolicyTest, SudoSkipsThePolicy) {
  KeyRequest r;
  r.user_id = uid_;
  r.name = "system";
  r.sudo = true;
  EXPECT_TRUE(CreateApiKey(*conn_, r, crypto::DefaultRandom(), clock_).ok());
}

TEST_F(ApiKeyPolicyTest, RestrictionsAreStoredWithTheKeyOrNothingIsCreated) {
  KeyRequest r;
  r.user_id = uid_;
  r.name = "restricted";
  r.sudo = true;
  r.allowed_networks = {"192.0.2.0/24"};
  r.rate_limit = "5/s";
  auto k = CreateApiKey(*conn_, r, crypto::DefaultRandom(), clock_);
  ASSERT_TRUE(k.ok()) << k.status().message();
  EXPECT_EQ(LoadKeyRestriction(*conn_, k->id)->Describe(), "allow 192.0.2.0/24; rate 5/s");
  r.rate_limit = "5 per second";
  auto bad = CreateApiKey(*conn_, r, crypto::DefaultRandom(), clock_);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(conn_->Query("SELECT COUNT(*) FROM res_users_apikeys", {})->rows()[0][0],
            store::SqlValue(int64_t{1}));
}

}  // namespace
}  // namespace keygate::auth
