// Test fixture for the defences' unit tests: a temporary SQLite database migrated as the server
// migrates one (store::Migrate), one internal user (uid_) and helpers to make keys.
// Thread-safety: single test thread.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include "crypto/passlib_pbkdf2.h"
#include "store/groups.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_migrations.h"

namespace keygate::auth {

class MigratedDbTest : public testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::TempDir() + "/defences_test_" + std::to_string(getpid()) + ".sqlite";
    Remove();
    auto c = store::SqliteConnection::Open(path_, true);
    ASSERT_TRUE(c.ok());
    conn_ = std::move(*c);
    ASSERT_TRUE(store::Migrate(*conn_, SqliteMigrations()).ok());
    uid_ = MakeUser("internal@example.com", "base.group_user");
  }
  void TearDown() override {
    conn_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
  }

  // A user in the group with external id `group` ("" for none).
  int64_t MakeUser(const std::string& login, const std::string& group) {
    store::NewUser u;
    u.login = login;
    u.name = login;
    u.password_hash = crypto::HashPbkdf2Sha512("pw", 1000);
    auto id = store::Users(*conn_).Create(u);
    EXPECT_TRUE(id.ok()) << id.status().message();
    if (!group.empty()) {
      EXPECT_TRUE(store::GrantGroupsByXmlId(*conn_, *id, {group}).ok());
    }
    return *id;
  }

  // A key row (with a dummy hash) of `uid`, index `index`.
  int64_t MakeKey(int64_t uid, const std::string& index = "abcdef01") {
    store::NewApiKey k;
    k.name = "test";
    k.user_id = uid;
    k.index = index;
    k.key_hash = "$pbkdf2-sha512$6000$x$y";
    auto id = store::ApiKeys(*conn_).Create(k);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return *id;
  }

  std::string path_;
  std::unique_ptr<store::SqliteConnection> conn_;
  int64_t uid_ = 0;
};

}  // namespace keygate::auth
