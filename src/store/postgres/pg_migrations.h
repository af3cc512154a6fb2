// The PostgreSQL migration files (migrations/postgres/*.sql), compiled into the binary by
// cmake/embed.cmake (the definition is generated into the build tree as pg_migrations.cc).
// Thread-safety: immutable after static initialisation.
#pragma once

#include <vector>

#include "common/embedded.h"

namespace keygate {

const std::vector<EmbeddedFile>& PostgresMigrations();
// migrations/postgres_attach/*.sql: keygate's schema inside an attached Odoo database
// (store/postgres/pg_attach.h).
const std::vector<EmbeddedFile>& PostgresAttachMigrations();

}  // namespace keygate
