// Fixture implementation: temp database, every migration, test rows.
#include "models/test_db.h"

#include <random>

#include "store/migrations.h"
#include "store/sqlite/sqlite_migrations.h"

namespace keygate::models::testing {

namespace {

constexpr const char* kTestData = R"sql(
INSERT INTO res_partner (id, name, complete_name, email, phone, city, is_company, active, parent_id,
                         customer_rank, supplier_rank, credit_limit, lang, tz, type, create_date)
VALUES
 (10, 'Acme Corp', 'Acme Corp', 'acme@example.com', NULL, 'Brussels', 1, 1, NULL, 5, 0, 1000.5,
  'en_US', 'Europe/Brussels', 'contact', '2024-01-10 09:00:00'),
 (11, 'John Smith', 'Acme Corp, John Smith', 'john@acme.com', '123', 'Brussels', 0, 1, 10, 1, 0,
  NULL, 'en_US', NULL, 'contact', '2024-01-15 10:30:00'),
 (12, 'Jane Doe', 'Acme Corp, Jane Doe', NULL, NULL, NULL, 0, 1, 10, 0, 0, 250.0, 'en_US', NULL,
  'invoice', '2024-02-01 08:00:00'),
 (13, 'Old Contact', 'Acme Corp, Old Contact', 'old@acme.com', NULL, 'Paris', 0, 0, 10, 0, 0, NULL,
  'en_US', NULL, 'contact', '2024-02-02 08:00:00'),
 (14, '100%_off\sale', '100%_off\sale', NULL, NULL, 'Ghent', 0, 1, NULL, 0, 0, NULL, 'en_US', NULL,
  'other', '2024-03-01 12:00:00'),
 (15, 'Grandchild', 'Acme Corp, John Smith, Grandchild', NULL, NULL, NULL, 0, 1, 11, 0, 0, NULL,
  'en_US', NULL, 'contact', '2024-03-02 12:00:00'),
 (16, 'Beta LLC', 'Beta LLC', 'info@beta.com', NULL, 'Paris', 1, 1, NULL, 0, 2, NULL, 'en_US', NULL,
  'contact', '2024-03-03 12:00:00'),
 (20, 'Admin', 'Admin', 'admin@example.com', NULL, NULL, 0, 1, NULL, 0, 0, NULL, 'en_US',
  'Europe/Brussels', 'contact', '2024-01-01 00:00:00'),
 (21, 'Portal Bob', 'Portal Bob', 'bob@example.com', NULL, NULL, 0, 1, NULL, 0, 0, NULL, NULL, NULL,
  'contact', '2024-01-01 00:00:00');
UPDATE res_partner SET company_id = 1 WHERE id IN (10, 11, 16);
INSERT INTO res_users (id, login, password, partner_id, company_id, active, share, totp_secret)
VALUES (2, 'admin', '$pbkdf2-sha512$600000$c2FsdA$aGFzaA', 20, 1, 1, 0, 'JBSWY3DPEHPK3PXP'),
       (3, 'portal', NULL, 21, 1, 1, 1, NULL);
INSERT INTO res_company_users_rel (cid, user_id) VALUES (1, 2);
)sql";

}  // namespace

void ModelsTest::SetUp() {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() /
         ("kg_models_test_" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(dir_);
  auto conn = store::SqliteConnection::Open((dir_ / "test.sqlite").string(), true);
  ASSERT_TRUE(conn.ok()) << conn.status().message();
  conn_ = std::move(conn).value();
  // The production schema, every migration, as the server migrates a database.
  ASSERT_TRUE(store::Migrate(*conn_, SqliteMigrations()).ok());
  ASSERT_TRUE(conn_->ExecScript(kTestData).ok());
  auto registry = Registry::LoadEmbedded();
  ASSERT_TRUE(registry.ok()) << registry.status().message();
  registry_ = std::make_unique<Registry>(std::move(registry).value());
  env_ = Env{2, Value(Value::Struct{}), &allow_all_};
}

void ModelsTest::TearDown() {
  conn_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

StatusOr<Value> ModelsTest::Run(std::string_view model, std::string_view method, Value::Array args,
                                Value::Struct kwargs) {
  return Call(*registry_, *conn_, env_, model, method, args, kwargs);
}

std::vector<int64_t> ModelsTest::Search(const Value& domain, Value::Struct context,
                                        std::string_view model) {
  Value::Struct kwargs = {{"order", Value("id")}};
  if (!context.empty()) kwargs.emplace_back("context", Value(std::move(context)));
  auto r = Run(model, "search", {domain}, kwargs);
  EXPECT_TRUE(r.ok()) << r.status().message();
  std::vector<int64_t> ids;
  if (!r.ok()) return ids;
  for (const Value& v : r->as_array()) ids.push_back(v.as_int());
  return ids;
}

Status ModelsTest::SearchStatus(const Value& domain, std::string_view model) {
  return Run(model, "search", {domain}).status();
}

int64_t ModelsTest::CountRows(const std::string& table) {
  auto r = conn_->Query("SELECT COUNT(*) FROM " + table, {});
  if (!r.ok() || r->empty()) return -1;
  return store::AsInt(r->rows()[0][0]);
}

}  // namespace keygate::models::testing
