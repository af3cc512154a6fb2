// Registration of each `keygate` command group on the CLI11 application. A command's callback
// stores the action to run; main runs it once options are resolved (flags > env > file).
// Thread-safety: single-threaded CLI.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <string>

#include "cli/cli_context.h"

namespace keygate::cli {

using Action = std::function<int(CliContext&)>;

struct Registration {
  Action* selected;                             // set by the chosen subcommand
  std::map<std::string, std::string>* options;  // option overrides from flags
};

void RegisterServeCommand(CLI::App& app, Registration reg);
void RegisterDbCommands(CLI::App& app, Registration reg);
void RegisterUserCommands(CLI::App& app, Registration reg);
void RegisterKeyCommands(CLI::App& app, Registration reg);

// Seeds the demo data of `keygate db create --demo`: the administrator (login "admin", password
// "admin", uid 2 as in Odoo) and partners with names and e-mail addresses.
Status SeedDemoData(store::SqlConnection& c);

// Runs the CLI; returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace keygate::cli
