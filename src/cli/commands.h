// Registration of each `keygate` command group on the CLI11 application. A command's callback
// stores the action to run; RunCli runs it once options are resolved (flags > env > file), then
// prints its Status and chooses the exit code (cli_context.h).
// Thread-safety: single-threaded CLI.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "auth/key_lifecycle.h"
#include "auth/key_restrictions.h"
#include "cli/cli_context.h"

namespace keygate::cli {

using Action = std::function<Status(CliContext&)>;

struct Registration {
  Action* selected;                             // set by the chosen subcommand
  std::map<std::string, std::string>* options;  // option overrides from flags
};

void RegisterServeCommand(CLI::App& app, Registration reg);
void RegisterDbCommands(CLI::App& app, Registration reg);
void RegisterUserCommands(CLI::App& app, Registration reg);
void RegisterKeyCommands(CLI::App& app, Registration reg);
void RegisterConfigCommands(CLI::App& app, Registration reg);  // `config get|set|list`
void RegisterEventCommands(CLI::App& app, Registration reg);   // `events`
void RegisterGroupCommands(CLI::App& app, Registration reg);   // `group list|grant|revoke`
void RegisterAccessCommands(CLI::App& app, Registration reg);  // `access check`
void RegisterDoctorCommand(CLI::App& app, Registration reg);   // `doctor`
void RegisterAuditCommand(CLI::App& app, Registration reg);    // `audit`
void RegisterAlertCommands(CLI::App& app, Registration reg);   // `watch`, `alerts`
void RegisterVersionCommand(CLI::App& app, Registration reg);  // `version` (version.h)
// `completion bash|zsh`, generated from `app`'s whole command tree (register it last).
void RegisterCompletionCommand(CLI::App& app, Registration reg);
// `db attach|detach`, registered under the `db` command.
void RegisterDbAttachCommands(CLI::App& db, Registration reg);
// `key rotate`, registered under the `key` command.
void RegisterKeyRotateCommand(CLI::App& key, Registration reg);
// `user totp ...`, registered under the `user` command.
void RegisterTotpCommands(CLI::App& user, Registration reg);
// `user show`, registered under the `user` command.
void RegisterUserShowCommand(CLI::App& user, Registration reg);

// Seeds the demo data of `keygate db create --demo`: the administrator (login "admin", password
// "admin", uid 2 as in Odoo) and partners with names and e-mail addresses.
Status SeedDemoData(store::SqlConnection& c);

// Loads the shipped access rights and record rules into the database when they are not current
// (models/access_data.h); `db create` and every command that reads or changes access call it.
Status EnsureAccess(store::SqlConnection& c);
// Connect, then EnsureAccess.
StatusOr<store::ConnectionLease> ConnectWithAccess(CliContext& ctx, const std::string& db);
// Full names ("Sales / Administrator") of the groups with these ids, ordered by full name.
StatusOr<std::vector<std::string>> GroupFullNames(store::SqlConnection& c,
                                                  const std::vector<int64_t>& ids);

// One API key as a JSON object, the same wherever keys are listed (`key list --json`, the keys
// of `user show --json`): id, login, user_id, name, scope, dates, restrictions, last use and
// rotation links; never the key or its hash.
std::string KeyJson(const store::ApiKeyRecord& key, const std::string& login,
                    const auth::KeyRestriction& restriction, const auth::KeyMeta& meta);

// `--since` text: "90s", "30m", "1h", "2d" before `now`, or a UTC date/time "2026-01-31[ 12:00:00]"
// (also with 'T'); the result is "YYYY-MM-DD HH:MM:SS".
StatusOr<std::string> SinceToUtc(const std::string& text, int64_t now);

// Runs the CLI; returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace keygate::cli
