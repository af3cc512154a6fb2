// SQLite-specific backend behaviour: files on disk, another process dropping or re-creating a
// database, migration versions, the connection pool.
#include "store/sqlite/sqlite_backend.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>

#include "store/generation_source.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_connection.h"

namespace keygate::store {
namespace {

namespace fs = std::filesystem;

class SqliteBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/kg_sqlite_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    tmp_ = pattern;
    dir_ = tmp_ + "/nested/data";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }

  static ConnectionLease MustAcquire(Database& db) {
    auto lease = db.Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status().message();
    if (!lease.ok()) return ConnectionLease(nullptr, [](SqlConnection*) {});
    return std::move(lease).value();
  }

  std::string tmp_;
  std::string dir_;
};

TEST_F(SqliteBackendTest, OneFilePerDatabase) {
  SqliteBackend backend(dir_);
  ASSERT_TRUE(backend.Create("demo").ok());  // creates the nested data directory
  EXPECT_EQ(backend.PathFor("demo"), dir_ + "/demo.sqlite");
  EXPECT_TRUE(fs::is_regular_file(dir_ + "/demo.sqlite"));
  auto list = backend.List();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, std::vector<std::string>{"demo"});
}

TEST_F(SqliteBackendTest, ListOnMissingDirectoryIsEmpty) {
  SqliteBackend backend(dir_);
  auto list = backend.List();
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  EXPECT_FALSE(backend.Exists("demo"));
}

TEST_F(SqliteBackendTest, ListIgnoresOtherFiles) {
  SqliteBackend backend(dir_);
  ASSERT_TRUE(backend.Create("zeta").ok());
  ASSERT_TRUE(backend.Create("alpha.v2").ok());
  std::ofstream(dir_ + "/notes.txt") << "x";
  std::ofstream(dir_ + "/-bad.sqlite") << "x";
  std::ofstream(dir_ + "/zeta.sqlite-wal.bak") << "x";
  fs::create_directory(dir_ + "/folder.sqlite");
  auto list = backend.List();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, (std::vector<std::string>{"alpha.v2", "zeta"}));
  EXPECT_FALSE(backend.Exists("folder"));
  EXPECT_EQ(backend.Open("folder").status().code(), StatusCode::kDatabaseNotFound);
}

TEST_F(SqliteBackendTest, UsesWalMode) {
  SqliteBackend backend(dir_);
  ASSERT_TRUE(backend.Create("wal").ok());
  auto db = backend.Open("wal");
  ASSERT_TRUE(db.ok());
  auto c = MustAcquire(**db);
  auto mode = c->Query("PRAGMA journal_mode", {});
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(AsText(mode->rows()[0][0]), "wal");
}

TEST_F(SqliteBackendTest, DropRemovesCompanionFiles) {
  SqliteBackend backend(dir_);
  ASSERT_TRUE(backend.Create("gone").ok());
  {
    auto db = backend.Open("gone");
    ASSERT_TRUE(db.ok());
    auto c = MustAcquire(**db);
    ASSERT_TRUE(ConfigParameters(*c).Set("k", "v").ok());
    EXPECT_TRUE(fs::exists(dir_ + "/gone.sqlite-wal"));
  }
  ASSERT_TRUE(backend.Drop("gone").ok());
  for (const char* suffix : {"", "-wal", "-shm"}) {
    EXPECT_FALSE(fs::exists(dir_ + "/gone.sqlite" + suffix)) << suffix;
  }
}

TEST_F(SqliteBackendTest, NoticesFileDeletedByAnotherProcess) {
  SqliteBackend server(dir_);
  ASSERT_TRUE(server.Create("shared").ok());
  auto db = server.Open("shared");
  ASSERT_TRUE(db.ok());
  {
    auto c = MustAcquire(**db);
    ASSERT_TRUE(ConfigParameters(*c).Set("origin", "first").ok());
  }
  // The CLI, with its own backend, drops the database.
  SqliteBackend cli(dir_);
  ASSERT_TRUE(cli.Drop("shared").ok());
  auto reopened = server.Open("shared");
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kDatabaseNotFound);
  EXPECT_FALSE((*db)->Acquire().ok());
}

TEST_F(SqliteBackendTest, NoticesDatabaseRecreatedByAnotherProcess) {
  SqliteBackend server(dir_);
  ASSERT_TRUE(server.Create("shared").ok());
  auto old_db = server.Open("shared");
  ASSERT_TRUE(old_db.ok());
  {
    auto c = MustAcquire(**old_db);
    ASSERT_TRUE(ConfigParameters(*c).Set("origin", "first").ok());
  }
  SqliteBackend cli(dir_);
  ASSERT_TRUE(cli.Drop("shared").ok());
  ASSERT_TRUE(cli.Create("shared").ok());
  auto new_db = server.Open("shared");
  ASSERT_TRUE(new_db.ok()) << new_db.status().message();
  EXPECT_NE(new_db->get(), old_db->get());
  auto c = MustAcquire(**new_db);
  auto origin = ConfigParameters(*c).Get("origin");
  ASSERT_TRUE(origin.ok());
  EXPECT_FALSE(origin->has_value());
}

TEST_F(SqliteBackendTest, RefusesDatabaseFromNewerKeygate) {
  static const std::vector<EmbeddedFile> kV1 = {{"0001_a.sql", "CREATE TABLE a (x INTEGER);"}};
  static const std::vector<EmbeddedFile> kV2 = {kV1[0],
                                                {"0002_b.sql", "CREATE TABLE b (x INTEGER);"}};
  {
    SqliteBackend newer(dir_, kV2);
    ASSERT_TRUE(newer.Create("future").ok());
  }
  SqliteBackend older(dir_, kV1);
  auto db = older.Open("future");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(db.status().message().find("newer than this keygate supports"), std::string::npos);
  EXPECT_TRUE(older.Exists("future"));  // refused, not damaged

  // Opening with a newer binary applies the pending migration.
  SqliteBackend v1(tmp_ + "/other", kV1);
  ASSERT_TRUE(v1.Create("old").ok());
  SqliteBackend v2(tmp_ + "/other", kV2);
  auto old = v2.Open("old");
  ASSERT_TRUE(old.ok()) << old.status().message();
  auto c = MustAcquire(**old);
  auto version = c->Query("SELECT MAX(version) FROM keygate_migration", {});
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(AsInt(version->rows()[0][0]), 2);
}

TEST_F(SqliteBackendTest, FailedCreateLeavesNoFile) {
  static const std::vector<EmbeddedFile> kBroken = {{"0001_bad.sql", "CREATE TABLE ("}};
  SqliteBackend backend(dir_, kBroken);
  EXPECT_FALSE(backend.Create("broken").ok());
  EXPECT_FALSE(backend.Exists("broken"));
  EXPECT_FALSE(fs::exists(dir_ + "/broken.sqlite"));
}

TEST_F(SqliteBackendTest, EmptyFileIsMigratedOnOpen) {
  // A file created but not yet migrated (another process mid-Create) is a fresh database.
  fs::create_directories(dir_);
  std::ofstream(dir_ + "/blank.sqlite").close();
  SqliteBackend backend(dir_);
  auto db = backend.Open("blank");
  ASSERT_TRUE(db.ok()) << db.status().message();
  auto c = MustAcquire(**db);
  auto root = Users(*c).FindById(1);
  ASSERT_TRUE(root.ok());
  ASSERT_TRUE(root->has_value());
  EXPECT_EQ((*root)->login, "__system__");
}

TEST_F(SqliteBackendTest, PoolKeepsAtMostSixteenIdle) {
  SqliteBackend backend(dir_);
  ASSERT_TRUE(backend.Create("pool").ok());
  auto opened = backend.Open("pool");
  ASSERT_TRUE(opened.ok());
  auto* db = static_cast<SqliteDatabase*>(opened->get());
  EXPECT_EQ(db->idle_connections(), 1u);  // the one that migrated
  {
    std::vector<ConnectionLease> leases;
    for (int i = 0; i < 20; ++i) leases.push_back(MustAcquire(*db));
    EXPECT_EQ(db->idle_connections(), 0u);
  }
  EXPECT_EQ(db->idle_connections(), SqlitePool::kDefaultMaxIdle);
  // Reuse: acquiring again takes an idle connection rather than opening one.
  {
    auto c = MustAcquire(*db);
    EXPECT_EQ(db->idle_connections(), SqlitePool::kDefaultMaxIdle - 1);
  }
  EXPECT_EQ(db->idle_connections(), SqlitePool::kDefaultMaxIdle);
}

TEST_F(SqliteBackendTest, BusyWriterIsUnavailable) {
  SqliteBackend backend(dir_);
  ASSERT_TRUE(backend.Create("busy").ok());
  auto db = backend.Open("busy");
  ASSERT_TRUE(db.ok());
  auto writer = MustAcquire(**db);
  auto waiter = MustAcquire(**db);
  ASSERT_TRUE(waiter->ExecScript("PRAGMA busy_timeout = 0").ok());
  ASSERT_TRUE(writer->Begin().ok());
  Status s = waiter->Begin();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "the database is busy, please retry");
  ASSERT_TRUE(writer->Rollback().ok());
  ASSERT_TRUE(waiter->Begin().ok());
  ASSERT_TRUE(waiter->Rollback().ok());
  ASSERT_TRUE(waiter->ExecScript("PRAGMA busy_timeout = 10000").ok());
}

TEST_F(SqliteBackendTest, LeaseOutlivesBackendAndDatabase) {
  ConnectionLease lease(nullptr, [](SqlConnection*) {});
  {
    SqliteBackend backend(dir_);
    ASSERT_TRUE(backend.Create("outlive").ok());
    auto db = backend.Open("outlive");
    ASSERT_TRUE(db.ok());
    lease = MustAcquire(**db);
  }
  ASSERT_NE(lease, nullptr);
  auto gen = AuthGeneration(*lease);
  ASSERT_TRUE(gen.ok());
  EXPECT_GE(*gen, 1);
  lease.reset();  // returned to a closed pool: simply closed
}

}  // namespace
}  // namespace keygate::store

namespace keygate::store {
namespace {

// Option db_statement_timeout_ms on SQLite: a statement past it is interrupted and answered as
// PostgreSQL answers its statement_timeout; the connection and its transactions stay usable.
TEST(SqliteStatementTimeout, LongStatementIsInterruptedAndTheConnectionLives) {
  auto c = SqliteConnection::Open(":memory:", /*create=*/true, /*statement_timeout_ms=*/100);
  ASSERT_TRUE(c.ok());
  constexpr const char* kForever =
      "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000000) "
      "SELECT count(*) FROM n";
  auto start = std::chrono::steady_clock::now();
  auto rs = (*c)->Query(kForever, {});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(rs.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(rs.status().message(), "the database took too long to answer, please retry");
  EXPECT_LT(took, std::chrono::seconds(5));
  auto again = (*c)->Query("SELECT 1", {});
  ASSERT_TRUE(again.ok());
  // Inside a transaction: the interrupted write ends it; rolling back is still fine.
  ASSERT_TRUE((*c)->ExecScript("CREATE TABLE t (x INTEGER)").ok());
  ASSERT_TRUE((*c)->Begin().ok());
  EXPECT_EQ((*c)->Exec(std::string("INSERT INTO t ") + kForever, {}).status().code(),
            StatusCode::kUnavailable);
  EXPECT_TRUE((*c)->Rollback().ok());
  EXPECT_FALSE((*c)->InTransaction());
  EXPECT_TRUE((*c)->Exec("INSERT INTO t VALUES (1)", {}).ok());
}

TEST(SqliteStatementTimeout, NoLimitByDefault) {
  auto c = SqliteConnection::Open(":memory:", /*create=*/true);
  ASSERT_TRUE(c.ok());
  auto rs = (*c)->Query(
      "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3000000) "
      "SELECT count(*) FROM n",
      {});
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(AsInt(rs->rows()[0][0]), 3000000);
}

// A database served through the pool, and a second connection to its file that commits.
class SqliteCommitTest : public SqliteBackendTest {
 protected:
  void SetUp() override {
    SqliteBackendTest::SetUp();
    backend_ = std::make_unique<SqliteBackend>(dir_);
    ASSERT_TRUE(backend_->Create("demo").ok());
    auto db = backend_->Open("demo");
    ASSERT_TRUE(db.ok());
    db_ = *db;
    auto writer = SqliteConnection::Open(backend_->PathFor("demo"), /*create=*/false);
    ASSERT_TRUE(writer.ok());
    writer_ = std::move(*writer);
  }
  void TearDown() override {
    writer_.reset();
    db_.reset();
    backend_.reset();
    SqliteBackendTest::TearDown();
  }

  std::unique_ptr<SqliteBackend> backend_;
  std::shared_ptr<Database> db_;
  std::unique_ptr<SqliteConnection> writer_;
};

// The commit stamp (the WAL-index header) changes with every commit of any connection that
// changes the file, and the auth generation is read again only then.
TEST_F(SqliteCommitTest, CommitStampMovesWithEveryCommitOfAnyConnection) {
  auto reader = MustAcquire(*db_);
  ASSERT_TRUE(reader->Query("SELECT value FROM keygate_auth_generation", {}).ok());
  const auto before = reader->CommitStampNow();
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(reader->CommitStampNow(), before);  // nothing committed: the same stamp

  // Another connection commits a change: the stamp moves without a statement on this one.
  auto changed = writer_->Exec("UPDATE res_partner SET name = 'Renamed' WHERE id = 1", {});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 1);
  const auto after = reader->CommitStampNow();
  ASSERT_TRUE(after.has_value());
  EXPECT_NE(after, before);
  EXPECT_EQ(reader->CommitStampNow(), after);

  // A statement that leaves every byte as it was writes nothing (SQLite skips identical cells),
  // and nothing changed: the stamp stays.
  ASSERT_TRUE(writer_->Exec("UPDATE res_partner SET name = name WHERE id = 1", {}).ok());
  EXPECT_EQ(reader->CommitStampNow(), after);
}

TEST_F(SqliteCommitTest, AuthGenerationIsReadAgainOnlyAfterACommit) {
  auto c = MustAcquire(*db_);
  QueryGenerationSource source;
  auto generation = [&] {
    auto g = source.Current(*c, "demo");
    EXPECT_TRUE(g.ok());
    return g.ok() ? *g : -1;
  };
  auto write = [&](const char* sql) {
    auto n = writer_->Exec(sql, {});
    EXPECT_TRUE(n.ok() && *n == 1) << sql;
  };
  const int64_t first = generation();
  (void)generation();  // the stamp is known once this connection has read
  uint64_t statements = StatementsOnThisThread();
  EXPECT_EQ(generation(), first);
  EXPECT_EQ(generation(), first);
  EXPECT_EQ(StatementsOnThisThread(), statements);  // answered from the memo

  // A commit that bumps the generation (a user's change, by another connection): read again,
  // once.
  write("UPDATE res_users SET login = 'renamed' WHERE id = 1");
  statements = StatementsOnThisThread();
  EXPECT_EQ(generation(), first + 1);
  EXPECT_EQ(StatementsOnThisThread(), statements + 1);
  EXPECT_EQ(generation(), first + 1);
  EXPECT_EQ(StatementsOnThisThread(), statements + 1);

  // A commit that does not bump it: read once more, the same value.
  write("UPDATE res_partner SET name = 'Renamed' WHERE id = 1");
  statements = StatementsOnThisThread();
  EXPECT_EQ(generation(), first + 1);
  EXPECT_EQ(StatementsOnThisThread(), statements + 1);
}

}  // namespace
}  // namespace keygate::store
