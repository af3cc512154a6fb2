// The per-user forwarding credentials of gateway mode. A key keygate has narrowed (a scope
// narrower than `rpc`, an allow-list, a rate limit) is stored in Odoo's res_users_apikeys with a
// scope Odoo refuses, so that calling Odoo directly with it fails; when such a key passes
// keygate's gate, keygate forwards the call with a credential of its own for the same user: an
// API key of scope `rpc` it creates in Odoo's table (name kForwardingCredentialName, an expiry
// of kLifetimeSeconds), used for half its lifetime and then replaced. Its plaintext lives only
// here, in memory: never stored, logged or shown. The keys are listed in keygate's schema
// (store/forwarding_credentials.h), so the ones an earlier run left are recognised and deleted
// the first time a database is used after a start.
// Thread-safety: thread-safe (one mutex; a credential is made under it, which takes a few
// milliseconds once per user and half-lifetime).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "common/clock.h"
#include "common/status.h"
#include "store/sql.h"

namespace keygate::gateway {

inline constexpr const char* kForwardingCredentialName = "keygate forwarding credential";

class ForwardingCredentials {
 public:
  static constexpr int64_t kLifetimeSeconds = 3600;

  explicit ForwardingCredentials(const Clock& clock) : clock_(clock) {}

  // The credential to forward user `uid`'s calls to `db` with, made when there is none or the
  // current one is past half its lifetime.
  StatusOr<std::string> For(store::SqlConnection& c, const std::string& db, int64_t uid);

  // Odoo refused `secret` (say an administrator deleted the key in Odoo): it is forgotten and
  // its row deleted, so that the next For() makes a new one.
  Status Refused(store::SqlConnection& c, const std::string& db, int64_t uid,
                 const std::string& secret);

 private:
  struct Entry {
    std::string secret;
    int64_t key_id = 0;
    int64_t created_unix = 0;
  };
  // Deletes what an earlier run left in `db` (once per database and process).
  Status CleanUpOnce(store::SqlConnection& c, const std::string& db);

  const Clock& clock_;
  std::mutex mu_;
  std::map<std::pair<std::string, int64_t>, Entry> entries_;
  std::set<std::string> cleaned_;
};

}  // namespace keygate::gateway
