// Odoo's `db` service: list, db_exist, server_version, list_lang. The database management methods
// need Odoo's master password, which keygate does not have: they answer AccessDenied, as Odoo does
// for a wrong master password; databases are managed with `keygate db`.
// Thread-safety: thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "services/server_context.h"

namespace keygate::services {

StatusOr<Value> CallDb(const ServerContext& ctx, const std::string& method,
                       const Value::Array& args, const CallerInfo& caller);

// The databases this server shows for a request to `host`: all, filtered by dbfilter (%h and %d
// substituted as Odoo does). kAccessDenied when list_db is off.
StatusOr<std::vector<std::string>> ListDatabases(const ServerContext& ctx, const std::string& host);

// The same list whatever list_db says: which databases a request may use (Odoo's
// db_list(force=True)), e.g. to pick the only one when none is named.
// Opens a database a request names, as the backend does, except that a name dbfilter does not
// let through for `host` is a database that does not exist (kDatabaseNotFound), on every
// channel: dbfilter decides what is served, not only what is listed.
StatusOr<std::shared_ptr<store::Database>> OpenServedDatabase(const ServerContext& ctx,
                                                              const std::string& name,
                                                              const std::string& host);

StatusOr<std::vector<std::string>> ListDatabasesUnrestricted(const ServerContext& ctx,
                                                             const std::string& host);

}  // namespace keygate::services
