// Tests for the audit findings on a migrated SQLite database.
#include "audit/audit_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/clock.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_migrations.h"

namespace keygate::audit {
namespace {

constexpr int64_t kNow = 1800000000;

class AuditTest : public testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::TempDir() + "/audit_test_" + std::to_string(getpid()) + ".sqlite";
    std::remove(path_.c_str());
    auto c = store::SqliteConnection::Open(path_, true);
    ASSERT_TRUE(c.ok());
    conn_ = std::move(*c);
    ASSERT_TRUE(store::Migrate(*conn_, SqliteMigrations()).ok());
  }
  void TearDown() override {
    conn_.reset();
    for (const char* s : {"", "-wal", "-shm"}) std::remove((path_ + s).c_str());
  }
  int64_t User(const std::string& login, const std::string& group) {
    store::NewUser u;
    u.login = login;
    u.name = login;
    auto id = store::Users(*conn_).Create(u);
    EXPECT_TRUE(id.ok());
    EXPECT_TRUE(conn_
                    ->Exec("INSERT INTO res_groups_users_rel (gid, uid) SELECT res_id, ? FROM "
                           "ir_model_data WHERE module = 'base' AND name = ?",
                           {*id, group})
                    .ok());
    return *id;
  }
  int64_t Key(int64_t uid, const std::string& created, std::optional<std::string> expires,
              std::optional<std::string> scope = std::nullopt) {
    store::SqlParams p{std::string("k"),
                       uid,
                       std::monostate{},
                       std::monostate{},
                       std::string("abcdef12"),
                       std::string("$pbkdf2-sha512$1$x$y"),
                       created};
    if (scope) p[2] = *scope;
    if (expires) p[3] = *expires;
    auto r = conn_->Query(
        "INSERT INTO res_users_apikeys (name, user_id, scope, expiration_date, \"index\", key, "
        "create_date) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        p);
    EXPECT_TRUE(r.ok());
    return store::AsInt(r->rows()[0][0]);
  }
  void Used(int64_t key, const std::string& when) {
    ASSERT_TRUE(conn_
                    ->Exec("INSERT INTO keygate_key_meta (key_id, last_used_at, last_used_ip) "
                           "VALUES (?, ?, '10.0.0.7')",
                           {key, when})
                    .ok());
  }
  std::vector<std::string> ChecksFor(const AuditReport& r, int64_t key) {
    std::vector<std::string> out;
    for (const auto& f : r.findings) {
      if (f.key_id == key) out.push_back(f.check);
    }
    return out;
  }

  std::string path_;
  std::unique_ptr<store::SqliteConnection> conn_;
};

TEST_F(AuditTest, FindsEachKindOfRisk) {
  int64_t admin = User("admin@example.com", "group_system");
  int64_t api = User("api@example.com", "group_user");
  const std::string recent = FormatUtc(kNow - 3600);
  int64_t admin_forever = Key(admin, FormatUtc(kNow - 86400 * 10), std::nullopt);
  Used(admin_forever, recent);
  int64_t never_used = Key(api, FormatUtc(kNow - 86400 * 3), FormatUtc(kNow + 86400 * 30));
  int64_t stale = Key(api, FormatUtc(kNow - 86400 * 60), FormatUtc(kNow + 86400 * 30));
  Used(stale, FormatUtc(kNow - 86400 * 45));
  int64_t ancient = Key(api, FormatUtc(kNow - 86400 * 400), std::nullopt);
  Used(ancient, recent);
  int64_t expired = Key(api, FormatUtc(kNow - 86400 * 100), FormatUtc(kNow - 86400));

  auto report = RunAudit(*conn_, AuditOptions{}, kNow);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->keys.size(), 5u);
  EXPECT_EQ(ChecksFor(*report, admin_forever), std::vector<std::string>{"administrator_key"});
  EXPECT_EQ(report->worst(), Severity::kCritical);
  EXPECT_EQ(ChecksFor(*report, never_used), std::vector<std::string>{"key_never_used"});
  EXPECT_EQ(ChecksFor(*report, stale), std::vector<std::string>{"key_unused"});
  EXPECT_EQ(ChecksFor(*report, ancient),
            (std::vector<std::string>{"key_without_expiry", "key_old"}));
  EXPECT_TRUE(ChecksFor(*report, expired).empty());
  // Both users have keys and no 2FA: reported once per user.
  int no_2fa = 0;
  for (const auto& f : report->findings) no_2fa += f.check == "user_without_2fa";
  EXPECT_EQ(no_2fa, 2);
  for (const auto& k : report->keys) {
    if (k.id == admin_forever) {
      EXPECT_TRUE(k.user_admin);
      EXPECT_NE(std::find(k.groups.begin(), k.groups.end(), "Administration / Settings"),
                k.groups.end());
    }
  }
}

TEST_F(AuditTest, ArchivedUserKeysAndScopeWiderThanUse) {
  int64_t gone = User("gone@example.com", "group_user");
  int64_t live = User("live@example.com", "group_user");
  int64_t dormant = Key(gone, FormatUtc(kNow - 86400), FormatUtc(kNow + 86400));
  ASSERT_TRUE(store::Users(*conn_).SetActive(gone, false).ok());
  int64_t wide = Key(live, FormatUtc(kNow - 86400 * 2), FormatUtc(kNow + 86400), "rpc");
  Used(wide, FormatUtc(kNow - 60));
  ASSERT_TRUE(conn_
                  ->Exec("INSERT INTO keygate_key_usage (key_id, model, operation, last_used_at, "
                         "use_count) VALUES (?, 'res.partner', 'read', ?, 12), "
                         "(?, 'sale.order', 'read', ?, 3)",
                         {wide, FormatUtc(kNow - 60), wide, FormatUtc(kNow - 120)})
                  .ok());
  auto report = RunAudit(*conn_, AuditOptions{}, kNow);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(ChecksFor(*report, dormant), std::vector<std::string>{"archived_user_key"});
  EXPECT_EQ(ChecksFor(*report, wide), std::vector<std::string>{"scope_wider_than_use"});
  for (const auto& f : report->findings) {
    if (f.check == "scope_wider_than_use") {
      EXPECT_NE(f.recommendation.find("--scope rpc:readonly"), std::string::npos);
    }
  }
  EXPECT_NE(FormatAuditJson(*report).find("\"check\":\"archived_user_key\""), std::string::npos);
  EXPECT_NE(FormatAuditText(*report).find("[warning] archived_user_key"), std::string::npos);
}

}  // namespace
}  // namespace keygate::audit
