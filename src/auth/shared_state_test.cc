// State that several keygate processes share through one database, on both backends: the token
// buckets of per-key rate limits (rate_limit.h), exact under concurrent use from separate
// connections and backends (as separate processes would be); and on PostgreSQL the credential
// cache fed by LISTEN/NOTIFY (store/postgres/pg_auth_listener.h): no generation query per cached
// call, yet a key revoked through another connection stops working.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "auth/api_keys.h"
#include "auth/authenticator.h"
#include "auth/rate_limit.h"
#include "crypto/passlib_pbkdf2.h"
#include "store/forwarding_connection.h"
#include "store/postgres/pg_auth_listener.h"
#include "store/postgres/pg_backend.h"
#include "store/postgres/pg_test_env.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_backend.h"

namespace keygate::auth {
namespace {

using std::chrono::milliseconds;

struct BackendKind {
  std::string name;
};
void PrintTo(const BackendKind& k, std::ostream* os) { *os << k.name; }

class SharedStateTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/kg_shared_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    tmpdir_ = pattern;
    backend_ = MakeBackend();
    ASSERT_NE(backend_, nullptr);
    name_ = store::UniqueTestDbName("shared");
    ASSERT_TRUE(backend_->Create(name_).ok());
  }
  void TearDown() override {
    if (backend_) (void)backend_->Drop(name_);
    std::filesystem::remove_all(tmpdir_);
  }
  // Another backend on the same storage, as another process would have.
  std::unique_ptr<store::Backend> MakeBackend() {
    if (GetParam().name == "sqlite") return std::make_unique<store::SqliteBackend>(tmpdir_);
    auto options = store::TestPgOptions();
    if (!options) return nullptr;
    return std::make_unique<store::PgBackend>(*options);
  }
  std::shared_ptr<store::Database> Open(store::Backend& b) {
    auto db = b.Open(name_);
    EXPECT_TRUE(db.ok()) << db.status().message();
    return db.ok() ? *db : nullptr;
  }
  store::ConnectionLease Lease(store::Database& db) {
    auto lease = db.Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status().message();
    return std::move(*lease);
  }

  std::string tmpdir_;
  std::string name_;
  std::unique_ptr<store::Backend> backend_;
};

TEST_P(SharedStateTest, TokenBucketInTheDatabase) {
  auto db = Open(*backend_);
  auto c = Lease(*db);
  RateSpec r = *ParseRate("2/s");
  int64_t t = 1'800'000'000'000'000;
  EXPECT_TRUE(TakeRateToken(*c, 1, r, t)->allowed);
  EXPECT_TRUE(TakeRateToken(*c, 1, r, t)->allowed);
  auto denied = TakeRateToken(*c, 1, r, t);
  ASSERT_TRUE(denied.ok()) << denied.status().message();
  EXPECT_FALSE(denied->allowed);
  EXPECT_EQ(denied->retry_after_seconds, 1);
  // Another key has its own bucket.
  EXPECT_TRUE(TakeRateToken(*c, 2, r, t)->allowed);
  // Half a second refills one token at 2/s; a refused call takes nothing.
  EXPECT_TRUE(TakeRateToken(*c, 1, r, t + 500'000)->allowed);
  EXPECT_FALSE(TakeRateToken(*c, 1, r, t + 500'000)->allowed);
  EXPECT_TRUE(TakeRateToken(*c, 1, r, t + 1'000'000)->allowed);
  // A slow rate says how long to wait.
  RateSpec slow = *ParseRate("1/min");
  EXPECT_TRUE(TakeRateToken(*c, 3, slow, t)->allowed);
  auto wait = TakeRateToken(*c, 3, slow, t + 10'000'000);
  EXPECT_FALSE(wait->allowed);
  EXPECT_EQ(wait->retry_after_seconds, 50);
  // A burst of 5 after a long idle time, never more.
  RateSpec five = *ParseRate("5/min");
  int allowed = 0;
  for (int i = 0; i < 8; ++i) allowed += TakeRateToken(*c, 4, five, t + i)->allowed ? 1 : 0;
  EXPECT_EQ(allowed, 5);
  // Full buckets hold no state and are purged; the others stay.
  auto purged = PurgeFullRateBuckets(*c, t + 3'600'000'000LL);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 4);
  EXPECT_TRUE(TakeRateToken(*c, 1, r, t + 3'600'000'000LL)->allowed);
}

TEST_P(SharedStateTest, OneLimitForEveryProcess) {
  // Three "instances": backends of their own, so connections of their own.
  std::vector<std::unique_ptr<store::Backend>> instances;
  std::vector<std::shared_ptr<store::Database>> dbs;
  for (int i = 0; i < 3; ++i) {
    instances.push_back(i == 0 ? nullptr : MakeBackend());
    dbs.push_back(Open(i == 0 ? *backend_ : *instances.back()));
    ASSERT_NE(dbs.back(), nullptr);
  }
  RateSpec r = *ParseRate("20/h");
  const int64_t t = 1'800'000'000'000'000;
  std::atomic<int> allowed{0}, denied{0}, errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      auto lease = dbs[i % 3]->Acquire();
      if (!lease.ok()) {
        ++errors;
        return;
      }
      for (int n = 0; n < 15; ++n) {
        auto d = TakeRateToken(**lease, 7, r, t + n);
        if (!d.ok()) {
          ++errors;
        } else if (d->allowed) {
          ++allowed;
        } else {
          ++denied;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(allowed.load(), 20);
  EXPECT_EQ(denied.load(), 70);
}

INSTANTIATE_TEST_SUITE_P(Backends, SharedStateTest,
                         ::testing::Values(BackendKind{"sqlite"}, BackendKind{"postgres"}),
                         [](const ::testing::TestParamInfo<BackendKind>& info) {
                           return info.param.name;
                         });

// Counts the statements (queries and commands) that reach the connection.
class CountingConnection : public store::ForwardingConnection {
 public:
  using ForwardingConnection::ForwardingConnection;
  int statements = 0;

 protected:
  void OnStatement(std::string_view, StatementKind kind) override {
    if (kind != StatementKind::kScript) ++statements;
  }
};

TEST(NotifiedCredentialCacheTest, CachedCallsCostNoQueryAndRevocationStillStops) {
  auto options = store::TestPgOptions();
  ASSERT_TRUE(options.has_value());
  store::PgBackend backend(*options);
  const std::string name = store::UniqueTestDbName("notified");
  ASSERT_TRUE(backend.Create(name).ok());
  struct DropAtEnd {
    store::PgBackend& b;
    std::string n;
    ~DropAtEnd() { (void)b.Drop(n); }
  } drop{backend, name};
  auto db = backend.Open(name);
  ASSERT_TRUE(db.ok());
  auto lease = (*db)->Acquire();
  ASSERT_TRUE(lease.ok());
  store::SqlConnection& admin = **lease;

  store::NewUser u;
  u.login = "notified@example.com";
  u.name = "Notified";
  u.password_hash = crypto::HashPbkdf2Sha512("pw", 1000);
  auto uid = store::Users(admin).Create(u);
  ASSERT_TRUE(uid.ok()) << uid.status().message();
  KeyRequest req;
  req.user_id = *uid;
  req.name = "k";
  req.sudo = true;
  auto key = CreateApiKey(admin, req);
  ASSERT_TRUE(key.ok()) << key.status().message();

  store::PgAuthListener listener(options->connect);
  CredentialCache cache(64, 60);
  Authenticator auth(cache, DefaultClock(), listener);
  listener.Watch(name);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!listener.Connected(name) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  ASSERT_TRUE(listener.Connected(name));

  auto serving = (*db)->Acquire();
  ASSERT_TRUE(serving.ok());
  CountingConnection c(**serving);
  auto first = auth.CheckUid(c, name, *uid, key->plaintext);
  ASSERT_TRUE(first.ok() && first->ok);
  EXPECT_FALSE(first->cache_hit);
  c.statements = 0;
  auto second = auth.CheckUid(c, name, *uid, key->plaintext);
  ASSERT_TRUE(second.ok() && second->ok);
  EXPECT_TRUE(second->cache_hit);
  EXPECT_EQ(c.statements, 0) << "a cached call read the database";

  // Revoked through another connection (another process): the notification ends the grant.
  ASSERT_TRUE(RevokeApiKey(admin, key->id).ok());
  bool refused = false;
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    auto o = auth.CheckUid(c, name, *uid, key->plaintext);
    ASSERT_TRUE(o.ok());
    refused = !o->ok;
    if (!refused) std::this_thread::sleep_for(milliseconds(2));
  }
  EXPECT_TRUE(refused) << "the revoked key still worked a second later";
  listener.Stop();
}

}  // namespace
}  // namespace keygate::auth
