// Tests for database-backed web sessions.
#include "auth/sessions.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "store/repositories.h"
#include "store/sqlite/sqlite_backend.h"

namespace keygate::auth {
namespace {

class SessionsTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir() + "/sessions_test_" + std::to_string(getpid());
    backend_ = std::make_unique<store::SqliteBackend>(dir_);
    (void)backend_->Drop("s");
    ASSERT_TRUE(backend_->Create("s").ok());
    auto db = backend_->Open("s");
    ASSERT_TRUE(db.ok());
    db_ = *db;
    auto lease = db_->Acquire();
    ASSERT_TRUE(lease.ok());
    lease_ = std::make_unique<store::ConnectionLease>(std::move(*lease));
    store::NewUser u;
    u.login = "web@example.com";
    u.name = "Web";
    u.password_hash = "x";
    auto id = store::Users(conn()).Create(u);
    ASSERT_TRUE(id.ok());
    uid_ = *id;
  }
  void TearDown() override {
    lease_.reset();
    db_.reset();
    (void)backend_->Drop("s");
  }
  store::SqlConnection& conn() { return **lease_; }
  std::string Fingerprint() {
    auto u = store::Users(conn()).FindById(uid_);
    return CredentialFingerprint(**u);
  }
  std::optional<Session> Find(const std::string& cookie) {
    auto parsed = ParseSessionCookie(cookie);
    EXPECT_TRUE(parsed.has_value());
    auto s = FindSession(conn(), parsed->secret, limits_, clock_);
    EXPECT_TRUE(s.ok());
    return *s;
  }

  std::string dir_;
  std::unique_ptr<store::SqliteBackend> backend_;
  std::shared_ptr<store::Database> db_;
  std::unique_ptr<store::ConnectionLease> lease_;
  int64_t uid_ = 0;
  FakeClock clock_{1800000000};
  SessionLimits limits_{3600, 86400};
};

TEST_F(SessionsTest, CookieNamesTheDatabaseAndOnlyAHashIsStored) {
  auto cookie =
      CreateSession(conn(), "s", uid_, std::nullopt, Fingerprint(), "127.0.0.1", "ua", clock_);
  ASSERT_TRUE(cookie.ok());
  auto parsed = ParseSessionCookie(*cookie);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->db, "s");
  EXPECT_EQ(parsed->secret.size(), 64u);
  auto rows = conn().Query("SELECT sid_hash FROM keygate_session", {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE(store::AsText(rows->rows()[0][0]), parsed->secret);
  auto s = Find(*cookie);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->uid, uid_);
}

TEST_F(SessionsTest, IdleAndAbsoluteExpiry) {
  auto cookie = CreateSession(conn(), "s", uid_, std::nullopt, Fingerprint(), "", "", clock_);
  ASSERT_TRUE(cookie.ok());
  clock_.Advance(3000);
  EXPECT_TRUE(Find(*cookie).has_value());  // touched: idle clock restarts
  clock_.Advance(3000);
  EXPECT_TRUE(Find(*cookie).has_value());
  clock_.Advance(3601);
  EXPECT_FALSE(Find(*cookie).has_value());

  auto other = CreateSession(conn(), "s", uid_, std::nullopt, Fingerprint(), "", "", clock_);
  ASSERT_TRUE(other.ok());
  for (int i = 0; i < 30; ++i) {
    clock_.Advance(3000);
    (void)Find(*other);
  }
  EXPECT_FALSE(Find(*other).has_value());  // 90000 s > absolute 86400 s
}

TEST_F(SessionsTest, PasswordChangeOrArchiveEndsTheSession) {
  auto cookie = CreateSession(conn(), "s", uid_, std::nullopt, Fingerprint(), "", "", clock_);
  ASSERT_TRUE(cookie.ok());
  ASSERT_TRUE(store::Users(conn()).SetPassword(uid_, "y").ok());
  EXPECT_FALSE(Find(*cookie).has_value());

  auto again = CreateSession(conn(), "s", uid_, std::nullopt, Fingerprint(), "", "", clock_);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(store::Users(conn()).SetActive(uid_, false).ok());
  EXPECT_FALSE(Find(*again).has_value());
}

TEST_F(SessionsTest, DeleteAndMalformedCookies) {
  auto cookie = CreateSession(conn(), "s", uid_, std::nullopt, Fingerprint(), "", "", clock_);
  ASSERT_TRUE(cookie.ok());
  ASSERT_TRUE(DeleteSession(conn(), ParseSessionCookie(*cookie)->secret).ok());
  EXPECT_FALSE(Find(*cookie).has_value());
  EXPECT_FALSE(ParseSessionCookie("short").has_value());
  EXPECT_FALSE(ParseSessionCookie(std::string(64, 'g') + "db").has_value());
  EXPECT_FALSE(ParseSessionCookie(std::string(64, 'a') + "../etc").has_value());
}

}  // namespace
}  // namespace keygate::auth
