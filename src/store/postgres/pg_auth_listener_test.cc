// Tests for the LISTEN/NOTIFY generation source: it answers from memory once connected (no query
// on the caller's connection), follows changes made through other connections, falls back to
// reading while the server is down, and resyncs after a restart.
#include "store/postgres/pg_auth_listener.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "store/forwarding_connection.h"
#include "store/postgres/pg_backend.h"
#include "store/postgres/pg_test_env.h"
#include "store/repositories.h"

namespace keygate::store {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Forwards to a real connection and counts the statements run through it.
class CountingConnection : public ForwardingConnection {
 public:
  using ForwardingConnection::ForwardingConnection;
  int statements = 0;

 protected:
  void OnStatement(std::string_view, StatementKind) override { ++statements; }
};

template <typename Pred>
bool WaitFor(Pred pred, milliseconds limit = milliseconds(5000)) {
  auto deadline = steady_clock::now() + limit;
  while (steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return pred();
}

class PgAuthListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto options = TestPgOptions();
    ASSERT_TRUE(options.has_value());
    options_ = *options;
    backend_ = std::make_unique<PgBackend>(options_);
    name_ = UniqueTestDbName("listen");
    ASSERT_TRUE(backend_->Create(name_).ok());
    auto db = backend_->Open(name_);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = *db;
  }
  void TearDown() override {
    db_.reset();
    if (backend_) (void)backend_->Drop(name_);
  }
  ConnectionLease Lease() {
    auto lease = db_->Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status().message();
    return std::move(*lease);
  }
  // A change that a cached credential depends on, made through another connection.
  void Bump() {
    auto c = Lease();
    auto changed = c->Exec("UPDATE res_users SET active = active WHERE id = 1", {});
    ASSERT_TRUE(changed.ok());
    ASSERT_EQ(*changed, 1);
  }
  int64_t Stored() {
    auto c = Lease();
    auto g = AuthGeneration(*c);
    EXPECT_TRUE(g.ok());
    return g.ok() ? *g : -1;
  }

  PgBackendOptions options_;
  std::unique_ptr<PgBackend> backend_;
  std::string name_;
  std::shared_ptr<Database> db_;
};

TEST_F(PgAuthListenerTest, AnswersFromMemoryAndFollowsNotifications) {
  PgAuthListener listener(options_.connect);
  auto lease = Lease();
  CountingConnection c(*lease);
  // Before its watcher is connected the source reads the row.
  auto first = listener.Current(c, name_);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, Stored());
  EXPECT_EQ(c.statements, 1);
  ASSERT_TRUE(WaitFor([&] { return listener.Connected(name_); }));

  c.statements = 0;
  EXPECT_EQ(*listener.Current(c, name_), Stored());
  EXPECT_EQ(c.statements, 0);

  // Changes committed by other connections arrive as notifications.
  for (int i = 0; i < 3; ++i) {
    Bump();
    const int64_t stored = Stored();
    EXPECT_TRUE(WaitFor([&] { return *listener.Current(c, name_) == stored; }))
        << "generation " << *listener.Current(c, name_) << " never reached " << stored;
  }
  EXPECT_EQ(c.statements, 0);

  // A rolled-back change notifies nothing and changes nothing.
  const int64_t before = Stored();
  {
    auto other = Lease();
    ASSERT_TRUE(other->Begin().ok());
    ASSERT_TRUE(other->Exec("UPDATE res_users SET active = active WHERE id = 1", {}).ok());
    ASSERT_TRUE(other->Rollback().ok());
  }
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(*listener.Current(c, name_), before);

  // Once stopped, every call reads the row again.
  listener.Stop();
  EXPECT_FALSE(listener.Connected(name_));
  EXPECT_EQ(*listener.Current(c, name_), before);
  EXPECT_EQ(c.statements, 1);
}

TEST_F(PgAuthListenerTest, AWriterCanWaitUntilEveryWatcherHasAppliedItsChange) {
  auto c = Lease();
  // No watcher: nothing to wait for.
  EXPECT_EQ(*WaitForWatchers(*c, Stored() + 1000, milliseconds(50)), 0);

  PgAuthListener listener(options_.connect);
  listener.Watch(name_);
  ASSERT_TRUE(WaitFor([&] { return listener.Connected(name_); }));
  for (int i = 0; i < 3; ++i) {
    Bump();
    const int64_t stored = Stored();
    // Once the wait says every watcher has it, the very next Current() answers it.
    auto behind = WaitForWatchers(*c, stored, milliseconds(5000));
    ASSERT_TRUE(behind.ok()) << behind.status().message();
    EXPECT_EQ(*behind, 0);
    EXPECT_EQ(*listener.Current(*c, name_), stored);
  }
  // A generation nobody has reached: the watcher is reported behind once the time is up.
  const auto start = steady_clock::now();
  EXPECT_EQ(*WaitForWatchers(*c, Stored() + 1000, milliseconds(100)), 1);
  EXPECT_GE(steady_clock::now() - start, milliseconds(100));

  // A stopped watcher's session is gone: it holds nobody up.
  listener.Stop();
  EXPECT_TRUE(WaitFor([&] { return *WaitForWatchers(*c, Stored() + 1000, milliseconds(0)) == 0; }));
}

TEST_F(PgAuthListenerTest, HeartbeatCatchesUpWithoutANotification) {
  PgAuthListenerOptions o;
  o.heartbeat = milliseconds(100);
  PgAuthListener listener(options_.connect, o);
  listener.Watch(name_);
  ASSERT_TRUE(WaitFor([&] { return listener.Connected(name_); }));
  // Bypass the trigger: nothing is notified, only the heartbeat sees it.
  {
    auto c = Lease();
    ASSERT_TRUE(
        c->Exec("UPDATE keygate_auth_generation SET value = value + 100 WHERE id = 1", {}).ok());
  }
  const int64_t stored = Stored();
  auto lease = Lease();
  CountingConnection c(*lease);
  EXPECT_TRUE(WaitFor([&] { return *listener.Current(c, name_) == stored; }));
  EXPECT_EQ(c.statements, 0);
}

TEST_F(PgAuthListenerTest, FallsBackWhileTheServerIsDownAndResyncsAfter) {
  const char* ctl = std::getenv("KEYGATE_TEST_PG_CTL");
  ASSERT_NE(ctl, nullptr) << "KEYGATE_TEST_PG_CTL is not set (run under scripts/with-postgres.sh)";
  PgAuthListenerOptions o;
  o.reconnect_delay = milliseconds(50);
  o.max_reconnect_delay = milliseconds(200);
  PgAuthListener listener(options_.connect, o);
  std::atomic<int> resyncs{0};
  listener.SetResyncCallback([&](const std::string& db) {
    if (db == name_) ++resyncs;
  });
  listener.Watch(name_);
  ASSERT_TRUE(WaitFor([&] { return listener.Connected(name_); }));
  EXPECT_EQ(listener.Connections(name_), 1);

  ASSERT_EQ(std::system((std::string(ctl) + " stop -m fast >/dev/null 2>&1").c_str()), 0);
  bool noticed = WaitFor([&] { return !listener.Connected(name_); });
  // Whatever happens below, the server must run again for the other tests.
  int started = std::system((std::string(ctl) + " start >/dev/null 2>&1").c_str());
  ASSERT_EQ(started, 0);
  EXPECT_TRUE(noticed) << "the watcher did not notice the server going away";

  ASSERT_TRUE(WaitFor([&] { return listener.Connected(name_); }, milliseconds(10000)));
  EXPECT_EQ(listener.Connections(name_), 2);
  EXPECT_EQ(resyncs.load(), 1);
  // Notifications flow again on the new connection: a call soon answers the new generation from
  // memory. (On a busy machine a call may read it itself once, when the watcher has not read a
  // pending notification within a few milliseconds; that is the listener's rule, not a failure.)
  Bump();
  const int64_t stored = Stored();
  auto lease = Lease();
  CountingConnection c(*lease);
  EXPECT_TRUE(WaitFor([&] {
    const int before = c.statements;
    return *listener.Current(c, name_) == stored && c.statements == before;
  }));
}

}  // namespace
}  // namespace keygate::store
