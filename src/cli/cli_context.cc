// CLI plumbing.
#include "cli/cli_context.h"

#include <filesystem>

#include "common/close_matches.h"
#include "rpc/json_codec.h"
#include "services/user_admin.h"
#include "store/repositories.h"

namespace keygate::cli {

Status Fail(const std::string& message) { return InvalidRequest(message); }

Status NegativeAnswer(std::string message) { return AccessError(std::move(message)); }

bool IsNegativeAnswer(const Status& status) { return status.code() == StatusCode::kAccessError; }

int ExitCode(const Status& status) {
  if (status.ok()) return 0;
  return IsNegativeAnswer(status) ? 2 : 1;
}

void PrintOutcome(const Status& status) {
  if (status.ok()) return;
  std::string line = status.message();
  for (char& c : line) {
    if (c == '\n') c = ' ';
  }
  std::cerr << (IsNegativeAnswer(status) ? "keygate: " : "keygate: error: ") << line << "\n";
}

std::string StorageDescription(const CliContext& ctx) {
  if (!ctx.options.db_host.empty()) {
    return "the PostgreSQL server " + ctx.options.db_host + ":" +
           std::to_string(ctx.options.db_port);
  }
  std::error_code ec;
  auto absolute = std::filesystem::absolute(ctx.options.data_dir, ec);
  return "the data directory " + (ec ? ctx.options.data_dir : absolute.lexically_normal().string());
}

StatusOr<std::shared_ptr<store::Database>> OpenDatabase(CliContext& ctx, const std::string& db) {
  if (db.empty()) return InvalidRequest("--db is required");
  auto database = ctx.backend->Open(db);
  if (!database.ok()) {
    if (database.status().code() != StatusCode::kDatabaseNotFound) return database.status();
    std::string message = database.status().message() + " in " + StorageDescription(ctx);
    auto names = ctx.backend->List();
    if (names.ok()) {
      auto close = CloseMatches(db, *names);
      if (!close.empty()) {
        message += "; did you mean \"" + close.front() + "\"?";
      } else if (names->empty()) {
        message += " (it holds no database; create one with: keygate db create NAME)";
      } else {
        message += " (keygate db list shows its databases)";
      }
    }
    return Status(StatusCode::kDatabaseNotFound, message);
  }
  if (ctx.witnesses.count(db) == 0) ctx.witnesses.emplace(db, *database);
  return database;
}

void ConfirmAuthChanges(CliContext& ctx) {
  for (auto& [db, witness] : ctx.witnesses) {
    if (const int behind = witness.Confirm(); behind > 0) {
      std::cerr << "keygate: warning: " << behind << " running keygate server(s) watching database "
                << db << " did not confirm the change within "
                << services::AuthChangeWitness::kWait.count()
                << " s; each applies it at its next check (within 5 s) or when it reconnects\n";
    }
  }
}

StatusOr<store::ConnectionLease> Connect(CliContext& ctx, const std::string& db) {
  KG_ASSIGN_OR_RETURN(auto database, OpenDatabase(ctx, db));
  return database->Acquire();
}

StatusOr<store::UserRecord> FindUser(store::SqlConnection& c, const std::string& login) {
  return services::FindUserByLogin(c, login);
}

StatusOr<std::string> ReadSecretLine(const std::string& what) {
  std::string line;
  if (!std::getline(std::cin, line)) {
    return InvalidRequest("expected the " + what + " on standard input");
  }
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.empty()) return InvalidRequest("the " + what + " read from standard input is empty");
  return line;
}

std::string JsonString(const std::string& s) { return rpc::SerializeJson(Value(s)); }

}  // namespace keygate::cli
