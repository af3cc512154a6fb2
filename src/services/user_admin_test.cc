// Tests of the user and group management the CLI and the console share (services/user_admin.h),
// on a migrated SQLite database.
#include "services/user_admin.h"

#include <gtest/gtest.h>

#include "auth/test_migrated_db.h"
#include "store/group_members.h"
#include "store/groups.h"

namespace keygate::services {
namespace {

// Settings (base.group_system, id 3) implies Access Rights (2), which implies Internal User (1).
constexpr int64_t kInternalUser = 1;
constexpr int64_t kAccessRights = 2;
constexpr int64_t kSettings = 3;

class UserAdminTest : public auth::MigratedDbTest {
 protected:
  store::UserRecord User(const std::string& login) {
    auto u = FindUserByLogin(*conn_, login);
    EXPECT_TRUE(u.ok()) << u.status().message();
    return u.ok() ? *u : store::UserRecord{};
  }
};

TEST_F(UserAdminTest, CreateMakesAnInternalUserWithTheGroupsAskedFor) {
  NewUserInput in;
  in.login = "carol@example.com";
  in.groups = {"base.group_system"};
  auto id = CreateUser(*conn_, in);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto direct = store::DirectGroupIds(*conn_, *id);
  ASSERT_TRUE(direct.ok());
  // Internal User, Contact Creation (base.group_partner_manager), Access to export feature
  // (base.group_allow_export) and Settings, stored with the groups they imply as Odoo stores
  // them: Technical Features, Access Rights and Bypass HTML Field Sanitize.
  EXPECT_EQ(direct->size(), 7u);
  EXPECT_TRUE(*store::HasGroup(*conn_, *id, "base.group_allow_export"));
  EXPECT_EQ(User("carol@example.com").name, "carol@example.com");
  EXPECT_FALSE(User("carol@example.com").share);
  // An unknown group writes nothing: the login stays free.
  in.login = "dave@example.com";
  in.groups = {"base.group_nothing"};
  auto refused = CreateUser(*conn_, in);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUserError);
  EXPECT_FALSE(FindUserByLogin(*conn_, "dave@example.com").ok());
  // A taken login.
  in.login = "carol@example.com";
  in.groups.clear();
  EXPECT_EQ(CreateUser(*conn_, in).status().code(), StatusCode::kUserError);
}

TEST_F(UserAdminTest, AUserIsOfOneTypeAtMost) {
  // Portal asked for: a portal user, without the internal user's groups.
  NewUserInput in;
  in.login = "joel@example.com";
  in.groups = {"User types / Portal"};
  auto id = CreateUser(*conn_, in);
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(store::DirectGroupIds(*conn_, *id)->size(), 1u);
  EXPECT_TRUE(*store::HasGroup(*conn_, *id, "base.group_portal"));
  EXPECT_FALSE(*store::HasGroup(*conn_, *id, "base.group_user"));
  EXPECT_FALSE(*store::HasGroup(*conn_, *id, "base.group_partner_manager"));
  EXPECT_TRUE(User("joel@example.com").share);
  // Internal User asked for explicitly: the usual internal user.
  in.login = "ines@example.com";
  in.groups = {"base.group_user"};
  id = CreateUser(*conn_, in);
  ASSERT_TRUE(id.ok()) << id.status().message();
  // (and Technical Features, which Internal User implies)
  EXPECT_EQ(store::DirectGroupIds(*conn_, *id)->size(), 4u);
  // Two types at once: Odoo's refusal, and nothing is written.
  in.login = "two@example.com";
  in.groups = {"base.group_portal", "base.group_public"};
  auto refused = CreateUser(*conn_, in);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUserError);
  EXPECT_EQ(refused.status().message(),
            "The user cannot have more than one user types: \"two@example.com\" would be in "
            "\"User types / Portal\" and \"User types / Public\" (revoke the other user type "
            "first)");
  EXPECT_FALSE(FindUserByLogin(*conn_, "two@example.com").ok());
  // An internal user granted Portal: refused, and still only internal.
  const store::UserRecord bob = User("internal@example.com");
  auto granted = GrantGroup(*conn_, bob, "base.group_portal");
  ASSERT_FALSE(granted.ok());
  EXPECT_EQ(granted.status().message(),
            "The user cannot have more than one user types: \"internal@example.com\" would be in "
            "\"User types / Internal User\" and \"User types / Portal\" (revoke the other user "
            "type first)");
  EXPECT_FALSE(*store::HasGroup(*conn_, bob.id, "base.group_portal"));
  // Once out of Internal User, Portal may be granted.
  ASSERT_TRUE(RevokeGroup(*conn_, bob, "base.group_user").ok());
  ASSERT_TRUE(GrantGroup(*conn_, bob, "base.group_portal").ok());
  EXPECT_TRUE(*store::HasGroup(*conn_, bob.id, "base.group_portal"));
}

TEST_F(UserAdminTest, UnknownLoginSuggestsTheClosest) {
  auto u = FindUserByLogin(*conn_, "internal@example.con");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().code(), StatusCode::kUserError);
  EXPECT_EQ(u.status().message(),
            "no user with login \"internal@example.con\"; did you mean \"internal@example.com\"?");
}

TEST_F(UserAdminTest, GrantRevokeAndWhatTheyChange) {
  const store::UserRecord bob = User("internal@example.com");
  auto granted = GrantGroup(*conn_, bob, "Administration / Settings");
  ASSERT_TRUE(granted.ok()) << granted.status().message();
  EXPECT_TRUE(granted->changed);
  EXPECT_EQ(granted->message,
            "Granted \"Administration / Settings\" to \"internal@example.com\"; it applies from "
            "the next call.");
  auto again = GrantGroup(*conn_, bob, "base.group_system");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(again->message, "\"internal@example.com\" is already in \"Administration / Settings\"");
  EXPECT_EQ(*store::HasGroup(*conn_, bob.id, "base.group_system"), true);

  // Access Rights comes through Settings: revoking it is refused, naming Settings.
  auto implied = RevokeGroup(*conn_, bob, "base.group_erp_manager");
  ASSERT_FALSE(implied.ok());
  EXPECT_EQ(implied.status().code(), StatusCode::kUserError);
  EXPECT_EQ(implied.status().message(),
            "\"internal@example.com\" is not directly in \"Administration / Access Rights\"; it "
            "has it through \"Administration / Settings\"; revoke that group instead");

  auto revoked = RevokeGroup(*conn_, bob, "base.group_system");
  ASSERT_TRUE(revoked.ok());
  EXPECT_TRUE(revoked->changed);
  EXPECT_EQ(revoked->message,
            "Revoked \"Administration / Settings\" from \"internal@example.com\"; it applies from "
            "the next call.");
  EXPECT_EQ(*store::HasGroup(*conn_, bob.id, "base.group_system"), false);
  auto not_in = RevokeGroup(*conn_, bob, "base.group_system");
  ASSERT_TRUE(not_in.ok());
  EXPECT_FALSE(not_in->changed);
  EXPECT_EQ(not_in->message, "\"internal@example.com\" is not in \"Administration / Settings\"");
  // Out of Internal User, the user becomes a portal user (share).
  ASSERT_TRUE(RevokeGroup(*conn_, bob, "base.group_user").ok());
  EXPECT_TRUE(User("internal@example.com").share);
  EXPECT_EQ(GrantGroup(*conn_, bob, "Sales / Nothing").status().code(), StatusCode::kUserError);
}

TEST_F(UserAdminTest, ArchiveAndListShowGroupsAndState) {
  const store::UserRecord bob = User("internal@example.com");
  ASSERT_TRUE(GrantGroup(*conn_, bob, "base.group_system").ok());
  auto archived = SetUserActive(*conn_, bob, false);
  ASSERT_TRUE(archived.ok());
  EXPECT_TRUE(archived->changed);
  EXPECT_EQ(archived->message,
            "Archived user \"internal@example.com\"; its password and API keys stop working at "
            "once");
  auto active = ListUserOverviews(*conn_, false);
  ASSERT_TRUE(active.ok());
  for (const auto& o : *active) EXPECT_NE(o.user.login, "internal@example.com");
  auto all = ListUserOverviews(*conn_, true);
  ASSERT_TRUE(all.ok());
  const UserOverview* found = nullptr;
  for (const auto& o : *all) {
    if (o.user.id == bob.id) found = &o;
  }
  ASSERT_NE(found, nullptr);
  EXPECT_FALSE(found->user.active);
  EXPECT_EQ(found->direct_group_ids, (std::vector<int64_t>{kInternalUser, kSettings}));
  // Settings implies Access Rights and Bypass HTML Field Sanitize, Internal User implies
  // Technical Features (Odoo 18's base groups).
  EXPECT_EQ(found->effective_group_ids.size(), 5u);
  for (const char* xml_id : {"base.group_user", "base.group_erp_manager", "base.group_system",
                             "base.group_sanitize_override", "base.group_no_one"}) {
    EXPECT_TRUE(*store::HasGroup(*conn_, bob.id, xml_id)) << xml_id;
  }
  auto back = SetUserActive(*conn_, User("internal@example.com"), true);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->message, "Unarchived user \"internal@example.com\"");
}

TEST(GroupsImplyingTest, FollowsImplicationsTransitivelyAndIgnoresCycles) {
  std::vector<models::GroupInfo> groups(4);
  groups[0].id = 1;
  groups[1].id = 2;
  groups[1].implied_ids = {1};
  groups[2].id = 3;
  groups[2].implied_ids = {2, 4};
  groups[3].id = 4;
  groups[3].implied_ids = {3};  // a cycle
  EXPECT_EQ(GroupsImplying(groups, {3}, 1), std::vector<int64_t>{3});
  EXPECT_EQ(GroupsImplying(groups, {1, 2, 4}, 1), (std::vector<int64_t>{2, 4}));
  EXPECT_TRUE(GroupsImplying(groups, {1}, 1).empty());
  EXPECT_TRUE(GroupsImplying(groups, {2}, 3).empty());
}

}  // namespace
}  // namespace keygate::services
