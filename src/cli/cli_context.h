// Shared plumbing of the `keygate` subcommands: resolved options, the storage backend they act
// on, and uniform outcomes. Every command returns a Status; RunCli alone prints it (one line on
// stderr) and chooses the exit code (README, "Exit status"): 0 ok, 1 error, 2 a negative answer
// that is not an error (access check: denied; audit --fail-on: findings at the threshold).
// Results go to stdout, everything else to stderr.
// Thread-safety: used by the single CLI thread.
#pragma once

#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "common/status.h"
#include "config/options.h"
#include "services/auth_change_witness.h"
#include "store/records.h"
#include "store/sql.h"

namespace keygate::cli {

struct CliContext {
  config::Options options;
  std::unique_ptr<store::Backend> backend;  // built from options by RunCli
  std::string data_dir_source;              // where data_dir came from: "--data-dir", ...
  // Each database the command opened, with its auth generation then, so that ConfirmAuthChanges
  // can tell whether the command changed what credentials depend on.
  std::map<std::string, services::AuthChangeWitness> witnesses;
};

// The command fails with `status` (returned as is) or with `message` (kInvalidRequest).
inline Status Fail(const Status& status) { return status; }
Status Fail(const std::string& message);

// A negative answer (exit 2). The CLI runs no model call under an access policy, so an
// AccessError reaching RunCli is always such an answer.
Status NegativeAnswer(std::string message);
bool IsNegativeAnswer(const Status& status);

// The exit code of a command's outcome, and its one line on stderr (nothing when ok).
int ExitCode(const Status& status);
void PrintOutcome(const Status& status);

// PostgreSQL: after a command that changed what credentials depend on (revoked a key, a group,
// a password...), waits until every running keygate server watching the database has applied
// the change (store::WaitForWatchers, up to 2 s), so that when the command returns, the very
// next call anywhere sees it. Warns on stderr about servers that did not confirm in time.
void ConfirmAuthChanges(CliContext& ctx);

// Where the databases are looked for: "the data directory /abs/path" or "the PostgreSQL server
// host:port", for messages.
std::string StorageDescription(const CliContext& ctx);

// Opens `db`, or fails with Odoo's "does not exist" text, saying where it looked and naming
// close database names.
StatusOr<std::shared_ptr<store::Database>> OpenDatabase(CliContext& ctx, const std::string& db);

// Opens `db` and borrows a connection, or fails with Odoo's "does not exist" text, saying where
// it looked and naming close database names.
StatusOr<store::ConnectionLease> Connect(CliContext& ctx, const std::string& db);

// The user with this login, or kUserError "no user with login "x"" naming the closest logins.
StatusOr<store::UserRecord> FindUser(store::SqlConnection& c, const std::string& login);

// Reads one line from stdin (trailing CR/LF removed); kInvalidRequest when stdin is empty.
StatusOr<std::string> ReadSecretLine(const std::string& what);

// Escapes a string for a JSON document (CLI --json output).
std::string JsonString(const std::string& s);

}  // namespace keygate::cli
