// Makes a change to what credentials depend on (a key revoked, a group granted, a user archived)
// apply to the very next call on every running keygate server before the change is reported
// done. On PostgreSQL each server learns of changes by notification (store/postgres/
// pg_auth_listener.h), which arrives a little after the commit; a witness notes the database's
// auth generation before an action and, if the action changed it, waits until every server's
// watcher has applied the new one (store::WaitForWatchers). On SQLite every server reads the
// generation itself, so there is nothing to wait for. Used by the command line and the console.
// Thread-safety: one witness per action, used by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include "store/sql.h"

namespace keygate::services {

class AuthChangeWitness {
 public:
  // How long Confirm waits for the servers; a server that takes longer is hung or going away,
  // and applies the change at its next 5 s check.
  static constexpr std::chrono::seconds kWait{2};

  // Notes the generation of `db` now (nothing when it cannot be read, or for an attached Odoo
  // database, which no server watches).
  explicit AuthChangeWitness(std::shared_ptr<store::Database> db);

  // After the action: how many servers had not applied its change when kWait ran out (0 when
  // all had, or when the action changed nothing).
  int Confirm();

 private:
  std::shared_ptr<store::Database> db_;
  std::optional<int64_t> before_;
};

}  // namespace keygate::services
