// Tests for key rotation with a grace period and for retired-key diagnosis (tombstones).
#include "auth/key_lifecycle.h"

#include "auth/authenticator.h"
#include "auth/test_migrated_db.h"

namespace keygate::auth {
namespace {

class KeyLifecycleTest : public MigratedDbTest {
 protected:
  CreatedKey Make(std::optional<std::string> scope = std::nullopt) {
    KeyRequest r;
    r.user_id = uid_;
    r.name = "Integration with App X";
    r.scope = std::move(scope);
    r.sudo = true;
    auto k = CreateApiKey(*conn_, r, crypto::DefaultRandom(), clock_);
    EXPECT_TRUE(k.ok()) << k.status().message();
    return *k;
  }
  AuthOutcome Check(const std::string& secret) {
    auto o = auth_.CheckUid(*conn_, "db", uid_, secret);
    EXPECT_TRUE(o.ok()) << o.status().message();
    return *o;
  }
  FakeClock clock_{1800000000};
  CredentialCache cache_{64};
  Authenticator auth_{cache_, clock_};
};

TEST_F(KeyLifecycleTest, ParseDuration) {
  EXPECT_EQ(*ParseDuration("24h"), 86400);
  EXPECT_EQ(*ParseDuration("30m"), 1800);
  EXPECT_EQ(*ParseDuration("90s"), 90);
  EXPECT_EQ(*ParseDuration("7d"), 7 * 86400);
  EXPECT_EQ(*ParseDuration("0"), 0);
  EXPECT_FALSE(ParseDuration("soon").ok());
  EXPECT_FALSE(ParseDuration("-1h").ok());
  EXPECT_FALSE(ParseDuration("").ok());
}

TEST_F(KeyLifecycleTest, RotationKeepsTheOldKeyForTheGraceThenSaysRotated) {
  CreatedKey old = Make("rpc");
  ASSERT_TRUE(Check(old.plaintext).ok);
  auto rotated = RotateApiKey(*conn_, old.id, 3600, clock_);
  ASSERT_TRUE(rotated.ok()) << rotated.status().message();
  EXPECT_NE(rotated->successor.plaintext, old.plaintext);
  EXPECT_EQ(rotated->old_key_valid_until, FormatUtc(clock_.NowUnix() + 3600));

  auto successor = store::ApiKeys(*conn_).FindById(rotated->successor.id);
  ASSERT_TRUE(successor.ok() && successor->has_value());
  EXPECT_EQ((*successor)->name, "Integration with App X");
  EXPECT_EQ((*successor)->scope, std::optional<std::string>("rpc"));
  EXPECT_EQ((*successor)->user_id, uid_);

  EXPECT_TRUE(Check(old.plaintext).ok);  // grace period
  EXPECT_TRUE(Check(rotated->successor.plaintext).ok);
  clock_.Advance(3601);
  AuthOutcome late = Check(old.plaintext);
  EXPECT_FALSE(late.ok);
  EXPECT_EQ(late.reason, AuthReason::kKeyRotated);
  EXPECT_TRUE(Check(rotated->successor.plaintext).ok);

  auto again = RotateApiKey(*conn_, old.id, 0, clock_);
  EXPECT_EQ(again.status().code(), StatusCode::kUserError);
}

TEST_F(KeyLifecycleTest, GraceZeroRetiresAtOnceAndTheTombstoneRemembers) {
  CreatedKey old = Make();
  auto rotated = RotateApiKey(*conn_, old.id, 0, clock_);
  ASSERT_TRUE(rotated.ok());
  EXPECT_FALSE(store::ApiKeys(*conn_).FindById(old.id)->has_value());
  AuthOutcome o = Check(old.plaintext);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.reason, AuthReason::kKeyRotated);
  auto retired = FindRetiredKey(*conn_, old.plaintext, FormatUtc(clock_.NowUnix()));
  ASSERT_TRUE(retired.ok() && retired->has_value());
  EXPECT_EQ((*retired)->reason, store::KeyRetirement::kRotated);
  EXPECT_EQ((*retired)->rotated_to, rotated->successor.id);
}

TEST_F(KeyLifecycleTest, RevokedKeyIsDiagnosedAsRevoked) {
  CreatedKey k = Make();
  ASSERT_TRUE(RevokeApiKey(*conn_, k.id).ok());
  AuthOutcome o = Check(k.plaintext);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.reason, AuthReason::kKeyRevoked);
  // A different key with the same index is still just unknown.
  std::string other = k.plaintext.substr(0, 8) + std::string(32, '0');
  EXPECT_EQ(Check(other).reason, AuthReason::kUnknownKey);
}

TEST_F(KeyLifecycleTest, RetiredBearerKeysAreDiagnosedWithTheirOwnerAndKey) {
  // A JSON-2 bearer key names no user: the tombstone says whose key it was and why it fails.
  CreatedKey revoked = Make();
  ASSERT_TRUE(auth_.CheckBearerKey(*conn_, "db", revoked.plaintext)->ok);
  ASSERT_TRUE(RevokeApiKey(*conn_, revoked.id).ok());
  auto o = auth_.CheckBearerKey(*conn_, "db", revoked.plaintext);
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->ok);
  EXPECT_EQ(o->reason, AuthReason::kKeyRevoked);
  EXPECT_EQ(o->uid, uid_);
  EXPECT_EQ(o->failed_key_id, std::optional<int64_t>(revoked.id));
  CreatedKey rotated = Make();
  ASSERT_TRUE(RotateApiKey(*conn_, rotated.id, 0, clock_).ok());
  EXPECT_EQ(auth_.CheckBearerKey(*conn_, "db", rotated.plaintext)->reason, AuthReason::kKeyRotated);
  EXPECT_EQ(auth_.CheckBearerKey(*conn_, "db", std::string(40, 'a'))->reason,
            AuthReason::kUnknownKey);
}

TEST_F(KeyLifecycleTest, UnknownKeyIsNotRetired) {
  auto retired = FindRetiredKey(*conn_, std::string(40, 'a'), FormatUtc(clock_.NowUnix()));
  ASSERT_TRUE(retired.ok());
  EXPECT_FALSE(retired->has_value());
  EXPECT_EQ(RotateApiKey(*conn_, 424242, 0, clock_).status().code(), StatusCode::kMissingError);
}

}  // namespace
}  // namespace keygate::auth
