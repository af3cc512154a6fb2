// A per-thread memo of what access policies are built from, so that a warm call reads none of it
// from the database: each user's effective groups and record-rule variables, the record-rule
// domain a user gets for an operation on a model, each model's access rights and rules, and each
// key's parsed scope.
//
// Keyed by database and auth generation. Every change these depend on (users, groups and their
// implications and members, access rights, record rules, companies) bumps the database's auth
// generation, by triggers on both backends and whichever process makes the change; the caller
// passes the generation its credential was checked under, and a memo of another generation is
// dropped, never used. So a change applies to the very next call, as the credential cache does.
//
// As a safety net should a change ever go unnoticed, a memo is also dropped `ttl_seconds` after
// it was started (credential_cache_ttl_seconds, as for cached credentials).
//
// Per thread: each serving thread warms its own copy, so the hot path takes no lock and shares
// no cache line. Bounded: at most `users` users and as many key scopes per database and thread
// (all are forgotten when one more arrives: option policy_cache_size), models by the registry,
// databases by the process's open databases (a memo of a closed database is dropped).
// Thread-safety: thread-confined by construction.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/value.h"
#include "models/access_rows.h"
#include "models/key_scope.h"
#include "models/py_literal.h"
#include "store/sql.h"

namespace keygate::models {

// What a policy knows about one user, filled as the policy needs it.
struct UserAccessRows {
  std::vector<int64_t> group_ids;  // effective groups, sorted
  std::optional<PyNames> rule_names;
  // The combined record-rule domain per (model, operation): nullopt when no rule applies.
  std::map<std::pair<std::string, int>, std::optional<Value>, std::less<>> rule_domains;
};

struct PolicyMemoLimits {
  size_t users = 1024;       // users per database and thread; 0 caches nothing
  int64_t ttl_seconds = 60;  // 0: as long as the generation
};

// The memo of one database at one auth generation, on the calling thread.
class PolicyMemo {
 public:
  // This thread's memo of `db` at `generation` (a memo of another generation, or older than the
  // time-to-live, is cleared first).
  static PolicyMemo& ForThisThread(const std::shared_ptr<store::Database>& db, int64_t generation,
                                   const PolicyMemoLimits& limits);

  std::shared_ptr<UserAccessRows> FindUser(int64_t uid) const;
  void PutUser(int64_t uid, std::shared_ptr<UserAccessRows> rows);
  // A key's scope by its stored value (none for NULL): parsed, or why it does not parse.
  std::shared_ptr<const StatusOr<KeyScope>> FindScope(
      const std::optional<std::string>& stored) const;
  void PutScope(const std::optional<std::string>& stored,
                std::shared_ptr<const StatusOr<KeyScope>> scope);
  std::shared_ptr<const ModelAccessRows> FindModel(std::string_view model) const;
  void PutModel(const std::string& model, std::shared_ptr<const ModelAccessRows> rows);

  // Whether the database's access data was checked (access_data.h) for this memo.
  bool access_data_checked = false;

 private:
  void Reset(int64_t generation, const PolicyMemoLimits& limits, int64_t now_seconds);

  int64_t generation_ = 0;
  PolicyMemoLimits limits_;
  int64_t started_seconds_ = 0;  // steady clock
  std::map<int64_t, std::shared_ptr<UserAccessRows>> users_;
  std::map<std::string, std::shared_ptr<const ModelAccessRows>, std::less<>> models_;
  std::map<std::optional<std::string>, std::shared_ptr<const StatusOr<KeyScope>>> scopes_;

  friend struct PolicyMemoSlot;
};

}  // namespace keygate::models
