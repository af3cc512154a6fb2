// The SQLite migration files (migrations/sqlite/*.sql), compiled into the binary by
// cmake/embed.cmake (the definition is generated into the build tree as sqlite_migrations.cc).
// Thread-safety: immutable after static initialisation.
#pragma once

#include <vector>

#include "common/embedded.h"

namespace keygate {

const std::vector<EmbeddedFile>& SqliteMigrations();

}  // namespace keygate
