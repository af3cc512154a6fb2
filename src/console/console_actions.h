// Every change made from the console is an event of its own in the auth event log
// (keygate_auth_event), written at once: channel "console", the administrator's login and uid,
// the key concerned, the client's address and user agent, and what was done as the reason
// (the names below), followed by ":" and its subject when the change has one that is no key
// ("console_group_granted:bob:base.group_system", "console_user_archived:bob"). A secret is
// never part of it. `keygate events` and the Events page show them with the logins.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "console/console_env.h"
#include "services/server_context.h"
#include "store/sql.h"

namespace keygate::console {

inline constexpr char kChannel[] = "console";
inline constexpr char kActionKeyCreated[] = "console_key_created";
inline constexpr char kActionKeyRevoked[] = "console_key_revoked";
inline constexpr char kActionKeyRotated[] = "console_key_rotated";
inline constexpr char kActionGroupGranted[] = "console_group_granted";
inline constexpr char kActionGroupRevoked[] = "console_group_revoked";
inline constexpr char kActionUserArchived[] = "console_user_archived";
inline constexpr char kActionUserUnarchived[] = "console_user_unarchived";
inline constexpr char kActionDoctorRun[] = "console_doctor_run";

Status RecordConsoleAction(store::SqlConnection& c, const Admin& admin,
                           const services::CallerInfo& caller, std::string_view action,
                           std::optional<int64_t> key_id, const Clock& clock,
                           std::string_view subject = {});

// Records the change and logs a warning when it could not be recorded (the change stands).
void RecordConsoleChange(store::SqlConnection& c, const Admin& admin,
                         const services::CallerInfo& caller, std::string_view action,
                         std::optional<int64_t> key_id, const Clock& clock,
                         std::string_view subject = {});

}  // namespace keygate::console
