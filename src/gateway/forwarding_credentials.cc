// Making, rotating and dropping forwarding credentials (see forwarding_credentials.h).
#include "gateway/forwarding_credentials.h"

#include "auth/api_keys.h"
#include "common/log.h"
#include "store/forwarding_credentials.h"

namespace keygate::gateway {

Status ForwardingCredentials::CleanUpOnce(store::SqlConnection& c, const std::string& db) {
  if (cleaned_.count(db) > 0) return Status::Ok();
  KG_ASSIGN_OR_RETURN(int64_t deleted, store::DeleteForwardingCredentials(c, std::nullopt));
  cleaned_.insert(db);
  if (deleted > 0) {
    Log(LogLevel::kInfo, "gateway",
        "db:" + db + ": deleted " + std::to_string(deleted) +
            " forwarding credential(s) left by an earlier run");
  }
  return Status::Ok();
}

StatusOr<std::string> ForwardingCredentials::For(store::SqlConnection& c, const std::string& db,
                                                 int64_t uid) {
  std::lock_guard lock(mu_);
  KG_RETURN_IF_ERROR(CleanUpOnce(c, db));
  const int64_t now = clock_.NowUnix();
  auto it = entries_.find({db, uid});
  if (it != entries_.end() && now - it->second.created_unix < kLifetimeSeconds / 2) {
    return it->second.secret;
  }
  auth::KeyRequest request;
  request.user_id = uid;
  request.name = kForwardingCredentialName;
  request.scope = "rpc";
  request.expiration_date = FormatUtc(now + kLifetimeSeconds);
  request.sudo = true;
  Entry fresh;
  {
    store::Transaction tx(c);
    KG_RETURN_IF_ERROR(tx.Begin());
    KG_ASSIGN_OR_RETURN(auth::CreatedKey created,
                        auth::CreateApiKey(c, request, crypto::DefaultRandom(), clock_));
    KG_RETURN_IF_ERROR(store::RecordForwardingCredential(c, created.id, uid, FormatUtc(now),
                                                         *request.expiration_date));
    KG_RETURN_IF_ERROR(tx.Commit());
    fresh.secret = std::move(created.plaintext);
    fresh.key_id = created.id;
    fresh.created_unix = now;
  }
  if (it != entries_.end()) {
    // The one it replaces: calls still using it that Odoo refuses are retried with the new one.
    auto deleted = store::DeleteForwardingCredentials(c, it->second.key_id);
    if (!deleted.ok()) {
      Log(LogLevel::kWarning, "gateway",
          "db:" + db + ": could not delete the replaced forwarding credential of uid " +
              std::to_string(uid) + ": " + deleted.status().message());
    }
    it->second = fresh;
  } else {
    entries_.emplace(std::make_pair(db, uid), fresh);
  }
  return fresh.secret;
}

Status ForwardingCredentials::Refused(store::SqlConnection& c, const std::string& db, int64_t uid,
                                      const std::string& secret) {
  std::lock_guard lock(mu_);
  auto it = entries_.find({db, uid});
  if (it == entries_.end() || it->second.secret != secret) return Status::Ok();  // replaced
  const int64_t key_id = it->second.key_id;
  entries_.erase(it);
  Log(LogLevel::kWarning, "gateway",
      "db:" + db + ": Odoo refused the forwarding credential of uid " + std::to_string(uid) +
          " (deleted in Odoo?); making a new one");
  return store::DeleteForwardingCredentials(c, key_id).status();
}

}  // namespace keygate::gateway
