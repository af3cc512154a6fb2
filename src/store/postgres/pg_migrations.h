// The PostgreSQL migration files (migrations/postgres/*.sql), compiled into the binary by
// cmake/embed.cmake (the definition is generated into the build tree as pg_migrations.cc).
// Thread-safety: immutable after static initialisation.
#pragma once

#include <vector>

#include "common/embedded.h"

namespace keygate {

const std::vector<EmbeddedFile>& PostgresMigrations();

}  // namespace keygate
