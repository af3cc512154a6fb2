#include "gateway/field_catalogue.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "store/sqlite/sqlite_backend.h"

namespace keygate::gateway {
namespace {

// ir_model_fields as an attached Odoo database has it (the columns the catalogue reads).
class FieldCatalogueTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir() + "/field_catalogue_test_" + std::to_string(getpid());
    backend_ = std::make_unique<store::SqliteBackend>(dir_);
    (void)backend_->Drop("f");
    ASSERT_TRUE(backend_->Create("f").ok());
    auto db = backend_->Open("f");
    ASSERT_TRUE(db.ok());
    db_ = *db;
    auto lease = db_->Acquire();
    ASSERT_TRUE(lease.ok());
    lease_ = std::make_unique<store::ConnectionLease>(std::move(*lease));
    ASSERT_TRUE(conn()
                    .Exec("CREATE TABLE ir_model_fields (model TEXT, name TEXT, ttype TEXT, "
                          "relation TEXT, relation_field TEXT, required BOOLEAN, on_delete TEXT)")
                    .ok());
    Add("res.partner", "name", "char", "", "", false, "");
    Add("res.partner", "user_ids", "one2many", "res.users", "partner_id", false, "");
    Add("res.users", "partner_id", "many2one", "res.partner", "", true, "restrict");
  }
  void TearDown() override {
    lease_.reset();
    db_.reset();
    (void)backend_->Drop("f");
  }
  store::SqlConnection& conn() { return **lease_; }
  void Add(const std::string& model, const std::string& name, const std::string& ttype,
           const std::string& relation, const std::string& inverse, bool required,
           const std::string& on_delete) {
    ASSERT_TRUE(
        conn()
            .Exec("INSERT INTO ir_model_fields VALUES (?, ?, ?, NULLIF(?, ''), "
                  "NULLIF(?, ''), ?, NULLIF(?, ''))",
                  {model, name, ttype, relation, inverse, int64_t{required ? 1 : 0}, on_delete})
            .ok());
  }

  std::string dir_;
  std::unique_ptr<store::SqliteBackend> backend_;
  std::shared_ptr<store::Database> db_;
  std::unique_ptr<store::ConnectionLease> lease_;
};

TEST_F(FieldCatalogueTest, ReadsRelationalFieldsAndTheirLinesFate) {
  FakeClock clock(1000);
  FieldCatalogues catalogues(clock);
  auto catalogue = catalogues.For(conn(), "f");
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().message();
  const CatalogueField* users = (*catalogue)->Find("res.partner", "user_ids");
  ASSERT_NE(users, nullptr);
  EXPECT_EQ(users->kind, FieldKind::kOne2many);
  EXPECT_EQ(users->comodel, "res.users");
  EXPECT_TRUE(users->lines_die_unlinked);  // res.users.partner_id is required
  EXPECT_EQ((*catalogue)->Find("res.partner", "name")->kind, FieldKind::kPlain);
  EXPECT_EQ((*catalogue)->Find("res.partner", "nope"), nullptr);
}

TEST_F(FieldCatalogueTest, AFieldInstalledLaterIsSeenAfterAMissOrWhenTheSnapshotIsOld) {
  FakeClock clock(1000);
  FieldCatalogues catalogues(clock);
  ASSERT_TRUE(catalogues.For(conn(), "f").ok());
  Add("res.partner", "x_tag_ids", "many2many", "x.tag", "", false, "");
  // Within kMissRetry of the last load, a miss does not reload.
  auto none = catalogues.AfterMiss(conn(), "f");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, nullptr);
  EXPECT_EQ((*catalogues.For(conn(), "f"))->Find("res.partner", "x_tag_ids"), nullptr);
  clock.Advance(FieldCatalogues::kMissRetry);
  auto newer = catalogues.AfterMiss(conn(), "f");
  ASSERT_TRUE(newer.ok());
  ASSERT_NE(*newer, nullptr);
  EXPECT_EQ((*newer)->Find("res.partner", "x_tag_ids")->comodel, "x.tag");
  // Without a miss, the snapshot is reloaded once it is kMaxAge old.
  Add("res.partner", "x_line_ids", "one2many", "x.line", "x_partner_id", false, "");
  EXPECT_EQ((*catalogues.For(conn(), "f"))->Find("res.partner", "x_line_ids"), nullptr);
  clock.Advance(FieldCatalogues::kMaxAge);
  EXPECT_NE((*catalogues.For(conn(), "f"))->Find("res.partner", "x_line_ids"), nullptr);
}

}  // namespace
}  // namespace keygate::gateway
