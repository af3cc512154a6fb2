// Tests for the non-interactive credential checks against a real SQLite database.
#include "auth/authenticator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/api_keys.h"
#include "crypto/passlib_pbkdf2.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_migrations.h"

namespace keygate::auth {
namespace {

class AuthenticatorTest : public testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::TempDir() + "/auth_test_" + std::to_string(getpid()) + ".sqlite";
    std::remove(path_.c_str());
    auto c = store::SqliteConnection::Open(path_, true);
    ASSERT_TRUE(c.ok());
    conn_ = std::move(*c);
    ASSERT_TRUE(store::Migrate(*conn_, SqliteMigrations()).ok());
    store::Users users(*conn_);
    store::NewUser u;
    u.login = "api@example.com";
    u.name = "API User";
    // Few rounds keep the test fast; verification accepts any rounds count.
    u.password_hash = crypto::HashPbkdf2Sha512("s3cret pass", 1000);
    auto id = users.Create(u);
    ASSERT_TRUE(id.ok()) << id.status().message();
    uid_ = *id;
    store::NewUser other;
    other.login = "other@example.com";
    other.name = "Other";
    auto oid = users.Create(other);
    ASSERT_TRUE(oid.ok());
    other_uid_ = *oid;
  }
  void TearDown() override {
    conn_.reset();
    std::remove(path_.c_str());
    std::remove((path_ + "-wal").c_str());
    std::remove((path_ + "-shm").c_str());
  }

  CreatedKey MakeKey(int64_t uid, std::optional<std::string> scope = std::nullopt,
                     std::optional<std::string> expiration = std::nullopt) {
    KeyRequest r;
    r.user_id = uid;
    r.name = "test key";
    r.scope = std::move(scope);
    r.expiration_date = std::move(expiration);
    r.sudo = true;  // these users have no groups; the expiry policy is tested in api_keys_test
    auto k = CreateApiKey(*conn_, r);
    EXPECT_TRUE(k.ok()) << k.status().message();
    return *k;
  }

  AuthOutcome Check(int64_t uid, const std::string& secret) {
    auto o = auth_.CheckUid(*conn_, "testdb", uid, secret);
    EXPECT_TRUE(o.ok()) << o.status().message();
    return *o;
  }

  std::string path_;
  std::unique_ptr<store::SqliteConnection> conn_;
  int64_t uid_ = 0;
  int64_t other_uid_ = 0;
  FakeClock clock_{1800000000};  // 2027-01-15
  CredentialCache cache_{64};
  Authenticator auth_{cache_, clock_};
};

TEST_F(AuthenticatorTest, KeyIsFortyLowercaseHexAndStoredAsPasslibHash) {
  CreatedKey k = MakeKey(uid_);
  ASSERT_EQ(k.plaintext.size(), 40u);
  EXPECT_EQ(k.plaintext.find_first_not_of("0123456789abcdef"), std::string::npos);
  auto row = store::ApiKeys(*conn_).FindById(k.id);
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->index, k.plaintext.substr(0, 8));
  EXPECT_EQ((*row)->key.rfind("$pbkdf2-sha512$6000$", 0), 0u);
  EXPECT_EQ((*row)->key.find(k.plaintext), std::string::npos);
}

TEST_F(AuthenticatorTest, ValidKeyAuthenticatesThenComesFromTheCache) {
  CreatedKey k = MakeKey(uid_);
  AuthOutcome first = Check(uid_, k.plaintext);
  EXPECT_TRUE(first.ok);
  EXPECT_FALSE(first.cache_hit);
  EXPECT_EQ(first.grant.key_id, k.id);
  AuthOutcome second = Check(uid_, k.plaintext);
  EXPECT_TRUE(second.ok);
  EXPECT_TRUE(second.cache_hit);
}

TEST_F(AuthenticatorTest, RevokedKeyFailsOnTheVeryNextCall) {
  CreatedKey k = MakeKey(uid_);
  ASSERT_TRUE(Check(uid_, k.plaintext).ok);
  ASSERT_TRUE(Check(uid_, k.plaintext).cache_hit);
  // Revocation through another connection, as the CLI does from another process.
  auto cli = store::SqliteConnection::Open(path_, false);
  ASSERT_TRUE(cli.ok());
  ASSERT_TRUE(RevokeApiKey(**cli, k.id).ok());
  AuthOutcome after = Check(uid_, k.plaintext);
  EXPECT_FALSE(after.ok);
  EXPECT_EQ(after.reason, AuthReason::kKeyRevoked);  // its tombstone names the cause
}

TEST_F(AuthenticatorTest, KeyOnlyAuthenticatesItsOwner) {
  CreatedKey k = MakeKey(uid_);
  AuthOutcome o = Check(other_uid_, k.plaintext);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.reason, AuthReason::kKeyOtherUser);
}

TEST_F(AuthenticatorTest, ScopeNullAndRpcAuthenticateOtherScopesDoNot) {
  EXPECT_TRUE(Check(uid_, MakeKey(uid_, "rpc").plaintext).ok);
  AuthOutcome o = Check(uid_, MakeKey(uid_, "odoo.plugin.outlook").plaintext);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.reason, AuthReason::kKeyScope);
}

TEST_F(AuthenticatorTest, ExpiredKeyFailsLikeAWrongKeyAndCachedGrantExpires) {
  CreatedKey past = MakeKey(uid_, std::nullopt, FormatUtc(clock_.NowUnix() - 1));
  AuthOutcome o = Check(uid_, past.plaintext);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.reason, AuthReason::kKeyExpired);

  CreatedKey soon = MakeKey(uid_, std::nullopt, FormatUtc(clock_.NowUnix() + 60));
  ASSERT_TRUE(Check(uid_, soon.plaintext).ok);
  ASSERT_TRUE(Check(uid_, soon.plaintext).cache_hit);
  clock_.Advance(120);
  AuthOutcome late = Check(uid_, soon.plaintext);
  EXPECT_FALSE(late.ok);
  EXPECT_EQ(late.reason, AuthReason::kKeyExpired);
}

TEST_F(AuthenticatorTest, ArchivedUserNeverAuthenticatesEvenWhenCached) {
  CreatedKey k = MakeKey(uid_);
  ASSERT_TRUE(Check(uid_, k.plaintext).ok);
  ASSERT_TRUE(store::Users(*conn_).SetActive(uid_, false).ok());
  AuthOutcome o = Check(uid_, k.plaintext);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.reason, AuthReason::kUserArchived);
  EXPECT_FALSE(Check(uid_, "s3cret pass").ok);
}

TEST_F(AuthenticatorTest, PasswordWorksAndAChangeInvalidatesTheCachedGrant) {
  AuthOutcome o = Check(uid_, "s3cret pass");
  EXPECT_TRUE(o.ok);
  EXPECT_FALSE(o.grant.key_id.has_value());
  EXPECT_TRUE(Check(uid_, "s3cret pass").cache_hit);
  ASSERT_TRUE(
      store::Users(*conn_).SetPassword(uid_, crypto::HashPbkdf2Sha512("new pass", 1000)).ok());
  AuthOutcome stale = Check(uid_, "s3cret pass");
  EXPECT_FALSE(stale.ok);
  EXPECT_EQ(stale.reason, AuthReason::kWrongPassword);
  EXPECT_TRUE(Check(uid_, "new pass").ok);
}

TEST_F(AuthenticatorTest, LegacyPlaintextPasswordIsAcceptedOnceAndRehashed) {
  ASSERT_TRUE(conn_
                  ->Exec("UPDATE res_users SET password = ? WHERE id = ?",
                         {std::string("plain old"), other_uid_})
                  .ok());
  EXPECT_TRUE(Check(other_uid_, "plain old").ok);
  auto user = store::Users(*conn_).FindById(other_uid_);
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_TRUE(crypto::IsPbkdf2Sha512Hash((*user)->password));
  EXPECT_EQ(crypto::RoundsOf((*user)->password), crypto::kPasswordRounds);
}

TEST_F(AuthenticatorTest, WrongSecretsGiveTheirReasons) {
  EXPECT_EQ(Check(uid_, "").reason, AuthReason::kEmptySecret);
  EXPECT_EQ(Check(uid_, "wrong").reason, AuthReason::kWrongPassword);
  EXPECT_EQ(Check(uid_, std::string(40, 'a')).reason, AuthReason::kUnknownKey);
  EXPECT_EQ(Check(9999, "whatever").reason, AuthReason::kUnknownUid);
}

TEST_F(AuthenticatorTest, TwoFactorUserCannotUsePasswordButKeysWork) {
  ASSERT_TRUE(store::Users(*conn_).SetTotpSecret(uid_, "JBSWY3DPEHPK3PXP").ok());
  AuthOutcome o = Check(uid_, "s3cret pass");
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.reason, AuthReason::kPasswordRefused2fa);
  EXPECT_TRUE(Check(uid_, MakeKey(uid_).plaintext).ok);
}

TEST_F(AuthenticatorTest, AuthenticateLoginIsExactAndRecordsSuccessfulLogins) {
  CreatedKey k = MakeKey(uid_);
  auto ok = auth_.AuthenticateLogin(*conn_, "testdb", "api@example.com", k.plaintext);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->ok);
  EXPECT_EQ(ok->uid, uid_);
  auto bad = auth_.AuthenticateLogin(*conn_, "testdb", "API@example.com", k.plaintext);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->reason, AuthReason::kUnknownLogin);
  auto logs = conn_->Query("SELECT create_uid FROM res_users_log", {});
  ASSERT_TRUE(logs.ok());
  ASSERT_EQ(logs->size(), 1u);
  EXPECT_EQ(store::AsInt(logs->rows()[0][0]), uid_);
}

TEST(CredentialCacheTest, BoundedAndGenerationChecked) {
  CredentialCache cache(16);
  Grant g;
  g.uid = 2;
  for (int i = 0; i < 100; ++i) {
    cache.Insert(CredentialCache::Digest("db", i, "secret"), g, 1, 0);
  }
  EXPECT_LE(cache.size(), 16u);
  std::string d = CredentialCache::Digest("db", 7, "x");
  cache.Insert(d, g, 5, 0);
  EXPECT_TRUE(cache.Find(d, 5, 0).has_value());
  EXPECT_FALSE(cache.Find(d, 6, 0).has_value());
  EXPECT_FALSE(cache.Find(d, 5, 0).has_value());  // the stale entry was dropped
}

TEST(CredentialCacheTest, EntriesEndAfterTheirTimeToLive) {
  CredentialCache cache(16, 60);
  Grant g;
  g.uid = 2;
  std::string d = CredentialCache::Digest("db", 2, "x");
  cache.Insert(d, g, 5, 1000);
  EXPECT_TRUE(cache.Find(d, 5, 1059).has_value());
  EXPECT_FALSE(cache.Find(d, 5, 1060).has_value());
  EXPECT_FALSE(cache.Find(d, 5, 1000).has_value());  // dropped, not merely hidden
  // Without a time-to-live only the generation ends an entry.
  CredentialCache forever(16, 0);
  forever.Insert(d, g, 5, 1000);
  EXPECT_TRUE(forever.Find(d, 5, 1000 + 86400 * 365).has_value());
}

TEST(CredentialCacheTest, DigestSeparatesFields) {
  EXPECT_NE(CredentialCache::Digest("ab", 1, "c"), CredentialCache::Digest("a", 1, "bc"));
  EXPECT_NE(CredentialCache::Digest("db", 1, "s"), CredentialCache::Digest("db", 2, "s"));
}

TEST_F(AuthenticatorTest, PasswordCheckTimeIsMeasuredBeforeTheFirstCheck) {
  // Seeded from one timed hash at 1% of the default rounds: whatever the machine, 600,000
  // rounds take well over 50 ms, and the estimate must not be near zero.
  EXPECT_GE(auth_.PasswordCheckTime(), std::chrono::milliseconds(50));
}

TEST_F(AuthenticatorTest, GateIsAskedForPasswordsOnlyNeverForKeys) {
  CreatedKey key = MakeKey(uid_);
  int asked = 0;
  bool allow = false;
  std::vector<bool> hashing_seen;
  const PasswordGate gate = [&](bool hashing) -> StatusOr<GateDecision> {
    ++asked;
    hashing_seen.push_back(hashing);
    return allow ? GateDecision::kProceed : GateDecision::kCooldown;
  };
  // A correct key: never asked, never refused (also once cached).
  for (int i = 0; i < 2; ++i) {
    auto o = auth_.CheckUid(*conn_, "testdb", uid_, key.plaintext, &gate);
    ASSERT_TRUE(o.ok());
    EXPECT_TRUE(o->ok);
  }
  EXPECT_EQ(asked, 0);
  // A password: asked before hashing; refused unchecked when the gate says no.
  auto refused = auth_.CheckUid(*conn_, "testdb", uid_, "s3cret pass", &gate);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->reason, AuthReason::kCooldown);
  EXPECT_EQ(asked, 1);
  allow = true;
  auto ok = auth_.CheckUid(*conn_, "testdb", uid_, "s3cret pass", &gate);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->ok);
  // The cached password answers to the gate too.
  allow = false;
  auto cached = auth_.CheckUid(*conn_, "testdb", uid_, "s3cret pass", &gate);
  ASSERT_TRUE(cached.ok());
  EXPECT_EQ(cached->reason, AuthReason::kCooldown);
  EXPECT_EQ(asked, 3);
  // Only the uncached checks would hash: the bound on password hashes applies to them alone.
  EXPECT_EQ(hashing_seen, (std::vector<bool>{true, true, false}));
}

TEST_F(AuthenticatorTest, BusyGateRefusesThePasswordUnchecked) {
  const PasswordGate gate = [&](bool) -> StatusOr<GateDecision> { return GateDecision::kBusy; };
  auto busy = auth_.CheckUid(*conn_, "testdb", uid_, "s3cret pass", &gate);
  ASSERT_TRUE(busy.ok());
  EXPECT_FALSE(busy->ok);
  EXPECT_EQ(busy->reason, AuthReason::kPasswordCheckBusy);
  EXPECT_STREQ(ReasonName(busy->reason), "password_check_busy");
  // A key is never refused for it.
  CreatedKey key = MakeKey(uid_);
  auto o = auth_.CheckUid(*conn_, "testdb", uid_, key.plaintext, &gate);
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->ok);
}

TEST_F(AuthenticatorTest, UnknownLoginPassesTheGate) {
  int asked = 0;
  const PasswordGate gate = [&](bool) -> StatusOr<GateDecision> {
    ++asked;
    return GateDecision::kProceed;
  };
  auto o = auth_.AuthenticateLogin(*conn_, "testdb", "nobody@example.com", "guess", &gate);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->reason, AuthReason::kUnknownLogin);
  EXPECT_EQ(asked, 1);
  auto wrong = auth_.AuthenticateLogin(*conn_, "testdb", "api@example.com", "guess", &gate);
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(wrong->reason, AuthReason::kWrongPassword);
  // A user without a password computes no hash, and still asks the gate.
  auto none = auth_.AuthenticateLogin(*conn_, "testdb", "other@example.com", "guess", &gate);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->reason, AuthReason::kWrongPassword);
  EXPECT_EQ(asked, 3);
}

}  // namespace
}  // namespace keygate::auth
