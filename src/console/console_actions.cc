// Console changes in the event log.
#include "console/console_actions.h"

#include <string>

#include "auth/auth_events.h"
#include "common/log.h"

namespace keygate::console {

Status RecordConsoleAction(store::SqlConnection& c, const Admin& admin,
                           const services::CallerInfo& caller, std::string_view action,
                           std::optional<int64_t> key_id, const Clock& clock,
                           std::string_view subject) {
  auth::AuthEvent e;
  e.create_date = auth::FormatUtcMillis(clock.NowUnixMicros() / 1000);
  e.db = admin.db;
  e.channel = kChannel;
  e.login = admin.login;
  e.uid = admin.uid;
  e.key_id = key_id;
  e.client_ip = caller.client_ip;
  e.peer_address = caller.peer_address;
  e.user_agent = caller.user_agent;
  e.success = true;
  e.reason = std::string(action);
  if (!subject.empty()) e.reason += ":" + std::string(subject);
  e.key_use = false;
  return auth::InsertAuthEvents(c, {e});
}

void RecordConsoleChange(store::SqlConnection& c, const Admin& admin,
                         const services::CallerInfo& caller, std::string_view action,
                         std::optional<int64_t> key_id, const Clock& clock,
                         std::string_view subject) {
  if (Status s = RecordConsoleAction(c, admin, caller, action, key_id, clock, subject); !s.ok()) {
    Log(LogLevel::kWarning, "console", "could not record the console event: " + s.message());
  }
}

}  // namespace keygate::console
