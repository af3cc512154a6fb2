// The session info of a logged-in web session: the result of /web/session/authenticate, of the
// second-factor step and of /web/session/get_session_info, with the keys and values of Odoo 18's
// ir.http.session_info() (web, base_setup, bus, web_tour): 34 keys for an internal user, 31 for
// a portal user (no companies, no menus, no effects). Values come from the database where keygate
// has the data (the user, its partner and groups, the company, ir_config_parameter) and are
// Odoo's own for what keygate does not serve (views, currencies, tours, profiling).
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "common/value.h"
#include "services/server_context.h"
#include "store/sql.h"

namespace keygate::services {

// kSessionExpired when the user no longer exists.
StatusOr<Value> BuildSessionInfo(const ServerContext& ctx, store::SqlConnection& c,
                                 const std::string& db, int64_t uid);

}  // namespace keygate::services
