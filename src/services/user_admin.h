// Managing users and their groups on an administrator's behalf: what `keygate user
// add|list|archive|unarchive`, `keygate group grant|revoke` and the console's Users page all call,
// so that the front ends give the same results and the same errors (and the same sentences: the
// messages below are what both show). The front end resolves nothing itself and only prints or
// renders.
//
// On an Odoo database keygate is attached to, the statements are the same; Odoo's side refuses
// what keygate may not do there (creating users: "create them in Odoo") and its computed columns
// are left to Odoo (README, "Attaching to an Odoo database").
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "models/group_lookup.h"
#include "store/records.h"
#include "store/sql.h"

namespace keygate::services {

// The user with exactly this login, archived or not; kUserError `no user with login "x"` with
// the closest login as a suggestion when there is none.
StatusOr<store::UserRecord> FindUserByLogin(store::SqlConnection& c, const std::string& login);

// One user as the administrator sees it: the record (2FA on when totp_secret is set, archived when
// not active), the groups it was put in, and every group it has once implications are followed.
struct UserOverview {
  store::UserRecord user;
  std::vector<int64_t> direct_group_ids;     // sorted
  std::vector<int64_t> effective_group_ids;  // sorted; includes the direct ones
};

// Every user (archived ones too when `include_archived`), in the store's order.
StatusOr<std::vector<UserOverview>> ListUserOverviews(store::SqlConnection& c,
                                                      bool include_archived);

struct NewUserInput {
  std::string login;
  std::string name;  // "" = the login
  std::string email;
  std::optional<std::string> password_hash;  // none: the user can use API keys only
  std::vector<std::string> groups;           // also these (full names or external ids)
};

// Creates an internal user as Odoo makes one (Internal User, Contact Creation and Access to export
// feature), plus the groups asked for, with the groups they imply (as Odoo stores them), in one
// transaction: nothing is written when a group is
// unknown or the login taken.
// Asking for another user type (Portal, Public) makes a user of that type instead, without the
// internal user's groups; a user of two types is refused with Odoo's "The user cannot have more
// than one user types." (GrantGroup likewise).
StatusOr<int64_t> CreateUser(store::SqlConnection& c, const NewUserInput& input);

// The outcome of a change: whether anything changed, and the sentence that says what happened.
struct UserChange {
  bool changed = false;
  std::string message;
};

// Archives (active = false) or unarchives the user: its password and keys stop (or start again)
// working from the next call.
StatusOr<UserChange> SetUserActive(store::SqlConnection& c, const store::UserRecord& user,
                                   bool active);

// Puts the user in the group named by `group_spec` (models::ResolveGroup: full name or external
// id); already in it: nothing changes.
StatusOr<UserChange> GrantGroup(store::SqlConnection& c, const store::UserRecord& user,
                                const std::string& group_spec);

// Takes the user out of the group. A user not in it at all: nothing changes. A user who has it
// only through groups implying it: kUserError naming those groups, since removing nothing would
// mislead.
StatusOr<UserChange> RevokeGroup(store::SqlConnection& c, const store::UserRecord& user,
                                 const std::string& group_spec);

// Deletes the group named by `group_spec` with its memberships, implications, access rights and
// record rules (store::DeleteGroup), as Odoo unlinks a group, and refreshes its members' `share`.
// Odoo's base groups (external id base.*: the user types, Settings, Contact Creation, ...) are
// refused, and so is every group of an Odoo database keygate is attached to (Odoo's to change).
StatusOr<UserChange> DeleteGroup(store::SqlConnection& c, const std::string& group_spec);

// The groups among `direct_ids` that imply `group_id`, directly or through other groups, given
// every group's direct implications (`groups`, as models::ListGroups returns them).
std::vector<int64_t> GroupsImplying(const std::vector<models::GroupInfo>& groups,
                                    const std::vector<int64_t>& direct_ids, int64_t group_id);

}  // namespace keygate::services
