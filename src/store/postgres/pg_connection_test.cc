// PostgreSQL-specific tests: placeholder rewriting, typed results, error mapping, transactions,
// the pool's bound, the backend's view of foreign databases, and recovery after a server restart.
#include "store/postgres/pg_connection.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "store/postgres/pg_backend.h"
#include "store/postgres/pg_pool.h"
#include "store/postgres/pg_test_env.h"

namespace keygate::store {
namespace {

std::string Rewrite(std::string_view sql, int expected_count) {
  int n = -1;
  std::string out = RewritePlaceholders(sql, &n);
  EXPECT_EQ(n, expected_count) << sql;
  return out;
}

TEST(RewritePlaceholdersTest, NumbersPlaceholdersInOrder) {
  EXPECT_EQ(Rewrite("SELECT a FROM t WHERE b = ? AND c IN (?, ?)", 3),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(Rewrite("SELECT 1", 0), "SELECT 1");
}

TEST(RewritePlaceholdersTest, LeavesLiteralsIdentifiersAndCommentsAlone) {
  EXPECT_EQ(Rewrite("SELECT '?', 'it''s ?', ? FROM \"we?rd\"\"?\" WHERE x = ?", 2),
            "SELECT '?', 'it''s ?', $1 FROM \"we?rd\"\"?\" WHERE x = $2");
  EXPECT_EQ(Rewrite("SELECT ? -- why?\n, ? /* what? */", 2), "SELECT $1 -- why?\n, $2 /* what? */");
  // Standard strings: a backslash is an ordinary character.
  EXPECT_EQ(Rewrite("SELECT a LIKE ? ESCAPE '\\' AND b = ?", 2),
            "SELECT a LIKE $1 ESCAPE '\\' AND b = $2");
  // E'' strings: a backslash escapes the quote.
  EXPECT_EQ(Rewrite("SELECT E'\\'?', ?", 1), "SELECT E'\\'?', $1");
  EXPECT_EQ(Rewrite("SELECT $$ ? $$, $tag$ '?' $tag$, ?", 1),
            "SELECT $$ ? $$, $tag$ '?' $tag$, $1");
}

TEST(RewritePlaceholdersTest, UnterminatedLiteralIsKeptWhole) {
  EXPECT_EQ(Rewrite("SELECT '?", 0), "SELECT '?");
  EXPECT_EQ(Rewrite("SELECT \"?", 0), "SELECT \"?");
}

TEST(PgDialectTest, LikeForms) {
  PgDialect d;
  EXPECT_EQ(d.name(), "postgresql");
  EXPECT_EQ(d.ILike("name", "?"), "name ILIKE ? ESCAPE '\\'");
  EXPECT_EQ(d.Like("name", "?"), "name LIKE ? ESCAPE '\\'");
}

class PgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto options = TestPgOptions();
    ASSERT_TRUE(options.has_value());
    options_ = *options;
    backend_ = std::make_unique<PgBackend>(options_);
  }
  void TearDown() override {
    for (const auto& name : created_) (void)backend_->Drop(name);
    backend_.reset();
  }
  std::shared_ptr<Database> CreateAndOpen(const std::string& base) {
    std::string name = UniqueTestDbName(base);
    Status s = backend_->Create(name);
    EXPECT_TRUE(s.ok()) << s.message();
    created_.push_back(name);
    auto db = backend_->Open(name);
    EXPECT_TRUE(db.ok()) << db.status().message();
    return db.ok() ? *db : nullptr;
  }
  // A plain connection to the maintenance database.
  std::unique_ptr<PgConnection> Admin() {
    auto c = PgConnection::Open(options_.connect, "postgres");
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? std::move(*c) : nullptr;
  }

  PgBackendOptions options_;
  std::unique_ptr<PgBackend> backend_;
  std::vector<std::string> created_;
};

TEST_F(PgTest, ResultsAreTypedAsOnSqlite) {
  auto c = Admin();
  ASSERT_NE(c, nullptr);
  auto rs = c->Query(
      "SELECT 42::int4, 7::int8, TRUE, FALSE, 1.5::float8, sum(x), 2.5::numeric, 'text', NULL "
      "FROM (VALUES (1::int8), (2::int8)) v(x)",
      {});
  ASSERT_TRUE(rs.ok()) << rs.status().message();
  ASSERT_EQ(rs->size(), 1u);
  const auto& row = rs->rows()[0];
  EXPECT_EQ(std::get<int64_t>(row[0]), 42);
  EXPECT_EQ(std::get<int64_t>(row[1]), 7);
  EXPECT_EQ(std::get<int64_t>(row[2]), 1);
  EXPECT_EQ(std::get<int64_t>(row[3]), 0);
  EXPECT_DOUBLE_EQ(std::get<double>(row[4]), 1.5);
  EXPECT_EQ(std::get<int64_t>(row[5]), 3);  // numeric sum of bigints stays an integer
  EXPECT_DOUBLE_EQ(std::get<double>(row[6]), 2.5);
  EXPECT_EQ(std::get<std::string>(row[7]), "text");
  EXPECT_TRUE(IsNull(row[8]));
}

TEST_F(PgTest, ParametersTakeTheirTypeFromContext) {
  auto c = Admin();
  ASSERT_NE(c, nullptr);
  auto rs = c->Query("SELECT ? IS NULL, ? IS NULL, ? + 1, ?::float8 * 2, length(?)",
                     {SqlValue(), SqlValue(int64_t{5}), SqlValue(int64_t{41}), SqlValue(1.25),
                      SqlValue(std::string("héllo"))});
  ASSERT_TRUE(rs.ok()) << rs.status().message();
  const auto& row = rs->rows()[0];
  EXPECT_EQ(AsInt(row[0]), 1);
  EXPECT_EQ(AsInt(row[1]), 0);
  EXPECT_EQ(AsInt(row[2]), 42);
  EXPECT_DOUBLE_EQ(AsDouble(row[3]), 2.5);
  EXPECT_EQ(AsInt(row[4]), 5);
}

TEST_F(PgTest, BooleanColumnsTakeIntegersAndCompareWithThem) {
  auto db = CreateAndOpen("bools");
  ASSERT_NE(db, nullptr);
  auto c = db->Acquire();
  ASSERT_TRUE(c.ok());
  auto n = (*c)->Exec("UPDATE res_partner SET is_company = ?, active = ? WHERE id = 2",
                      {SqlValue(int64_t{1}), SqlValue(int64_t{0})});
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 1);
  auto rs = (*c)->Query(
      "SELECT is_company, active FROM res_partner WHERE id = 2 AND is_company = 1 AND active != 1 "
      "AND active = 0 AND is_company",
      {});
  ASSERT_TRUE(rs.ok()) << rs.status().message();
  ASSERT_EQ(rs->size(), 1u);
  EXPECT_EQ(std::get<int64_t>(rs->rows()[0][0]), 1);
  EXPECT_EQ(std::get<int64_t>(rs->rows()[0][1]), 0);
}

TEST_F(PgTest, ExplicitIdsInBaseDataDoNotCollideWithNewRows) {
  auto db = CreateAndOpen("serial");
  ASSERT_NE(db, nullptr);
  auto c = db->Acquire();
  ASSERT_TRUE(c.ok());
  for (const char* table : {"res_partner", "res_groups", "ir_module_category"}) {
    auto rs =
        (*c)->Query(std::string("INSERT INTO ") + table +
                        " (name) VALUES ('new') RETURNING id, (SELECT count(*) FROM " + table + ")",
                    {});
    ASSERT_TRUE(rs.ok()) << table << ": " << rs.status().message();
    EXPECT_EQ(AsInt(rs->rows()[0][0]), AsInt(rs->rows()[0][1]) + 1) << table;
  }
}

TEST_F(PgTest, ErrorsMapToCodesWithoutTheSql) {
  auto db = CreateAndOpen("errors");
  ASSERT_NE(db, nullptr);
  auto c = db->Acquire();
  ASSERT_TRUE(c.ok());
  auto dup = (*c)->Exec("INSERT INTO res_users (login, partner_id) VALUES ('__system__', 1)", {});
  EXPECT_EQ(dup.status().code(), StatusCode::kValidationError);
  auto bad = (*c)->Query("SELECT secret_column_xyz FROM nowhere", {});
  EXPECT_EQ(bad.status().code(), StatusCode::kInternal);
  EXPECT_EQ(bad.status().message().find("secret_column_xyz"), std::string::npos);
  auto mismatch = (*c)->Query("SELECT ?", {});
  EXPECT_EQ(mismatch.status().code(), StatusCode::kInternal);
}

TEST_F(PgTest, BadStatementInATransactionLeavesItUsable) {
  auto db = CreateAndOpen("tx");
  ASSERT_NE(db, nullptr);
  auto c = db->Acquire();
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE((*c)->Begin().ok());
  ASSERT_TRUE((*c)->Exec("INSERT INTO ir_module_category (name) VALUES ('a')", {}).ok());
  EXPECT_FALSE((*c)->Query("SELECT nope FROM nowhere", {}).ok());
  ASSERT_TRUE((*c)->Exec("INSERT INTO ir_module_category (name) VALUES ('b')", {}).ok());
  ASSERT_TRUE((*c)->Commit().ok());
  auto rs = (*c)->Query("SELECT count(*) FROM ir_module_category WHERE name IN ('a', 'b')", {});
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(AsInt(rs->rows()[0][0]), 2);
}

TEST_F(PgTest, RolledBackTransactionLeavesNothing) {
  auto db = CreateAndOpen("rollback");
  ASSERT_NE(db, nullptr);
  {
    auto c = db->Acquire();
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE((*c)->Begin().ok());
    ASSERT_TRUE((*c)->Exec("INSERT INTO ir_module_category (name) VALUES ('gone')", {}).ok());
    // The lease is returned with the transaction open: the pool rolls it back.
  }
  auto c = db->Acquire();
  ASSERT_TRUE(c.ok());
  auto rs = (*c)->Query("SELECT count(*) FROM ir_module_category WHERE name = 'gone'", {});
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(AsInt(rs->rows()[0][0]), 0);
}

TEST_F(PgTest, StatementTimeoutIsUnavailable) {
  PgConnectOptions o = options_.connect;
  o.statement_timeout_ms = 100;
  auto c = PgConnection::Open(o, "postgres");
  ASSERT_TRUE(c.ok());
  auto rs = (*c)->Query("SELECT pg_sleep(2)", {});
  EXPECT_EQ(rs.status().code(), StatusCode::kUnavailable);
  auto again = (*c)->Query("SELECT 1", {});
  EXPECT_TRUE(again.ok());
}

TEST_F(PgTest, UnreachableServerIsUnavailable) {
  PgConnectOptions o = options_.connect;
  o.port = 1;  // nothing listens there
  auto c = PgConnection::Open(o, "postgres");
  EXPECT_EQ(c.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(c.status().message(), "the database server is unavailable");
  PgBackendOptions bo = options_;
  bo.connect = o;
  PgBackend backend(bo);
  EXPECT_EQ(backend.List().status().code(), StatusCode::kUnavailable);
}

TEST_F(PgTest, PoolIsBounded) {
  auto pool = PgPool::Make(options_.connect, "postgres", 2, std::chrono::milliseconds(200));
  auto a = pool->Acquire();
  auto b = pool->Acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(pool->open_count(), 2u);
  auto c = pool->Acquire();
  EXPECT_EQ(c.status().code(), StatusCode::kUnavailable);
  a->reset();
  auto d = pool->Acquire();
  EXPECT_TRUE(d.ok());
  EXPECT_EQ(pool->open_count(), 2u);
}

TEST_F(PgTest, ForeignDatabasesAreNeitherListedNorDropped) {
  const std::string foreign = UniqueTestDbName("foreign");
  auto admin = Admin();
  ASSERT_NE(admin, nullptr);
  ASSERT_TRUE(admin->ExecScript("CREATE DATABASE \"" + foreign + "\"").ok());
  auto db = CreateAndOpen("mine");
  ASSERT_NE(db, nullptr);
  auto names = backend_->List();
  ASSERT_TRUE(names.ok()) << names.status().message();
  EXPECT_NE(std::find(names->begin(), names->end(), db->name()), names->end());
  EXPECT_EQ(std::find(names->begin(), names->end(), foreign), names->end());
  EXPECT_FALSE(backend_->Exists(foreign));
  EXPECT_EQ(backend_->Open(foreign).status().code(), StatusCode::kDatabaseNotFound);
  EXPECT_EQ(backend_->Drop(foreign).code(), StatusCode::kDatabaseNotFound);
  EXPECT_EQ(backend_->Create(foreign).code(), StatusCode::kUserError);
  EXPECT_TRUE(admin->ExecScript("DROP DATABASE \"" + foreign + "\"").ok());
}

TEST_F(PgTest, DropEndsOtherSessions) {
  auto db = CreateAndOpen("busy");
  ASSERT_NE(db, nullptr);
  // Another process's session on the database.
  auto other = PgConnection::Open(options_.connect, db->name());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(backend_->Drop(db->name()).ok());
  created_.clear();
  EXPECT_FALSE(backend_->Exists(db->name()));
  EXPECT_FALSE((*other)->Query("SELECT 1", {}).ok());
}

// Restarts the server: idle pooled connections, and the next statement of a lease whose
// connection died, must reconnect by themselves.
TEST_F(PgTest, RecoversAfterServerRestart) {
  const char* ctl = std::getenv("KEYGATE_TEST_PG_CTL");
  ASSERT_NE(ctl, nullptr) << "KEYGATE_TEST_PG_CTL is not set (run under scripts/with-postgres.sh)";
  auto db = CreateAndOpen("restart");
  ASSERT_NE(db, nullptr);
  {
    // Two connections: one idle in the pool during the restart, one leased across it.
    auto a = db->Acquire();
    auto b = db->Acquire();
    ASSERT_TRUE(a.ok() && b.ok());
  }
  auto held = db->Acquire();
  ASSERT_TRUE(held.ok());
  ASSERT_TRUE((*held)->Query("SELECT 1", {}).ok());
  std::string cmd = std::string(ctl) + " restart -m fast >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);

  // The leased connection already ran a statement: it reports the loss rather than retrying.
  auto lost = (*held)->Query("SELECT 1", {});
  EXPECT_EQ(lost.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(lost.status().message(), "the database server is unavailable");
  held->reset();

  for (int i = 0; i < 4; ++i) {
    auto c = db->Acquire();
    ASSERT_TRUE(c.ok()) << c.status().message();
    auto rs = (*c)->Query("SELECT count(*) FROM res_users", {});
    ASSERT_TRUE(rs.ok()) << i << ": " << rs.status().message();
    EXPECT_GE(AsInt(rs->rows()[0][0]), 1);
  }
  auto names = backend_->List();
  EXPECT_TRUE(names.ok());
}

}  // namespace
}  // namespace keygate::store
