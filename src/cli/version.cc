// The version text and the `keygate version` command (see version.h). KEYGATE_VERSION,
// KEYGATE_COMMIT and KEYGATE_BUILD_TYPE are defined for this file by src/cli/CMakeLists.txt.
#include "cli/version.h"

#include "cli/commands.h"

namespace keygate::cli {

std::string VersionText() {
  return std::string("keygate ") + KEYGATE_VERSION + " (commit " + KEYGATE_COMMIT + ", " +
         KEYGATE_BUILD_TYPE + " build, backends: sqlite, postgresql)";
}

void RegisterVersionCommand(CLI::App& app, Registration reg) {
  CLI::App* cmd =
      app.add_subcommand("version", "Print the version, commit, build type and backends");
  cmd->callback([reg] {
    *reg.selected = [](CliContext&) {
      std::cout << VersionText() << "\n";
      return Status::Ok();
    };
  });
}

}  // namespace keygate::cli
