// Tests for the auth event log: rows, queries, purge, the buffered writer, and no secrets.
#include "auth/auth_events.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "auth/auth_reason.h"
#include "auth/key_lifecycle.h"
#include "auth/test_migrated_db.h"
#include "store/sqlite/sqlite_backend.h"

namespace keygate::auth {
namespace {

class AuthEventsTest : public MigratedDbTest {};

TEST(AuthReasonTest, EveryReasonHasOneNameThatParsesBack) {
  std::set<std::string> names;
  for (int i = 0; i < kAuthReasonCount; ++i) {
    const auto reason = static_cast<AuthReason>(i);
    const std::string name = ReasonName(reason);
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(ParseReason(name), reason) << name;
  }
  // The names stored in keygate_auth_event, which detection and `keygate events` read back.
  EXPECT_EQ(ParseReason("wrong_password"), AuthReason::kWrongPassword);
  EXPECT_EQ(ParseReason("key_revoked"), AuthReason::kKeyRevoked);
  EXPECT_EQ(ParseReason("key_rotated"), AuthReason::kKeyRotated);
  EXPECT_EQ(ParseReason("key_scope"), AuthReason::kKeyScope);
  EXPECT_EQ(ParseReason("cooldown"), AuthReason::kCooldown);
  EXPECT_EQ(ParseReason("unknown_database"), AuthReason::kUnknownDatabase);
  // access_error is an event reason of its own, apart from every credential check's.
  EXPECT_EQ(names.count(kAccessErrorReason), 0u);
  EXPECT_EQ(ParseReason(kAccessErrorReason), std::nullopt);
  EXPECT_EQ(ParseReason("Wrong_Password"), std::nullopt);
}

AuthEvent Event(const std::string& date, const std::string& login, bool success,
                const std::string& reason, const std::string& ip = "198.51.100.7") {
  AuthEvent e;
  e.create_date = date;
  e.db = "testdb";
  e.channel = "xmlrpc";
  e.login = login;
  e.client_ip = ip;
  e.peer_address = "127.0.0.1";
  e.user_agent = "Python-xmlrpc/3.11";
  e.success = success;
  e.reason = reason;
  return e;
}

TEST(AuthEventFormatTest, MillisecondTimestamps) {
  EXPECT_EQ(FormatUtcMillis(1'800'000'000'123), "2027-01-15 08:00:00.123");
  EXPECT_EQ(FormatUtcMillis(0), "1970-01-01 00:00:00.000");
}

TEST(AuthEventFormatTest, KeyIndexOnlyForKeyShapedSecretsWithARow) {
  const std::string key = "0123456789abcdef0123456789abcdef01234567";
  EXPECT_EQ(KeyIndexForEvent(key, true), "01234567");
  EXPECT_EQ(KeyIndexForEvent(key, false), std::nullopt);
  // A password is never cut into an "index", whatever it looks like.
  EXPECT_EQ(KeyIndexForEvent("correct horse battery staple", true), std::nullopt);
  EXPECT_EQ(KeyIndexForEvent("0123456789ABCDEF0123456789ABCDEF01234567", true), std::nullopt);
  EXPECT_EQ(KeyIndexForEvent("", true), std::nullopt);
}

TEST_F(AuthEventsTest, InsertQueryFilterAndPurge) {
  ASSERT_TRUE(
      InsertAuthEvents(
          *conn_, {Event("2027-01-15 08:00:00.000", "bob", false, "wrong_password"),
                   Event("2027-01-15 09:00:00.000", "bob", true, "ok"),
                   Event("2027-01-15 10:00:00.000", "alice", false, "cooldown", "203.0.113.1")})
          .ok());
  EventFilter all;
  auto rows = QueryAuthEvents(*conn_, all);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].login, "alice");  // newest first
  EXPECT_EQ((*rows)[0].reason, "cooldown");
  EventFilter f;
  f.login = "bob";
  f.success = false;
  EXPECT_EQ(QueryAuthEvents(*conn_, f)->size(), 1u);
  EventFilter by_ip;
  by_ip.ip = "203.0.113.1";
  EXPECT_EQ(QueryAuthEvents(*conn_, by_ip)->size(), 1u);
  EventFilter since;
  since.since = "2027-01-15 09:00:00";
  EXPECT_EQ(QueryAuthEvents(*conn_, since)->size(), 2u);
  EventFilter limited;
  limited.limit = 1;
  EXPECT_EQ(QueryAuthEvents(*conn_, limited)->size(), 1u);
  EXPECT_EQ(*PurgeAuthEvents(*conn_, "2027-01-15 09:30:00"), 2);
  EXPECT_EQ(QueryAuthEvents(*conn_, all)->size(), 1u);
}

TEST_F(AuthEventsTest, OnlyAUseOfAKeyIsItsLastUse) {
  const int64_t key_id = MakeKey(uid_, "abcdef01");
  AuthEvent use = Event("2027-01-15 08:00:00.000", "bob", true, "ok");
  use.key_id = key_id;
  AuthEvent change = Event("2027-01-15 09:00:00.000", "admin", true, "console_key_rotated");
  change.channel = "console";
  change.key_id = key_id;
  change.key_use = false;
  ASSERT_TRUE(InsertAuthEvents(*conn_, {use, change}).ok());
  auto meta = LoadKeyMeta(*conn_);
  ASSERT_TRUE(meta.ok());
  ASSERT_EQ(meta->count(key_id), 1u);
  EXPECT_EQ(meta->at(key_id).last_used_at, "2027-01-15 08:00:00");
  EXPECT_EQ(meta->at(key_id).last_used_channel, "xmlrpc");
  EXPECT_EQ(meta->at(key_id).use_count, 1);
  EXPECT_EQ(QueryAuthEvents(*conn_, EventFilter{})->size(), 2u);  // both are in the log
}

TEST_F(AuthEventsTest, KeyIndexExistsLooksUpTheIndex) {
  MakeKey(uid_, "abcdef01");
  EXPECT_TRUE(*KeyIndexExists(*conn_, "abcdef01"));
  EXPECT_FALSE(*KeyIndexExists(*conn_, "abcdef02"));
}

// The buffered writer through a real backend: events reach the database on Flush/Stop, the
// buffer is bounded, and no column of any row holds the secrets that were presented.
TEST(AuthEventLogTest, BuffersFlushesDropsAndStoresNoSecret) {
  std::string dir = testing::TempDir() + "/events_backend_" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    store::SqliteBackend backend(dir);
    ASSERT_TRUE(backend.Create("evdb").ok());
    const std::string key = "fedcba9876543210fedcba9876543210fedcba98";
    const std::string password = "Sup3r-Secret-Passw0rd";
    {
      AuthEventLog log(backend, /*capacity=*/3, /*flush_interval_ms=*/10000);
      log.Start();
      for (int i = 0; i < 5; ++i) {
        AuthEvent e = Event(FormatUtcMillis(1'800'000'000'000 + i), "bob", false, "unknown_key");
        e.db = "evdb";
        e.key_index = KeyIndexForEvent(i % 2 ? key : password, true);
        log.Record(e);
      }
      EXPECT_EQ(log.dropped(), 2u);  // capacity 3: two dropped, counted
      log.Stop();                    // writes the buffered three
    }
    auto db = backend.Open("evdb");
    ASSERT_TRUE(db.ok());
    auto conn = (*db)->Acquire();
    ASSERT_TRUE(conn.ok());
    auto rows = (*conn)->Query("SELECT * FROM keygate_auth_event", {});
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->size(), 3u);
    int with_index = 0;
    for (const auto& r : rows->rows()) {
      for (const auto& cell : r) {
        std::string text = store::AsText(cell);
        EXPECT_EQ(text.find(key), std::string::npos);
        EXPECT_EQ(text.find(key.substr(0, 9)), std::string::npos);  // never more than the index
        EXPECT_EQ(text.find(password), std::string::npos);
        EXPECT_EQ(text.find(password.substr(0, 8)), std::string::npos);
        if (text == key.substr(0, 8)) ++with_index;
      }
    }
    EXPECT_EQ(with_index, 1);
  }
  std::filesystem::remove_all(dir);
}

// Successes alike in one minute take one buffer slot and one row, whatever their number; the
// buffer's bound then holds only for kinds of events, so a busy key drops nothing.
TEST(AuthEventLogTest, SuccessesRollUpInTheBufferAndAcrossFlushes) {
  std::string dir = testing::TempDir() + "/events_rollup_" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    store::SqliteBackend backend(dir);
    ASSERT_TRUE(backend.Create("evdb").ok());
    {
      AuthEventLog log(backend, /*capacity=*/2, /*flush_interval_ms=*/10000);
      auto success = [](int64_t millis) {
        AuthEvent e = Event(FormatUtcMillis(1'800'000'000'000 + millis), "bob", true, "ok");
        e.db = "evdb";
        return e;
      };
      for (int i = 0; i < 1000; ++i) log.Record(success(i));
      AuthEvent failure = Event(FormatUtcMillis(1'800'000'001'000), "bob", false, "wrong_password");
      failure.db = "evdb";
      log.Record(failure);
      EXPECT_EQ(log.dropped(), 0u);  // two slots: the rolled-up successes and the failure
      log.Flush();
      for (int i = 2000; i < 2500; ++i) log.Record(success(i));
      log.Stop();
    }
    auto db = backend.Open("evdb");
    ASSERT_TRUE(db.ok());
    auto conn = (*db)->Acquire();
    ASSERT_TRUE(conn.ok());
    auto rows = QueryAuthEvents(**conn, EventFilter{});
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].reason, "wrong_password");
    EXPECT_EQ((*rows)[1].calls, 1500);
    EXPECT_EQ((*rows)[1].create_date, "2027-01-15 08:00:00.000");
    EXPECT_EQ((*rows)[1].last_date, "2027-01-15 08:00:02.499");
  }
  std::filesystem::remove_all(dir);
}

// A write that fails for a passing reason loses nothing: the events are written by the next
// flush once the database accepts them again.
TEST(AuthEventLogTest, FailedWriteIsRetriedByTheNextFlush) {
  std::string dir = testing::TempDir() + "/events_retry_" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    store::SqliteBackend backend(dir);
    ASSERT_TRUE(backend.Create("evdb").ok());
    auto db = backend.Open("evdb");
    ASSERT_TRUE(db.ok());
    auto conn = (*db)->Acquire();
    ASSERT_TRUE(conn.ok());
    // The table is away: the write fails.
    ASSERT_TRUE((*conn)
                    ->ExecScript("ALTER TABLE keygate_auth_event RENAME TO keygate_auth_event_away")
                    .ok());
    AuthEventLog log(backend, /*capacity=*/10, /*flush_interval_ms=*/10000);
    for (int i = 0; i < 3; ++i) {
      AuthEvent e = Event(FormatUtcMillis(1'800'000'000'000 + i), "bob", false, "wrong_password");
      e.db = "evdb";
      log.Record(e);
    }
    log.Flush();
    EXPECT_EQ(log.dropped(), 0u);
    ASSERT_TRUE((*conn)
                    ->ExecScript("ALTER TABLE keygate_auth_event_away RENAME TO keygate_auth_event")
                    .ok());
    log.Flush();
    auto rows = (*conn)->Query("SELECT login FROM keygate_auth_event ORDER BY create_date", {});
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->size(), 3u);
    log.Stop();
  }
  std::filesystem::remove_all(dir);
}

TEST_F(AuthEventsTest, OutcomesAreStoredAsSuccessAndFailure) {
  EXPECT_STREQ(EventOutcomeName(true), "success");
  EXPECT_STREQ(EventOutcomeName(false), "failure");
  ASSERT_TRUE(
      InsertAuthEvents(*conn_, {Event("2026-01-01 00:00:00.000", "a", true, "ok"),
                                Event("2026-01-01 00:00:01.000", "b", false, "wrong_password")})
          .ok());
  auto rs = conn_->Query("SELECT outcome, reason FROM keygate_auth_event ORDER BY id", {});
  ASSERT_TRUE(rs.ok());
  ASSERT_EQ(rs->rows().size(), 2u);
  EXPECT_EQ(store::AsText(rs->rows()[0][0]), "success");
  EXPECT_EQ(store::AsText(rs->rows()[1][0]), "failure");
  EXPECT_EQ(store::AsText(rs->rows()[1][1]), "wrong_password");
}

}  // namespace
}  // namespace keygate::auth
