// Tests for the periodic housekeeping of one database: what it deletes and what it keeps.
#include "auth/maintenance.h"

#include <gtest/gtest.h>

#include "auth/test_migrated_db.h"
#include "common/clock.h"

namespace keygate::auth {
namespace {

class MaintenanceTest : public MigratedDbTest {
 protected:
  int64_t Count(const std::string& table) {
    auto rows = conn_->Query("SELECT COUNT(*) FROM " + table, {});
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? store::AsInt(rows->rows()[0][0]) : -1;
  }
  void AddAlert(const std::string& created, const std::string& subject) {
    ASSERT_TRUE(
        conn_
            ->Exec("INSERT INTO keygate_alert (create_date, kind, severity, subject, count, "
                   "first_seen, last_seen, message, recommendation) "
                   "VALUES (?, 'brute_force', 'warning', ?, 10, ?, ?, 'm', 'r')",
                   {created, subject, created, created})
            .ok());
  }
};

TEST_F(MaintenanceTest, PurgesAlertsAndNetworksPastRetentionOnly) {
  const int64_t now = 1'800'000'000;
  MaintenanceSettings settings;
  settings.event_retention_days = 30;
  AddAlert(FormatUtc(now - 31 * 86400), "login:old");
  AddAlert(FormatUtc(now - 29 * 86400), "login:recent");
  ASSERT_TRUE(conn_
                  ->Exec("INSERT INTO keygate_key_network (key_id, network, first_seen, last_seen) "
                         "VALUES (1, '10.0.0.0/24', ?, ?), (1, '10.0.1.0/24', ?, ?)",
                         {FormatUtc(now - 40 * 86400), FormatUtc(now - 31 * 86400),
                          FormatUtc(now - 40 * 86400), FormatUtc(now - 1 * 86400)})
                  .ok());
  auto report = MaintainDatabase(*conn_, settings, now);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->old_alerts, 1);
  EXPECT_EQ(Count("keygate_alert"), 1);
  EXPECT_EQ(Count("keygate_key_network"), 1);
  auto left = conn_->Query("SELECT subject FROM keygate_alert", {});
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(store::AsText(left->rows()[0][0]), "login:recent");
}

TEST_F(MaintenanceTest, ZeroRetentionKeepsAlerts) {
  const int64_t now = 1'800'000'000;
  MaintenanceSettings settings;
  settings.event_retention_days = 0;
  AddAlert(FormatUtc(now - 400 * 86400), "login:ancient");
  auto report = MaintainDatabase(*conn_, settings, now);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->old_alerts, 0);
  EXPECT_EQ(Count("keygate_alert"), 1);
}

}  // namespace
}  // namespace keygate::auth
