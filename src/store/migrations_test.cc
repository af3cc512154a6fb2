// Tests for the migration runner, over an in-memory SQLite connection (the runner itself only
// speaks portable SQL).
#include "store/migrations.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_migrations.h"

namespace keygate::store {
namespace {

std::unique_ptr<SqliteConnection> Memory() {
  auto c = SqliteConnection::Open(":memory:", /*create=*/true);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? std::move(c).value() : nullptr;
}

bool TableExists(SqlConnection& c, const std::string& table) {
  auto rs =
      c.Query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", {table});
  return rs.ok() && AsInt(rs->rows()[0][0]) == 1;
}

std::vector<int64_t> Recorded(SqlConnection& c) {
  auto rs = c.Query("SELECT version FROM keygate_migration ORDER BY version", {});
  EXPECT_TRUE(rs.ok());
  std::vector<int64_t> out;
  if (rs.ok()) {
    for (const auto& row : rs->rows()) out.push_back(AsInt(row[0]));
  }
  return out;
}

const std::vector<EmbeddedFile> kTwo = {
    // Deliberately out of order: the runner sorts by version.
    {"0002_more.sql", "INSERT INTO t1 (x) VALUES (2); CREATE TABLE t2 (y INTEGER);"},
    {"0001_first.sql", "CREATE TABLE t1 (x INTEGER); INSERT INTO t1 (x) VALUES (1);"},
};

TEST(ParseMigrationsTest, SortsByVersion) {
  auto parsed = ParseMigrations(kTwo);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].version, 1);
  EXPECT_EQ((*parsed)[0].name, "0001_first.sql");
  EXPECT_EQ((*parsed)[1].version, 2);
  EXPECT_EQ((*parsed)[1].sql, kTwo[0].content);
}

TEST(ParseMigrationsTest, RejectsBadNames) {
  for (const char* bad : {"core.sql", "0001core.sql", "0001_core.txt", "0000_zero.sql", "_x.sql",
                          "0001_.sql", "12345678901_big.sql"}) {
    auto parsed = ParseMigrations({{bad, "SELECT 1;"}});
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInternal);
  }
}

TEST(ParseMigrationsTest, RejectsDuplicateVersions) {
  auto parsed = ParseMigrations({{"0001_a.sql", ""}, {"1_b.sql", ""}});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInternal);
}

TEST(MigrateTest, AppliesInOrderOnce) {
  auto c = Memory();
  ASSERT_NE(c, nullptr);
  auto fresh = AppliedSchemaVersion(*c);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(*fresh, 0);

  auto applied = Migrate(*c, kTwo);
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  EXPECT_EQ(*applied, 2);
  EXPECT_TRUE(TableExists(*c, "t2"));
  EXPECT_EQ(Recorded(*c), (std::vector<int64_t>{1, 2}));
  auto rows = c->Query("SELECT name, applied_at FROM keygate_migration ORDER BY version", {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(AsText(rows->rows()[0][0]), "0001_first.sql");
  EXPECT_EQ(AsText(rows->rows()[1][1]).size(), 19u);

  applied = Migrate(*c, kTwo);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, 0);
  auto count = c->Query("SELECT COUNT(*) FROM t1", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(AsInt(count->rows()[0][0]), 2);
  auto version = AppliedSchemaVersion(*c);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 2);
}

TEST(MigrateTest, FailingFileIsRolledBackEntirely) {
  auto c = Memory();
  ASSERT_NE(c, nullptr);
  std::vector<EmbeddedFile> files = {
      kTwo[1],
      {"0002_broken.sql", "CREATE TABLE t2 (y INTEGER); INSERT INTO no_such_table VALUES (1);"},
  };
  auto applied = Migrate(*c, files);
  ASSERT_FALSE(applied.ok());
  EXPECT_TRUE(TableExists(*c, "t1"));
  EXPECT_FALSE(TableExists(*c, "t2"));
  EXPECT_EQ(Recorded(*c), (std::vector<int64_t>{1}));
  // The connection is usable and a fixed file applies.
  applied = Migrate(*c, kTwo);
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  EXPECT_EQ(*applied, 1);
  EXPECT_TRUE(TableExists(*c, "t2"));
}

TEST(MigrateTest, RefusesNewerDatabase) {
  auto c = Memory();
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(Migrate(*c, kTwo).ok());
  auto applied = Migrate(*c, {kTwo[1]});
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(applied.status().message().find("version 2"), std::string::npos);
  EXPECT_NE(applied.status().message().find("newer"), std::string::npos);
}

TEST(MigrateTest, FillsGaps) {
  auto c = Memory();
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(Migrate(*c, {kTwo[1]}).ok());
  ASSERT_TRUE(c->Exec("INSERT INTO keygate_migration (version, name, applied_at) "
                      "VALUES (3, '0003_later.sql', '2024-01-01 00:00:00')",
                      {})
                  .ok());
  std::vector<EmbeddedFile> files = {kTwo[1], kTwo[0], {"0003_later.sql", "SELECT no_such();"}};
  auto applied = Migrate(*c, files);
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  EXPECT_EQ(*applied, 1);
  EXPECT_EQ(Recorded(*c), (std::vector<int64_t>{1, 2, 3}));
}

TEST(SqliteMigrationsTest, EmbeddedFilesParse) {
  const auto& files = keygate::SqliteMigrations();
  ASSERT_FALSE(files.empty());
  auto parsed = ParseMigrations(files);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ((*parsed)[0].name, "0001_core.sql");
  EXPECT_NE((*parsed)[0].sql.find("CREATE TABLE res_users_apikeys"), std::string_view::npos);
}

TEST(SqliteMigrationsTest, CoreSchemaAppliesToEmptyDatabase) {
  auto c = Memory();
  ASSERT_NE(c, nullptr);
  auto applied = Migrate(*c, keygate::SqliteMigrations());
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  EXPECT_EQ(*applied, static_cast<int>(keygate::SqliteMigrations().size()));
  EXPECT_TRUE(TableExists(*c, "res_users"));
  EXPECT_TRUE(TableExists(*c, "keygate_auth_generation"));
}

}  // namespace
}  // namespace keygate::store
