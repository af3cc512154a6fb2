// Fuzz target for the API key scope grammar (models/key_scope.h). Any text must parse or fail
// with kUserError, consistently with ValidateForNewKey. A scope that parses keeps its text, and
// its answers agree with a plain reading of the grammar: every operation an entry names is
// allowed on its model, and a model no entry names gets only what "*" (or rpc:readonly) gives.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "models/key_scope.h"

namespace keygate::fuzz {
namespace {

using models::Operation;

constexpr Operation kOperations[] = {Operation::kRead, Operation::kWrite, Operation::kCreate,
                                     Operation::kUnlink};
constexpr std::string_view kUnnamedModel = "fuzz.model.named.nowhere";

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

bool Names(std::string_view op_text, Operation op) {
  return op_text == "all" || op_text == models::OperationName(op);
}

// What the grammar says the parsed `body` (after "rpc:") gives to a model no entry names.
bool WildcardAllows(std::string_view body, Operation op) {
  if (body == "readonly") return op == Operation::kRead;
  for (std::string_view entry : Split(body, ';')) {
    const size_t colon = entry.rfind(':');
    if (entry.substr(0, colon) != "*") continue;
    for (std::string_view op_text : Split(entry.substr(colon + 1), ',')) {
      if (Names(op_text, op)) return true;
    }
  }
  return false;
}

void CheckParsed(const std::string& text, const models::KeyScope& scope) {
  Check(scope.text() == text, "the scope's text is not the text parsed");
  Check(scope.unrestricted() == (text == "rpc"), "only \"rpc\" is unrestricted");
  if (scope.unrestricted()) return;
  const std::string_view body = std::string_view(text).substr(4);
  // The fuzzer learns the sentinel's name too; a scope that names it has no unnamed model to ask.
  const bool sentinel_named = text.find(kUnnamedModel) != std::string::npos;
  for (Operation op : kOperations) {
    Check(sentinel_named || scope.Allows(kUnnamedModel, op) == WildcardAllows(body, op),
          "a model no entry names gets other rights than \"*\" gives");
  }
  if (body == "readonly") return;
  for (std::string_view entry : Split(body, ';')) {
    const size_t colon = entry.rfind(':');
    const std::string_view model = entry.substr(0, colon);
    for (std::string_view op_text : Split(entry.substr(colon + 1), ',')) {
      for (Operation op : kOperations) {
        if (Names(op_text, op)) {
          Check(scope.Allows(model, op), "an operation the scope names is not allowed");
        }
      }
    }
  }
}

}  // namespace
}  // namespace keygate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keygate;
  using fuzz::Check;
  const std::string text(reinterpret_cast<const char*>(data), size);
  StatusOr<models::KeyScope> scope = models::KeyScope::Parse(text);
  // A scope the CLI accepts for a key (naming only models it knows) always parses, and what it
  // refuses it refuses as a user error. The CLI reads an empty scope as none given (a global key,
  // stored as NULL), so that is what it must parse as; a stored empty string is refused.
  const StatusOr<models::KeyScope> as_stored =
      models::KeyScope::Parse(text.empty() ? std::nullopt : std::optional<std::string>(text));
  const std::vector<std::string> named =
      as_stored.ok() ? as_stored->NamedModels() : std::vector<std::string>{};
  const Status for_key = models::KeyScope::ValidateForKey(text, named);
  Check(!for_key.ok() || as_stored.ok(), "ValidateForKey accepts a scope Parse refuses");
  Check(!text.empty() || !scope.ok(), "a stored empty scope parses (Odoo refuses it)");
  Check(for_key.ok() || for_key.code() == StatusCode::kUserError, "refusal other than UserError");
  if (!scope.ok()) {
    Check(scope.status().code() == StatusCode::kUserError, "error other than UserError");
    return 0;
  }
  fuzz::CheckParsed(text, *scope);
  return 0;
}
