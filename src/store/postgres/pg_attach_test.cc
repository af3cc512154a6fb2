// keygate attached to an Odoo database (pg_attach.h), at the backend level: an Odoo database is
// refused until attached, attaching is idempotent and refuses keygate's own databases and other
// Odoo versions, an attached database is opened with keygate's views and never dropped, and its
// auth generation follows changes Odoo makes behind keygate's back. The Odoo schema is the
// fixture of the end-to-end tests (tests/integration/data/odoo18_schema.sql).
#include "store/postgres/pg_attach.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "store/postgres/pg_backend.h"
#include "store/postgres/pg_test_env.h"
#include "store/repositories.h"

namespace keygate::store {
namespace {

std::string ReadFixture() {
  std::ifstream in(KG_TEST_ODOO18_FIXTURE);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class PgAttachTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto options = TestPgOptions();
    ASSERT_TRUE(options.has_value());
    options_ = *options;
    backend_ = std::make_unique<PgBackend>(options_);
  }
  void TearDown() override {
    backend_.reset();
    auto admin = PgConnection::Open(options_.connect, "postgres");
    if (!admin.ok()) return;
    for (const auto& name : made_) {
      (void)(*admin)->ExecScript("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }
  // A new database holding the Odoo 18 fixture; `edit` runs after it (SQL, may be empty).
  std::string MakeOdooDatabase(const std::string& edit = "") {
    const std::string name = UniqueTestDbName("odoo");
    auto admin = PgConnection::Open(options_.connect, "postgres");
    EXPECT_TRUE(admin.ok());
    if (!admin.ok()) return name;
    EXPECT_TRUE((*admin)->ExecScript("CREATE DATABASE \"" + name + "\"").ok());
    made_.push_back(name);
    auto c = PgConnection::Open(options_.connect, name);
    EXPECT_TRUE(c.ok());
    if (!c.ok()) return name;
    EXPECT_TRUE((*c)->ExecScript(ReadFixture()).ok());
    if (!edit.empty()) {
      EXPECT_TRUE((*c)->ExecScript(edit).ok());
    }
    return name;
  }
  // Runs SQL as Odoo would: a plain connection, Odoo's tables.
  void OdooExec(const std::string& db, const std::string& sql) {
    auto c = PgConnection::Open(options_.connect, db);
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE((*c)->ExecScript(sql).ok()) << sql;
  }

  PgBackendOptions options_;
  std::unique_ptr<PgBackend> backend_;
  std::vector<std::string> made_;
};

TEST_F(PgAttachTest, OdooDatabaseIsRefusedUntilAttached) {
  const std::string db = MakeOdooDatabase();
  auto refused = backend_->Open(db);
  ASSERT_EQ(refused.status().code(), StatusCode::kUserError);
  EXPECT_NE(refused.status().message().find("keygate db attach " + db), std::string::npos);
  EXPECT_FALSE(backend_->Exists(db));

  auto attached = backend_->Attach(db);
  ASSERT_TRUE(attached.ok()) << attached.status().message();
  EXPECT_FALSE(attached->already_attached);
  EXPECT_EQ(attached->odoo.version, "18.0.1.3");
  EXPECT_EQ(attached->odoo.major, 18);
  EXPECT_TRUE(backend_->Exists(db));

  auto opened = backend_->Open(db);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_TRUE((*opened)->attached());
  auto lease = (*opened)->Acquire();
  ASSERT_TRUE(lease.ok());
  auto attached_flag = IsAttachedOdooDatabase(**lease);
  ASSERT_TRUE(attached_flag.ok());
  EXPECT_TRUE(*attached_flag);
  // keygate's repositories read Odoo's rows through the views.
  Users users(**lease);
  auto admin = users.FindByLogin("admin");
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE(admin->has_value());
  EXPECT_EQ((*admin)->id, 2);
  EXPECT_EQ((*admin)->name, "Mitchell Admin");
  EXPECT_EQ((*admin)->create_date, "2025-01-02 10:00:00");

  EXPECT_EQ(backend_->Drop(db).code(), StatusCode::kUserError);
  auto again = backend_->Attach(db);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->already_attached);

  ASSERT_TRUE(backend_->Detach(db).ok());
  EXPECT_EQ(backend_->Open(db).status().code(), StatusCode::kUserError);
}

TEST_F(PgAttachTest, GenerationFollowsOdoosChanges) {
  const std::string db = MakeOdooDatabase();
  ASSERT_TRUE(backend_->Attach(db).ok());
  auto opened = backend_->Open(db);
  ASSERT_TRUE(opened.ok());
  auto lease = (*opened)->Acquire();
  ASSERT_TRUE(lease.ok());
  auto before = AuthGeneration(**lease);
  ASSERT_TRUE(before.ok()) << before.status().message();
  OdooExec(db, "UPDATE res_users SET active = false WHERE id = 6");
  // Odoo's change is seen once the per-connection fingerprint is re-read (within a second).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int64_t now_value = *before;
  while (now_value == *before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto g = AuthGeneration(**lease);
    ASSERT_TRUE(g.ok());
    now_value = *g;
  }
  EXPECT_NE(now_value, *before);
  // keygate's own writes change it at once.
  auto settled = AuthGeneration(**lease);
  ASSERT_TRUE(settled.ok());
  ASSERT_TRUE(Users(**lease).SetActive(6, true).ok());
  auto after = AuthGeneration(**lease);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(*after, *settled);
}

TEST_F(PgAttachTest, RefusesKeygatesOwnDatabasesAndOtherVersions) {
  const std::string own = UniqueTestDbName("own");
  ASSERT_TRUE(backend_->Create(own).ok());
  made_.push_back(own);
  auto refused = backend_->Attach(own);
  EXPECT_EQ(refused.status().code(), StatusCode::kUserError);
  auto opened = backend_->Open(own);
  ASSERT_TRUE(opened.ok());
  EXPECT_FALSE((*opened)->attached());

  const std::string old = MakeOdooDatabase(
      "UPDATE ir_module_module SET latest_version = '16.0.1.3' WHERE name = 'base'");
  auto too_old = backend_->Attach(old);
  ASSERT_EQ(too_old.status().code(), StatusCode::kUserError);
  EXPECT_NE(too_old.status().message().find("Odoo 17, 18 and 19 only"), std::string::npos);
  auto c = PgConnection::Open(options_.connect, old);
  ASSERT_TRUE(c.ok());
  auto schema = (*c)->Query("SELECT count(*) FROM pg_namespace WHERE nspname = 'keygate'", {});
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(AsInt(schema->rows()[0][0]), 0);  // the failed attach left nothing behind
}

}  // namespace
}  // namespace keygate::store
