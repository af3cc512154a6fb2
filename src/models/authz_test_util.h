// Test support for the authorization tests: a fully migrated SQLite database (every shipped
// migration) in a temporary directory, a small registry declaring the shipped models, and
// helpers to make users and put them in groups.
// Thread-safety: one test at a time.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "models/access_data.h"
#include "models/registry.h"
#include "store/sqlite/sqlite_backend.h"

namespace keygate::models::testing {

inline std::string ModelJson(const std::string& model, const std::string& description) {
  std::string table = model;
  for (char& c : table) c = c == '.' ? '_' : c;
  return "{\"model\": \"" + model + "\", \"table\": \"" + table + "\", \"description\": \"" +
         description + "\", \"fields\": {\"name\": {\"type\": \"char\"}}}";
}

class AuthzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kg-authz-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    backend_ = std::make_unique<store::SqliteBackend>(dir_.string());
    ASSERT_TRUE(backend_->Create("t").ok());
    auto db = backend_->Open("t");
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = *db;
    auto lease = db_->Acquire();
    ASSERT_TRUE(lease.ok());
    lease_ = std::make_unique<store::ConnectionLease>(std::move(*lease));
    auto reg = Registry::LoadFromStrings({
        {"a.json", ModelJson("res.partner", "Contact")},
        {"b.json", ModelJson("res.users", "User")},
        {"c.json", ModelJson("res.groups", "Access Groups")},
        {"d.json", ModelJson("res.company", "Companies")},
        {"e.json", ModelJson("product.product", "Product Variant")},
        {"f.json", ModelJson("sale.order", "Sales Order")},
        {"g.json", ModelJson("sale.order.line", "Sales Order Line")},
        {"h.json", ModelJson("account.move", "Journal Entry")},
        {"i.json", ModelJson("stock.picking", "Transfer")},
        {"j.json", ModelJson("ir.module.category", "Application")},
        {"k.json", ModelJson("x.nobody", "Nobody's Model")},
    });
    ASSERT_TRUE(reg.ok()) << reg.status().message();
    registry_ = std::make_unique<Registry>(std::move(*reg));
  }
  void TearDown() override {
    lease_.reset();
    db_.reset();
    backend_.reset();
    std::filesystem::remove_all(dir_);
  }

  store::SqlConnection& c() { return **lease_; }

  // A user with its partner; member of the groups named by external id.
  int64_t AddUser(const std::string& login, const std::vector<std::string>& groups) {
    auto p = c().Query("INSERT INTO res_partner (name) VALUES (?) RETURNING id",
                       {"Partner of " + login});
    EXPECT_TRUE(p.ok());
    int64_t partner = store::AsInt(p->rows()[0][0]);
    auto u = c().Query(
        "INSERT INTO res_users (login, partner_id, company_id) VALUES (?, ?, 1) RETURNING id",
        {login, partner});
    EXPECT_TRUE(u.ok());
    int64_t uid = store::AsInt(u->rows()[0][0]);
    EXPECT_TRUE(
        c().Exec("INSERT INTO res_company_users_rel (cid, user_id) VALUES (1, ?)", {uid}).ok());
    for (const auto& g : groups) Grant(uid, g);
    return uid;
  }

  void Grant(int64_t uid, const std::string& xml_id) {
    size_t dot = xml_id.find('.');
    auto n = c().Exec(
        "INSERT INTO res_groups_users_rel (gid, uid) SELECT res_id, ? FROM ir_model_data "
        "WHERE module = ? AND name = ? AND model = 'res.groups'",
        {uid, xml_id.substr(0, dot), xml_id.substr(dot + 1)});
    ASSERT_TRUE(n.ok());
    ASSERT_EQ(*n, 1) << xml_id;
  }

  int64_t Count(const std::string& table) {
    auto r = c().Query("SELECT count(*) FROM " + table);
    return r.ok() ? store::AsInt(r->rows()[0][0]) : -1;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteBackend> backend_;
  std::shared_ptr<store::Database> db_;
  std::unique_ptr<store::ConnectionLease> lease_;
  std::unique_ptr<Registry> registry_;
};

}  // namespace keygate::models::testing
