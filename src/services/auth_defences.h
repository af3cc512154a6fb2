// The defences every authentication passes through (called by services/auth_gate.cc around each
// credential check): the shared login cooldown (keyed by client address and by login), per-key
// allowed networks and rate limits, and the auth event log. Kept apart from auth_gate so that
// the gate stays a list of channels and this file holds the policy.
// Thread-safety: thread-safe; Defences is built once at start-up and then shared.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth_events.h"
#include "auth/auth_metrics.h"
#include "auth/auth_outcome.h"
#include "auth/authenticator.h"
#include "auth/ip_network.h"
#include "auth/key_restrictions.h"
#include "auth/password_slots.h"
#include "common/status.h"
#include "services/server_context.h"
#include "store/sql.h"

namespace keygate::services {

// Process-wide state of the defences (ServerContext::defences points here).
struct Defences {
  auth::AuthEventLog* events = nullptr;  // null: attempts are not recorded
  auth::RestrictionCache restrictions;   // rate-limit buckets live in the database (rate_limit.h)
  std::vector<auth::IpNetwork> trusted_proxies;   // parsed options.trusted_proxies
  const auth::AuthMetrics* metrics = nullptr;     // failures by reason (null: not counted)
  auth::PasswordSlots* password_slots = nullptr;  // bound on password hashes (null: none)
};

// Who an attempt claims to be, as far as is known before checking: a login (authenticate, web
// login), a uid (execute_kw) or neither (JSON-2 bearer keys name no one).
struct AttemptSubject {
  std::string login;
  std::optional<int64_t> uid;
  bool interactive = false;  // a web login (/web/session/authenticate): Odoo's per-address count
};

// The credential check proper; it consults the gate before hashing a password.
using CredentialCheck = std::function<StatusOr<auth::AuthOutcome>(const auth::PasswordGate*)>;

// Refuses without checking when the address or the login is on cooldown; otherwise runs `check`,
// then enforces the key's restrictions, updates the cooldown counters and records the event.
StatusOr<auth::AuthOutcome> GuardedCheck(const ServerContext& ctx, store::SqlConnection& c,
                                         const std::string& db, const AttemptSubject& subject,
                                         const std::string& secret, const CallerInfo& caller,
                                         const CredentialCheck& check);

// The auth generation of `db` now, from the authenticator's source (from memory on a warm path:
// a notification, or SQLite's commit stamp), or read per call when there is no authenticator.
StatusOr<int64_t> CurrentGeneration(const ServerContext& ctx, store::SqlConnection& c,
                                    const std::string& db);

// The limits of the API key a successful outcome was granted by: its allowed networks and its
// rate limit (one token taken). Returns the outcome unchanged when it holds no key, else refused
// with kAddressNotAllowed or kRateLimited (denial_message, retry_after_seconds) when over them.
// GuardedCheck applies it after every check; a session opened with a key applies it per call.
StatusOr<auth::AuthOutcome> ApplyKeyLimits(const ServerContext& ctx, store::SqlConnection& c,
                                           const std::string& db, auth::AuthOutcome outcome,
                                           const CallerInfo& caller);

// A call of a web session opened with a key, refused by ApplyKeyLimits: counted in the metrics
// and recorded in the event log as any refused attempt (reason rate_limited or
// address_not_allowed), so that detection sees it.
Status NoteSessionRefusal(const ServerContext& ctx, store::SqlConnection& c, const std::string& db,
                          const auth::AuthOutcome& outcome, const CallerInfo& caller);

// Gateway mode: something shaped like an API key on a request keygate passes through to Odoo,
// refused unchecked (gateway/key_outside_calls.h). Counted in the metrics and, unless `db` is "",
// recorded in its event log (reason key_outside_integration_calls, with the key's index, never
// the key), so that detection counts it with the guesses of its address.
void NoteKeyOutsideIntegrationCalls(const ServerContext& ctx, const std::string& db,
                                    const std::string& login, const std::string& key_index,
                                    const CallerInfo& caller);

// An attempt naming a database that does not exist: there is no database to record it in, so it
// goes to the server log (reason=unknown_database) and is counted in /metrics under that
// reason. Does nothing for other errors.
void NoteUnknownDatabase(const ServerContext& ctx, const Status& open_error, const std::string& db,
                         const std::string& who, const CallerInfo& caller);

// The AccessDenied status to answer a failed outcome with: Odoo's "Access Denied", or the
// cooldown / rate-limit text.
Status DenialStatus(const auth::AuthOutcome& outcome);

}  // namespace keygate::services
