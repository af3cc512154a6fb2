// Detector passes over a real (SQLite) event log: alerts recorded once, across passes and across
// detectors (as two servers over one database), key networks remembered, ListAlerts.
#include "detect/detector.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "auth/auth_events.h"
#include "store/sqlite/sqlite_backend.h"

namespace keygate::detect {
namespace {

class DetectorTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir() + "/detector_test_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    backend_ = std::make_unique<store::SqliteBackend>(dir_);
    ASSERT_TRUE(backend_->Create("t").ok());
    settings_.window_seconds = 60;
    settings_.bruteforce_failures = 3;
  }
  void TearDown() override {
    backend_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Insert(const std::vector<auth::AuthEvent>& events) {
    auto db = backend_->Open("t");
    ASSERT_TRUE(db.ok());
    auto c = (*db)->Acquire();
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(auth::InsertAuthEvents(**c, events).ok());
  }

  auth::AuthEvent Event(int64_t at, const std::string& login, const std::string& ip, bool success,
                        const std::string& reason, std::optional<int64_t> key_id = {}) {
    auth::AuthEvent e;
    e.create_date = auth::FormatUtcMillis(at * 1000);
    e.db = "t";
    e.channel = "xmlrpc";
    e.login = login;
    e.client_ip = ip;
    e.peer_address = ip;
    e.success = success;
    e.reason = reason;
    e.key_id = key_id;
    return e;
  }

  std::string dir_;
  std::unique_ptr<store::SqliteBackend> backend_;
  DetectSettings settings_;
  FakeClock clock_{1800000000};
};

TEST_F(DetectorTest, RecordsEachAlertOnceAcrossPassesAndDetectors) {
  const int64_t now = clock_.NowUnix();
  Insert({Event(now - 10, "admin", "198.51.100.7", false, "wrong_password"),
          Event(now - 9, "admin", "198.51.100.7", false, "wrong_password"),
          Event(now - 8, "admin", "198.51.100.7", false, "unknown_key"),
          Event(now - 7, "bob", "127.0.0.1", false, "key_revoked", 12)});
  Detector a(*backend_, clock_, settings_, nullptr);
  Detector b(*backend_, clock_, settings_, nullptr);
  auto first = a.RunOnce("t");
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].alert.kind, kBruteForce);
  EXPECT_EQ((*first)[0].db, "t");
  EXPECT_GT((*first)[0].id, 0);
  EXPECT_EQ((*first)[1].alert.kind, kRevokedKeyUse);
  EXPECT_EQ((*first)[1].alert.subject, "key 12");
  // Another detector (another server) and a later pass record nothing new.
  auto other = b.RunOnce("t");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
  clock_.Advance(5);
  Insert({Event(now + 1, "admin", "198.51.100.7", false, "wrong_password"),
          Event(now + 2, "admin", "198.51.100.7", false, "wrong_password"),
          Event(now + 3, "admin", "198.51.100.7", false, "wrong_password")});
  auto again = a.RunOnce("t");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());  // the window of the first alert is still open

  auto db = backend_->Open("t");
  auto c = (*db)->Acquire();
  auto listed = ListAlerts(**c, "", 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].alert.kind, kRevokedKeyUse);  // newest first (same time: higher id)
  EXPECT_EQ((*listed)[1].alert.count, 3);
  EXPECT_EQ((*listed)[1].alert.login, "admin");
  EXPECT_NE(AlertLogLine((*listed)[1]).find("kind=brute_force severity=warning"),
            std::string::npos);
}

TEST_F(DetectorTest, NewNetworkAgainstRememberedHistory) {
  const int64_t now = clock_.NowUnix();
  // History older than the first pass's look-back, read from the event log.
  Insert({Event(now - 3600, "admin", "127.0.0.1", true, "ok", 5)});
  Insert({Event(now - 5, "admin", "127.0.0.9", true, "ok", 5),
          Event(now - 4, "admin", "192.0.2.10", true, "ok", 5)});
  Detector d(*backend_, clock_, settings_, nullptr);
  auto out = d.RunOnce("t");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].alert.kind, kNewNetwork);
  EXPECT_EQ((*out)[0].alert.subject, "key 5 from 192.0.2.0/24");
  // Remembered: a fresh detector over the same database does not fire again.
  clock_.Advance(30);
  Insert({Event(now + 20, "admin", "192.0.2.11", true, "ok", 5)});
  Detector fresh(*backend_, clock_, settings_, nullptr);
  auto later = fresh.RunOnce("t");
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->empty());
}

TEST_F(DetectorTest, SinceLooksBackForWatch) {
  const int64_t now = clock_.NowUnix();
  Insert({Event(now - 7200, "x", "10.0.0.1", false, "key_expired", 3)});
  Detector d(*backend_, clock_, settings_, nullptr);
  auto none = d.RunOnce("t");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  Detector back(*backend_, clock_, settings_, nullptr);
  auto found = back.RunOnce("t", FormatUtc(now - 86400));
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].alert.kind, kExpiredKeyUse);
}

}  // namespace
}  // namespace keygate::detect
