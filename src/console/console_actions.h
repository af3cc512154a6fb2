// Every change made from the console is an event of its own in the auth event log
// (keygate_auth_event), written at once: channel "console", the administrator's login and uid,
// the key concerned, the client's address and user agent, and what was done as the reason
// (the names below). `keygate events` and the Events page show them with the logins.
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

Status RecordConsoleAction(store::SqlConnection& c, const Admin& admin,
                           const services::CallerInfo& caller, std::string_view action,
                           std::optional<int64_t> key_id, const Clock& clock);

}  // namespace keygate::console
