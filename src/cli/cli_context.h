// Shared plumbing of the `keygate` subcommands: resolved options, the storage backend they act
// on, and uniform output (results on stdout, everything else on stderr, errors as one line).
// Thread-safety: used by the single CLI thread.
#pragma once

#include <iostream>
#include <memory>
#include <string>

#include "common/status.h"
#include "config/options.h"
#include "store/sql.h"

namespace keygate::cli {

struct CliContext {
  config::Options options;
  std::unique_ptr<store::Backend> backend;  // built from options by main
};

// Prints "keygate: error: <message>" on stderr and returns the exit code 1.
int Fail(const Status& status);
int Fail(const std::string& message);

// Opens `db` and borrows a connection, or fails with Odoo's "does not exist" text.
StatusOr<store::ConnectionLease> Connect(CliContext& ctx, const std::string& db);

// Reads one line from stdin (trailing CR/LF removed); kInvalidRequest when stdin is empty.
StatusOr<std::string> ReadSecretLine(const std::string& what);

// Escapes a string for a JSON document (CLI --json output).
std::string JsonString(const std::string& s);

}  // namespace keygate::cli
