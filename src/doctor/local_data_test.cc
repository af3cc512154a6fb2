// Local diagnosis over a real (temporary) keygate database: each cause the tables can tell.
#include "doctor/local_data.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/clock.h"
#include "crypto/passlib_pbkdf2.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_backend.h"

namespace keygate::doctor {
namespace {

const char* kKey = "0123456789abcdef0123456789abcdef01234567";
const char* kSamePrefix = "01234567ffffffffffffffffffffffffffffffff";
const int64_t kNow = 1767225600;  // 2026-01-01 00:00:00 UTC

class LocalDataTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir() + "/doctor_local_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    backend_ = std::make_unique<store::SqliteBackend>(dir_);
    ASSERT_TRUE(backend_->Create("t").ok());
    auto db = backend_->Open("t");
    ASSERT_TRUE(db.ok());
    db_ = *db;
    auto lease = db_->Acquire();
    ASSERT_TRUE(lease.ok());
    conn_.emplace(std::move(*lease));
    uid_ = MakeUser("jane", "jane@example.com", "pw-of-jane");
  }
  void TearDown() override {
    conn_.reset();
    db_.reset();
    backend_.reset();
    std::filesystem::remove_all(dir_);
  }

  store::SqlConnection& c() { return **conn_; }

  int64_t MakeUser(const std::string& login, const std::string& email,
                   const std::string& password) {
    store::NewUser u;
    u.login = login;
    u.name = login;
    u.email = email;
    u.password_hash = crypto::HashPbkdf2Sha512(password, 1000);
    auto id = store::Users(c()).Create(u);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return *id;
  }

  int64_t MakeKey(int64_t uid, const std::string& key, std::optional<std::string> scope = {},
                  std::optional<std::string> expires = {}) {
    store::NewApiKey k;
    k.name = "Integration";
    k.user_id = uid;
    k.index = key.substr(0, 8);
    k.key_hash = crypto::HashPbkdf2Sha512(key, 1000);
    k.scope = std::move(scope);
    k.expiration_date = std::move(expires);
    auto id = store::ApiKeys(c()).Create(k);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return *id;
  }

  LocalDiagnosis Diagnose(const std::string& login, const std::string& secret) {
    return DiagnoseLocally(c(), "t", login, secret, kNow);
  }

  static const Step& StepNamed(const LocalDiagnosis& d, const std::string& name) {
    for (const auto& s : d.steps) {
      if (s.name == name) return s;
    }
    static Step none;
    ADD_FAILURE() << "no step " << name;
    return none;
  }

  std::string dir_;
  std::unique_ptr<store::SqliteBackend> backend_;
  std::shared_ptr<store::Database> db_;
  std::optional<store::ConnectionLease> conn_;
  int64_t uid_ = 0;
};

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(LocalDataTest, ValidKeyPasses) {
  MakeKey(uid_, kKey);
  LocalDiagnosis d = Diagnose("jane", kKey);
  EXPECT_EQ(StepNamed(d, "local: user").status, StepStatus::kPass);
  EXPECT_EQ(StepNamed(d, "local: secret").status, StepStatus::kPass);
  EXPECT_TRUE(d.cause.empty());
  EXPECT_FALSE(d.secret_refused);  // the doctor sends it to the server
}

TEST_F(LocalDataTest, LoginIsTheEmailNotTheLogin) {
  LocalDiagnosis d = Diagnose("jane@example.com", kKey);
  EXPECT_EQ(StepNamed(d, "local: user").status, StepStatus::kFail);
  EXPECT_TRUE(Has(d.cause, "logs in as 'jane'"));
  EXPECT_EQ(d.fix, "use --login jane (and the same login in the client)");
}

TEST_F(LocalDataTest, UnknownLogin) {
  LocalDiagnosis d = Diagnose("nobody-at-all", kKey);
  EXPECT_TRUE(Has(d.cause, "unknown login"));
  EXPECT_TRUE(d.secret_refused);
}

TEST_F(LocalDataTest, KeyOfAnotherUserNamesTheOwner) {
  int64_t bob = MakeUser("bob", "bob@example.com", "pw-of-bob");
  MakeKey(bob, kKey);
  LocalDiagnosis d = Diagnose("jane", kKey);
  EXPECT_TRUE(Has(d.cause, "belongs to the user 'bob'"));
  EXPECT_TRUE(Has(d.fix, "--login bob"));
}

TEST_F(LocalDataTest, ArchivedUser) {
  MakeKey(uid_, kKey);
  ASSERT_TRUE(store::Users(c()).SetActive(uid_, false).ok());
  LocalDiagnosis d = Diagnose("jane", kKey);
  EXPECT_EQ(StepNamed(d, "local: user").status, StepStatus::kFail);
  EXPECT_TRUE(Has(d.cause, "user archived"));
  EXPECT_TRUE(Has(d.fix, "unarchive"));
  EXPECT_TRUE(d.secret_refused);
}

TEST_F(LocalDataTest, ExpiredKey) {
  MakeKey(uid_, kKey, std::nullopt, FormatUtc(kNow - 3600));
  LocalDiagnosis d = Diagnose("jane", kKey);
  EXPECT_EQ(StepNamed(d, "local: secret").status, StepStatus::kFail);
  EXPECT_TRUE(d.secret_refused);
  EXPECT_TRUE(Has(d.cause, "key expired"));
  MakeKey(uid_, kSamePrefix, std::nullopt, FormatUtc(kNow + 3600));
  EXPECT_EQ(StepNamed(Diagnose("jane", kSamePrefix), "local: secret").status, StepStatus::kPass);
}

TEST_F(LocalDataTest, ScopeNotRpc) {
  MakeKey(uid_, kKey, std::string("calendar"));
  LocalDiagnosis d = Diagnose("jane", kKey);
  EXPECT_TRUE(Has(d.cause, "key scope 'calendar'"));
}

TEST_F(LocalDataTest, RevokedNeverIssuedAndMistyped) {
  LocalDiagnosis gone = Diagnose("jane", kKey);
  EXPECT_TRUE(Has(gone.cause, "key revoked or never issued"));

  ASSERT_TRUE(c().Exec("INSERT INTO keygate_auth_event (create_date, db, channel, login, "
                       "key_index, client_ip, peer_address, outcome, reason) VALUES "
                       "('2025-12-31 10:00:00.000', 't', 'xmlrpc', 'jane', ?, '127.0.0.1', "
                       "'127.0.0.1', 'success', 'ok')",
                       {store::SqlValue(std::string(kKey).substr(0, 8))})
                  .ok());
  LocalDiagnosis revoked = Diagnose("jane", kKey);
  EXPECT_TRUE(Has(revoked.cause, "key revoked: a key with this prefix was used until 2025-12-31"));
  EXPECT_TRUE(Has(StepNamed(revoked, "local: recent events").detail, "xmlrpc success"));

  MakeKey(uid_, kSamePrefix);
  LocalDiagnosis typo = Diagnose("jane", kKey);
  EXPECT_EQ(StepNamed(typo, "local: secret").detail,
            "a key with that prefix exists but the rest differs");
}

TEST_F(LocalDataTest, RevokedKeyIsNamedFromItsTombstone) {
  int64_t id = MakeKey(uid_, kKey);
  ASSERT_TRUE(*store::ApiKeys(c()).Delete(id));
  LocalDiagnosis d = Diagnose("jane", kKey);
  EXPECT_TRUE(Has(d.cause, "key revoked: key " + std::to_string(id) + " was revoked on"));
  EXPECT_EQ(StepNamed(d, "local: secret").status, StepStatus::kFail);
}

TEST_F(LocalDataTest, PasswordOfA2faUser) {
  EXPECT_EQ(StepNamed(Diagnose("jane", "pw-of-jane"), "local: secret").status, StepStatus::kPass);
  ASSERT_TRUE(store::Users(c()).SetTotpSecret(uid_, std::string("JBSWY3DPEHPK3PXP")).ok());
  LocalDiagnosis d = Diagnose("jane", "pw-of-jane");
  EXPECT_TRUE(Has(d.cause, "2FA user trying a password over RPC"));
  EXPECT_TRUE(Has(StepNamed(d, "local: user").detail, "two-factor authentication on"));
}

TEST_F(LocalDataTest, NoSecretInTheSteps) {
  MakeKey(uid_, kSamePrefix);
  for (const char* s : {kKey, "pw-of-jane", "wrong-password"}) {
    for (const auto& step : Diagnose("jane", s).steps) {
      EXPECT_FALSE(Has(step.detail + step.cause + step.fix, s)) << step.name;
    }
  }
}

}  // namespace
}  // namespace keygate::doctor
