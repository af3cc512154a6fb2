// CLI plumbing.
#include "cli/cli_context.h"

#include "rpc/json_codec.h"

namespace keygate::cli {

int Fail(const Status& status) { return Fail(status.message()); }

int Fail(const std::string& message) {
  std::string line = message;
  for (char& c : line) {
    if (c == '\n') c = ' ';
  }
  std::cerr << "keygate: error: " << line << "\n";
  return 1;
}

StatusOr<store::ConnectionLease> Connect(CliContext& ctx, const std::string& db) {
  if (db.empty()) return InvalidRequest("--db is required");
  KG_ASSIGN_OR_RETURN(auto database, ctx.backend->Open(db));
  return database->Acquire();
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
