// `keygate version` and `keygate --version`: the version, the commit it was built from, the
// build type and the storage backends.
// Thread-safety: pure functions.
#pragma once

#include <string>

namespace keygate::cli {

// "keygate 0.1.0 (commit 18c95ad, RelWithDebInfo build, backends: sqlite, postgresql)".
std::string VersionText();

}  // namespace keygate::cli
