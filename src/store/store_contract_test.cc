// The backend-neutral storage contract tests (see store_contract_test.h).
#include "store/store_contract_test.h"

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include "common/clock.h"
#include "store/repositories.h"

namespace keygate::store {
namespace {

int64_t ScalarInt(SqlConnection& c, std::string_view sql, const SqlParams& params = {}) {
  auto rs = c.Query(sql, params);
  EXPECT_TRUE(rs.ok()) << rs.status().message();
  if (!rs.ok() || rs->empty()) return -1;
  return AsInt(rs->rows()[0][0]);
}

std::string ScalarText(SqlConnection& c, std::string_view sql, const SqlParams& params = {}) {
  auto rs = c.Query(sql, params);
  EXPECT_TRUE(rs.ok()) << rs.status().message();
  if (!rs.ok() || rs->empty()) return "<none>";
  return AsText(rs->rows()[0][0]);
}

int64_t Generation(SqlConnection& c) {
  auto g = AuthGeneration(c);
  EXPECT_TRUE(g.ok()) << g.status().message();
  return g.ok() ? *g : -1;
}

std::string NowText() { return FormatUtc(DefaultClock().NowUnix()); }

std::string Hours(int delta) { return FormatUtc(DefaultClock().NowUnix() + delta * 3600); }

}  // namespace

void StoreContractTest::SetUp() {
  std::string pattern = ::testing::TempDir() + "/kg_store_XXXXXX";
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  tmpdir_ = pattern;
  std::random_device rd;
  std::mt19937_64 rng((static_cast<uint64_t>(rd()) << 32) ^ rd());
  const char* hex = "0123456789abcdef";
  prefix_ = "kgt";
  for (int i = 0; i < 10; ++i) prefix_ += hex[rng() % 16];
  backend_ = GetParam().make(tmpdir_);
  ASSERT_NE(backend_, nullptr);
}

void StoreContractTest::TearDown() {
  if (backend_) {
    for (const std::string& name : created_) (void)backend_->Drop(name);
  }
  backend_.reset();
  std::error_code ec;
  std::filesystem::remove_all(tmpdir_, ec);
}

std::string StoreContractTest::Db(const std::string& base) const { return prefix_ + "_" + base; }

std::shared_ptr<Database> StoreContractTest::CreateAndOpen(const std::string& base) {
  const std::string name = Db(base);
  Status s = backend_->Create(name);
  EXPECT_TRUE(s.ok()) << s.message();
  created_.push_back(name);
  auto db = backend_->Open(name);
  EXPECT_TRUE(db.ok()) << db.status().message();
  return db.ok() ? *db : nullptr;
}

ConnectionLease StoreContractTest::Lease(Database& db) {
  auto lease = db.Acquire();
  EXPECT_TRUE(lease.ok()) << lease.status().message();
  if (!lease.ok()) return ConnectionLease(nullptr, [](SqlConnection*) {});
  return std::move(lease).value();
}

int64_t StoreContractTest::MakeUser(SqlConnection& c, const std::string& login, bool active) {
  auto id =
      Users(c).Create({login, "Name of " + login, login + "@example.com", "hash-" + login, false});
  EXPECT_TRUE(id.ok()) << id.status().message();
  if (!id.ok()) return 0;
  if (!active) {
    Status s = Users(c).SetActive(*id, false);
    EXPECT_TRUE(s.ok()) << s.message();
  }
  return *id;
}

int64_t StoreContractTest::MakeKey(SqlConnection& c, int64_t uid, const std::string& index,
                                   std::optional<std::string> scope,
                                   std::optional<std::string> expiration) {
  NewApiKey k;
  k.name = "key for " + std::to_string(uid);
  k.user_id = uid;
  k.scope = std::move(scope);
  k.expiration_date = std::move(expiration);
  k.index = index;
  k.key_hash = "$pbkdf2-sha512$600000$c2FsdA$aGFzaA";
  auto id = ApiKeys(c).Create(k);
  EXPECT_TRUE(id.ok()) << id.status().message();
  return id.ok() ? *id : 0;
}

// ---- Databases ----

TEST_P(StoreContractTest, CreateListExistsDrop) {
  const std::string a = Db("alpha"), b = Db("beta");
  ASSERT_TRUE(backend_->Create(b).ok());
  created_.push_back(b);
  ASSERT_TRUE(backend_->Create(a).ok());
  created_.push_back(a);
  EXPECT_TRUE(backend_->Exists(a));
  EXPECT_TRUE(backend_->Exists(b));
  EXPECT_FALSE(backend_->Exists(Db("gamma")));

  auto list = backend_->List();
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_TRUE(std::is_sorted(list->begin(), list->end()));
  auto pos_a = std::find(list->begin(), list->end(), a);
  auto pos_b = std::find(list->begin(), list->end(), b);
  ASSERT_NE(pos_a, list->end());
  ASSERT_NE(pos_b, list->end());
  EXPECT_LT(pos_a, pos_b);

  ASSERT_TRUE(backend_->Drop(a).ok());
  EXPECT_FALSE(backend_->Exists(a));
  EXPECT_TRUE(backend_->Exists(b));
  list = backend_->List();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(std::count(list->begin(), list->end(), a), 0);
  EXPECT_EQ(std::count(list->begin(), list->end(), b), 1);

  auto opened = backend_->Open(a);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kDatabaseNotFound);
  EXPECT_EQ(opened.status().message(), "database \"" + a + "\" does not exist");
}

TEST_P(StoreContractTest, OpenMissingIsDatabaseNotFound) {
  auto db = backend_->Open(Db("missing"));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kDatabaseNotFound);
  EXPECT_EQ(db.status().message(), "database \"" + Db("missing") + "\" does not exist");
}

TEST_P(StoreContractTest, CreateExistingIsUserError) {
  ASSERT_NE(CreateAndOpen("dup"), nullptr);
  Status s = backend_->Create(Db("dup"));
  EXPECT_EQ(s.code(), StatusCode::kUserError);
  EXPECT_EQ(s.message(), "database \"" + Db("dup") + "\" already exists");
  // The existing database is untouched.
  auto db = backend_->Open(Db("dup"));
  ASSERT_TRUE(db.ok());
  auto c = Lease(**db);
  EXPECT_EQ(ScalarInt(*c, "SELECT COUNT(*) FROM res_users WHERE login = ?", {"__system__"}), 1);
}

TEST_P(StoreContractTest, DropMissingIsDatabaseNotFound) {
  EXPECT_EQ(backend_->Drop(Db("missing")).code(), StatusCode::kDatabaseNotFound);
}

TEST_P(StoreContractTest, InvalidNamesDoNotExist) {
  for (const std::string& bad :
       {std::string(""), std::string("-leading"), std::string("_leading"), std::string("a b"),
        std::string("../escape"), std::string("a/b"), std::string("x;drop"),
        std::string("quote\"d"), std::string(64, 'a'), std::string("caf\xc3\xa9")}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(backend_->Create(bad).code(), StatusCode::kUserError);
    auto db = backend_->Open(bad);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.status().code(), StatusCode::kDatabaseNotFound);
    EXPECT_FALSE(backend_->Exists(bad));
    EXPECT_FALSE(backend_->Drop(bad).ok());
  }
}

TEST_P(StoreContractTest, OpenIsCachedAndShared) {
  auto first = CreateAndOpen("cached");
  ASSERT_NE(first, nullptr);
  auto second = backend_->Open(Db("cached"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first.get(), second->get());
  EXPECT_EQ(first->name(), Db("cached"));
}

TEST_P(StoreContractTest, DropWhileOpenRefusesFurtherUse) {
  auto db = CreateAndOpen("dropped");
  ASSERT_NE(db, nullptr);
  {
    auto c = Lease(*db);  // returned before the drop
    EXPECT_GE(Generation(*c), 1);
  }
  ASSERT_TRUE(backend_->Drop(Db("dropped")).ok());
  EXPECT_EQ(backend_->Open(Db("dropped")).status().code(), StatusCode::kDatabaseNotFound);
  EXPECT_FALSE(db->Acquire().ok());
}

TEST_P(StoreContractTest, MigrationsAreIdempotent) {
  const std::string name = Db("migrated");
  int64_t versions = 0;
  {
    auto db = CreateAndOpen("migrated");
    ASSERT_NE(db, nullptr);
    auto c = Lease(*db);
    versions = ScalarInt(*c, "SELECT COUNT(*) FROM keygate_migration");
    EXPECT_GE(versions, 1);
    EXPECT_EQ(ScalarInt(*c, "SELECT MIN(version) FROM keygate_migration"), 1);
  }
  // A restart (a new backend over the same storage) opens without re-running anything.
  backend_ = GetParam().make(tmpdir_);
  auto db = backend_->Open(name);
  ASSERT_TRUE(db.ok()) << db.status().message();
  auto c = Lease(**db);
  EXPECT_EQ(ScalarInt(*c, "SELECT COUNT(*) FROM keygate_migration"), versions);
  EXPECT_EQ(ScalarInt(*c, "SELECT COUNT(*) FROM res_groups WHERE name = ?", {"Internal User"}), 1);
  EXPECT_EQ(ScalarInt(*c, "SELECT COUNT(*) FROM keygate_auth_generation"), 1);
}

TEST_P(StoreContractTest, BaseDataExists) {
  auto db = CreateAndOpen("base");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  auto root = Users(*c).FindById(1);
  ASSERT_TRUE(root.ok());
  ASSERT_TRUE(root->has_value());
  EXPECT_EQ((*root)->login, "__system__");
  EXPECT_FALSE((*root)->active);
  EXPECT_EQ((*root)->name, "OdooBot");
  EXPECT_EQ(ScalarText(*c, "SELECT name FROM res_company WHERE id = 1"), "My Company");
  EXPECT_EQ(
      ScalarInt(*c, "SELECT api_key_duration FROM res_groups WHERE name = ?", {"Internal User"}),
      90);
  EXPECT_EQ(ScalarInt(*c,
                      "SELECT res_id FROM ir_model_data WHERE module = 'base' AND "
                      "name = 'group_user'"),
            ScalarInt(*c, "SELECT id FROM res_groups WHERE name = ?", {"Internal User"}));
  auto uuid = ConfigParameters(*c).Get("database.uuid");
  ASSERT_TRUE(uuid.ok());
  ASSERT_TRUE(uuid->has_value());
  EXPECT_EQ((*uuid)->size(), 32u);
  EXPECT_GE(Generation(*c), 1);
}

// ---- Users ----

TEST_P(StoreContractTest, UsersCreateAndFind) {
  auto db = CreateAndOpen("users");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  Users users(*c);
  auto id = users.Create({"alice@example.com", "Alice", "alice@example.com", "hash-a", false});
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_GT(*id, 1);

  auto found = users.FindByLogin("alice@example.com");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  const UserRecord& u = **found;
  EXPECT_EQ(u.id, *id);
  EXPECT_EQ(u.login, "alice@example.com");
  EXPECT_EQ(u.name, "Alice");
  EXPECT_EQ(u.email, "alice@example.com");
  EXPECT_EQ(u.password, "hash-a");
  EXPECT_TRUE(u.active);
  EXPECT_FALSE(u.share);
  EXPECT_EQ(u.company_id, 1);
  EXPECT_GT(u.partner_id, 2);
  EXPECT_FALSE(u.totp_secret.has_value());
  EXPECT_EQ(u.create_date.size(), 19u);
  EXPECT_EQ(ScalarInt(*c,
                      "SELECT COUNT(*) FROM res_company_users_rel WHERE cid = 1 AND "
                      "user_id = ?",
                      {*id}),
            1);
  EXPECT_EQ(ScalarInt(*c, "SELECT company_id FROM res_partner WHERE id = ?", {u.partner_id}), 1);

  // Exact, case-sensitive match.
  for (const char* other : {"Alice@example.com", "alice@example.com ", "alice", "%", ""}) {
    auto miss = users.FindByLogin(other);
    ASSERT_TRUE(miss.ok());
    EXPECT_FALSE(miss->has_value()) << other;
  }
  auto by_id = users.FindById(*id);
  ASSERT_TRUE(by_id.ok());
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ((*by_id)->login, "alice@example.com");
  auto none = users.FindById(999999);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  // A portal user, no password, no e-mail.
  auto portal = users.Create({"portal", "Portal", "", "", true});
  ASSERT_TRUE(portal.ok());
  auto p = users.FindById(*portal);
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_TRUE((*p)->share);
  EXPECT_EQ((*p)->password, "");
  EXPECT_EQ((*p)->email, "");
}

TEST_P(StoreContractTest, UsersDuplicateLoginIsUserError) {
  auto db = CreateAndOpen("duplogin");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  Users users(*c);
  ASSERT_TRUE(users.Create({"bob", "Bob", "", "h", false}).ok());
  auto again = users.Create({"bob", "Bob Two", "", "h", false});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kUserError);
  EXPECT_EQ(again.status().message(), "You can not have two users with the same login!");
  EXPECT_EQ(ScalarInt(*c, "SELECT COUNT(*) FROM res_users WHERE login = ?", {"bob"}), 1);
  // Logins differing only in case are different logins.
  EXPECT_TRUE(users.Create({"BOB", "Big Bob", "", "h", false}).ok());
  auto root = users.Create({"__system__", "x", "", "", false});
  EXPECT_EQ(root.status().code(), StatusCode::kUserError);
}

TEST_P(StoreContractTest, UsersArchiveAndList) {
  auto db = CreateAndOpen("archive");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  Users users(*c);
  int64_t carol = MakeUser(*c, "carol");
  int64_t dave = MakeUser(*c, "dave");

  auto active = users.List(false);
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 2u);  // __system__ is archived
  EXPECT_EQ((*active)[0].id, carol);
  EXPECT_EQ((*active)[1].id, dave);

  ASSERT_TRUE(users.SetActive(carol, false).ok());
  auto u = users.FindById(carol);
  ASSERT_TRUE(u.ok() && u->has_value());
  EXPECT_FALSE((*u)->active);
  active = users.List(false);
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].id, dave);

  auto all = users.List(true);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, 1);
  EXPECT_EQ((*all)[0].login, "__system__");

  ASSERT_TRUE(users.SetActive(carol, true).ok());
  u = users.FindById(carol);
  ASSERT_TRUE(u.ok() && u->has_value());
  EXPECT_TRUE((*u)->active);

  EXPECT_EQ(users.SetActive(999999, false).code(), StatusCode::kMissingError);
}

TEST_P(StoreContractTest, UsersPasswordAndTotp) {
  auto db = CreateAndOpen("password");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  Users users(*c);
  int64_t id = MakeUser(*c, "erin");
  ASSERT_TRUE(users.SetPassword(id, "$pbkdf2-sha512$600000$new").ok());
  ASSERT_TRUE(users.SetTotpSecret(id, std::string("JBSWY3DPEHPK3PXP")).ok());
  auto u = users.FindById(id);
  ASSERT_TRUE(u.ok() && u->has_value());
  EXPECT_EQ((*u)->password, "$pbkdf2-sha512$600000$new");
  EXPECT_EQ((*u)->totp_secret, std::optional<std::string>("JBSWY3DPEHPK3PXP"));
  ASSERT_TRUE(users.SetTotpSecret(id, std::nullopt).ok());
  u = users.FindById(id);
  ASSERT_TRUE(u.ok() && u->has_value());
  EXPECT_FALSE((*u)->totp_secret.has_value());
  EXPECT_EQ(users.SetPassword(999999, "x").code(), StatusCode::kMissingError);
  EXPECT_EQ(users.SetTotpSecret(999999, std::nullopt).code(), StatusCode::kMissingError);
}

// ---- API keys ----

TEST_P(StoreContractTest, ApiKeysCreateFindDelete) {
  auto db = CreateAndOpen("keys");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  ApiKeys keys(*c);
  int64_t frank = MakeUser(*c, "frank");
  int64_t grace = MakeUser(*c, "grace");
  const std::string expiry = Hours(24);
  int64_t k1 = MakeKey(*c, frank, "0a1b2c3d", std::string("rpc"), expiry);
  int64_t k2 = MakeKey(*c, grace, "99999999", std::nullopt, std::nullopt);
  ASSERT_GT(k1, 0);
  ASSERT_GT(k2, k1);

  auto got = keys.FindById(k1);
  ASSERT_TRUE(got.ok() && got->has_value());
  const ApiKeyRecord& r = **got;
  EXPECT_EQ(r.id, k1);
  EXPECT_EQ(r.name, "key for " + std::to_string(frank));
  EXPECT_EQ(r.user_id, frank);
  EXPECT_EQ(r.scope, std::optional<std::string>("rpc"));
  EXPECT_EQ(r.expiration_date, std::optional<std::string>(expiry));
  EXPECT_EQ(r.index, "0a1b2c3d");
  EXPECT_EQ(r.key, "$pbkdf2-sha512$600000$c2FsdA$aGFzaA");
  EXPECT_EQ(r.create_date.size(), 19u);

  auto by_index = keys.FindByIndex("0a1b2c3d");
  ASSERT_TRUE(by_index.ok());
  ASSERT_EQ(by_index->size(), 1u);
  EXPECT_EQ((*by_index)[0].id, k1);
  auto none = keys.FindByIndex("0A1B2C3D");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  auto mine = keys.ListForUser(grace);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].id, k2);
  EXPECT_FALSE((*mine)[0].scope.has_value());
  EXPECT_FALSE((*mine)[0].expiration_date.has_value());
  auto all = keys.ListForUser(std::nullopt);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, k1);
  EXPECT_EQ((*all)[1].id, k2);

  auto deleted = keys.Delete(k1);
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE(*deleted);
  deleted = keys.Delete(k1);
  ASSERT_TRUE(deleted.ok());
  EXPECT_FALSE(*deleted);
  got = keys.FindById(k1);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
}

TEST_P(StoreContractTest, ApiKeysRejectMalformedRows) {
  auto db = CreateAndOpen("badkeys");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "henry");
  NewApiKey k{"short index", uid, std::nullopt, std::nullopt, "abc", "hash"};
  EXPECT_FALSE(ApiKeys(*c).Create(k).ok());
  NewApiKey orphan{"no user", 999999, std::nullopt, std::nullopt, "abcdefgh", "hash"};
  EXPECT_FALSE(ApiKeys(*c).Create(orphan).ok());
  EXPECT_EQ(ScalarInt(*c, "SELECT COUNT(*) FROM res_users_apikeys"), 0);
}

TEST_P(StoreContractTest, ApiKeysFindUsableFilters) {
  auto db = CreateAndOpen("usable");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  ApiKeys keys(*c);
  const std::string now = NowText();
  const std::string idx = "deadbeef";
  int64_t ivan = MakeUser(*c, "ivan");
  int64_t judy = MakeUser(*c, "judy", /*active=*/false);

  int64_t global = MakeKey(*c, ivan, idx, std::nullopt, std::nullopt);
  int64_t rpc = MakeKey(*c, ivan, idx, std::string("rpc"), std::nullopt);
  int64_t other = MakeKey(*c, ivan, idx, std::string("other"), std::nullopt);
  int64_t future = MakeKey(*c, ivan, idx, std::nullopt, Hours(1));
  int64_t expired = MakeKey(*c, ivan, idx, std::nullopt, Hours(-1));
  int64_t at_now = MakeKey(*c, ivan, idx, std::nullopt, now);
  int64_t archived_owner = MakeKey(*c, judy, idx, std::nullopt, std::nullopt);
  int64_t other_index = MakeKey(*c, ivan, "cafebabe", std::nullopt, std::nullopt);

  auto ids = [](const StatusOr<std::vector<ApiKeyRecord>>& r) {
    std::vector<int64_t> out;
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (r.ok()) {
      for (const auto& k : *r) out.push_back(k.id);
    }
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids(keys.FindUsable(idx, /*rpc_only=*/true, now)), (V{global, rpc, future, at_now}));
  EXPECT_EQ(ids(keys.FindUsable(idx, /*rpc_only=*/false, now)),
            (V{global, rpc, other, future, at_now}));
  EXPECT_EQ(ids(keys.FindUsable("cafebabe", true, now)), (V{other_index}));
  EXPECT_TRUE(ids(keys.FindUsable("00000000", true, now)).empty());
  // Two hours on, only the keys without expiry remain.
  EXPECT_EQ(ids(keys.FindUsable(idx, true, Hours(2))), (V{global, rpc}));
  // FindByIndex sees every row, whatever its state.
  EXPECT_EQ(ids(keys.FindByIndex(idx)),
            (V{global, rpc, other, future, expired, at_now, archived_owner}));
  // FindUsableById applies the same rule (RPC scopes) to one key.
  auto usable = [&](int64_t id, const std::string& at) {
    auto r = keys.FindUsableById(id, at);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() && r->has_value();
  };
  EXPECT_TRUE(usable(global, now));
  EXPECT_TRUE(usable(future, now));
  EXPECT_FALSE(usable(future, Hours(2)));
  EXPECT_FALSE(usable(expired, now));
  EXPECT_FALSE(usable(other, now));
  EXPECT_FALSE(usable(archived_owner, now));
  EXPECT_FALSE(usable(987654, now));
  // Re-activating the owner makes their key usable again.
  ASSERT_TRUE(Users(*c).SetActive(judy, true).ok());
  EXPECT_EQ(ids(keys.FindUsable(idx, true, now)), (V{global, rpc, future, at_now, archived_owner}));
}

// ---- Config parameters and logs ----

TEST_P(StoreContractTest, ConfigParametersGetSet) {
  auto db = CreateAndOpen("params");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  ConfigParameters params(*c);
  auto missing = params.Get("base.login_cooldown_after");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(params.Set("base.login_cooldown_after", "5").ok());
  auto v = params.Get("base.login_cooldown_after");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ(**v, "5");
  ASSERT_TRUE(params.Set("base.login_cooldown_after", "10").ok());
  v = params.Get("base.login_cooldown_after");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ(**v, "10");
  EXPECT_EQ(ScalarInt(*c, "SELECT COUNT(*) FROM ir_config_parameter WHERE key = ?",
                      {"base.login_cooldown_after"}),
            1);
  ASSERT_TRUE(params.Set("empty", "").ok());
  v = params.Get("empty");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ(**v, "");
}

// ILIKE folds the case of every letter on SQLite, as PostgreSQL does in an Odoo database (C.UTF-8
// locale); LIKE keeps it. The PostgreSQL databases keygate creates have LC_CTYPE 'C', where
// ILIKE folds ASCII letters only.
TEST_P(StoreContractTest, ILikeFoldsEveryLettersCase) {
  auto db = CreateAndOpen("ilike");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  const Dialect& d = c->dialect();
  auto count = [&](const std::string& condition, const std::string& text,
                   const std::string& pattern) {
    return ScalarInt(*c,
                     "SELECT COUNT(*) FROM res_users WHERE login = '__system__' AND " + condition,
                     {text, pattern});
  };
  const std::string text = "CAST(? AS TEXT)";
  const int unicode = d.name() == "sqlite" ? 1 : 0;
  EXPECT_EQ(count(d.ILike(text, text), "Liege", "%LIEGE%"), 1);
  EXPECT_EQ(count(d.ILike(text, text), "Liège", "%LIÈGE%"), unicode);
  EXPECT_EQ(count(d.ILike(text, text), "LIÈGE", "liège"), unicode);
  EXPECT_EQ(count(d.ILike(text, text), "ΑΘΗΝΑ", "αθηνα"), unicode);
  EXPECT_EQ(count(d.ILike(text, text), "Liège", "Liege"), 0);
  EXPECT_EQ(count(d.Like(text, text), "Liège", "LIÈGE"), 0);
}

TEST_P(StoreContractTest, RecordLoginWritesUsersLog) {
  auto db = CreateAndOpen("logins");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "kate");
  ASSERT_TRUE(RecordLogin(*c, uid).ok());
  ASSERT_TRUE(RecordLogin(*c, uid).ok());
  EXPECT_EQ(ScalarInt(*c,
                      "SELECT COUNT(*) FROM res_users_log WHERE create_uid = ? AND "
                      "write_uid = ?",
                      {uid, uid}),
            2);
  EXPECT_EQ(
      ScalarText(*c, "SELECT create_date FROM res_users_log WHERE create_uid = ?", {uid}).size(),
      19u);
}

// ---- The auth generation ----

TEST_P(StoreContractTest, AuthGenerationTracksCredentialChanges) {
  auto db = CreateAndOpen("generation");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "leo");
  int64_t g = Generation(*c);

  int64_t key = MakeKey(*c, uid, "12345678", std::nullopt, std::nullopt);
  EXPECT_EQ(Generation(*c), g) << "a new key cannot invalidate a cached grant";
  ASSERT_TRUE(RecordLogin(*c, uid).ok());
  ASSERT_TRUE(ConfigParameters(*c).Set("some.key", "v").ok());
  EXPECT_EQ(Generation(*c), g);

  auto deleted = ApiKeys(*c).Delete(key);
  ASSERT_TRUE(deleted.ok() && *deleted);
  EXPECT_GT(Generation(*c), g);
  g = Generation(*c);

  ASSERT_TRUE(Users(*c).SetActive(uid, false).ok());
  EXPECT_GT(Generation(*c), g);
  g = Generation(*c);
  ASSERT_TRUE(Users(*c).SetActive(uid, true).ok());
  EXPECT_GT(Generation(*c), g);
  g = Generation(*c);

  ASSERT_TRUE(Users(*c).SetPassword(uid, "new-hash").ok());
  EXPECT_GT(Generation(*c), g);
  g = Generation(*c);

  ASSERT_TRUE(Users(*c).SetTotpSecret(uid, std::string("JBSWY3DPEHPK3PXP")).ok());
  EXPECT_GT(Generation(*c), g);
  g = Generation(*c);

  auto ins = c->Exec("INSERT INTO res_groups_users_rel (gid, uid) VALUES (1, ?)", {uid});
  ASSERT_TRUE(ins.ok()) << ins.status().message();
  EXPECT_GT(Generation(*c), g);
  g = Generation(*c);

  auto del = c->Exec("DELETE FROM res_groups_users_rel WHERE gid = 1 AND uid = ?", {uid});
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(*del, 1);
  EXPECT_GT(Generation(*c), g);
}

// ---- Connections ----

TEST_P(StoreContractTest, ChangesAreVisibleAcrossConnections) {
  auto db = CreateAndOpen("visible");
  ASSERT_NE(db, nullptr);
  auto a = Lease(*db);
  auto b = Lease(*db);
  ASSERT_NE(a.get(), b.get());
  int64_t g = Generation(*b);

  Transaction tx(*a);
  ASSERT_TRUE(tx.Begin().ok());
  int64_t uid = MakeUser(*a, "mallory");
  ASSERT_TRUE(Users(*a).SetActive(uid, false).ok());
  // Not visible before the commit...
  auto before = Users(*b).FindByLogin("mallory");
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->has_value());
  EXPECT_EQ(Generation(*b), g);
  ASSERT_TRUE(tx.Commit().ok());
  // ...and visible after it.
  auto after = Users(*b).FindByLogin("mallory");
  ASSERT_TRUE(after.ok());
  ASSERT_TRUE(after->has_value());
  EXPECT_EQ((*after)->id, uid);
  EXPECT_GT(Generation(*b), g);
}

TEST_P(StoreContractTest, RolledBackTransactionLeavesNothing) {
  auto db = CreateAndOpen("rollback");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  {
    Transaction tx(*c);
    ASSERT_TRUE(tx.Begin().ok());
    MakeUser(*c, "nina");
  }  // rolled back
  auto u = Users(*c).FindByLogin("nina");
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->has_value());
  EXPECT_EQ(ScalarInt(*c, "SELECT COUNT(*) FROM res_partner WHERE name = ?", {"Name of nina"}), 0);
}

TEST_P(StoreContractTest, LeaseReturnedMidTransactionIsRolledBack) {
  auto db = CreateAndOpen("midtx");
  ASSERT_NE(db, nullptr);
  {
    auto c = Lease(*db);
    ASSERT_TRUE(c->Begin().ok());
    MakeUser(*c, "oscar");
  }  // returned to the pool without Commit or Rollback
  for (int i = 0; i < 3; ++i) {
    auto c = Lease(*db);
    Transaction tx(*c);
    ASSERT_TRUE(tx.Begin().ok()) << "the pooled connection is still inside a transaction";
    auto u = Users(*c).FindByLogin("oscar");
    ASSERT_TRUE(u.ok());
    EXPECT_FALSE(u->has_value());
    ASSERT_TRUE(tx.Commit().ok());
  }
}

TEST_P(StoreContractTest, ConcurrentAcquireFromThreads) {
  auto db = CreateAndOpen("threads");
  ASSERT_NE(db, nullptr);
  constexpr int kThreads = 8;
  constexpr int kRounds = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        auto lease = db->Acquire();
        if (!lease.ok()) {
          ++failures;
          continue;
        }
        SqlConnection& c = **lease;
        Transaction tx(c);
        bool ok = tx.Begin().ok() &&
                  ConfigParameters(c).Set("thread." + std::to_string(t), std::to_string(r)).ok() &&
                  tx.Commit().ok();
        auto read = ConfigParameters(c).Get("thread." + std::to_string(t));
        ok = ok && read.ok() && read->has_value() && **read == std::to_string(r);
        if (!ok) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto c = Lease(*db);
  EXPECT_EQ(ScalarInt(*c, "SELECT COUNT(*) FROM ir_config_parameter WHERE key LIKE 'thread.%'"),
            kThreads);
  for (int t = 0; t < kThreads; ++t) {
    auto v = ConfigParameters(*c).Get("thread." + std::to_string(t));
    ASSERT_TRUE(v.ok() && v->has_value());
    EXPECT_EQ(**v, std::to_string(kRounds - 1));
  }
}

}  // namespace keygate::store
