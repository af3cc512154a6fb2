// Parsing and checking of API key scopes (grammar in key_scope.h).
#include "models/key_scope.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "common/close_matches.h"

namespace keygate::models {

namespace {

constexpr unsigned Bit(Operation op) { return 1u << static_cast<unsigned>(op); }
constexpr unsigned kAllOps = Bit(Operation::kRead) | Bit(Operation::kWrite) |
                             Bit(Operation::kCreate) | Bit(Operation::kUnlink);

constexpr const char* kGrammar =
    "expected \"rpc\", \"rpc:readonly\" or \"rpc:MODEL:OPS[;MODEL:OPS...]\" where MODEL is a model "
    "name (e.g. sale.order) or *, and OPS is a comma-separated list of read, write, create, "
    "unlink or all; e.g. \"rpc:sale.order:read,write;res.partner:read\"";

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find(sep, start);
    out.push_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

bool IsModelName(std::string_view m) {
  if (m.empty() || m.front() == '.' || m.back() == '.') return false;
  for (char c : m) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

Status Invalid(const std::string& scope, const std::string& why) {
  return UserError("invalid API key scope '" + scope + "': " + why + "; " + kGrammar);
}

}  // namespace

const char* OperationName(Operation op) {
  switch (op) {
    case Operation::kRead:
      return "read";
    case Operation::kWrite:
      return "write";
    case Operation::kCreate:
      return "create";
    case Operation::kUnlink:
      return "unlink";
  }
  return "read";
}

StatusOr<KeyScope> KeyScope::Parse(const std::optional<std::string>& scope) {
  KeyScope ks;
  if (!scope || *scope == "rpc") {
    ks.text_ = scope.value_or("");
    return ks;
  }
  const std::string& s = *scope;
  ks.text_ = s;
  ks.unrestricted_ = false;
  constexpr std::string_view kPrefix = "rpc:";
  if (s.compare(0, kPrefix.size(), kPrefix) != 0) {
    return Invalid(s, "it does not start with \"rpc:\"");
  }
  std::string_view body = std::string_view(s).substr(kPrefix.size());
  if (body == "readonly") {
    ks.all_models_ = Bit(Operation::kRead);
    return ks;
  }
  if (body.empty()) return Invalid(s, "nothing follows \"rpc:\"");
  for (std::string_view entry : Split(body, ';')) {
    size_t colon = entry.rfind(':');
    if (entry.empty()) return Invalid(s, "empty entry (two ';' in a row, or a trailing ';')");
    if (colon == std::string_view::npos) {
      return Invalid(s, "entry '" + std::string(entry) + "' has no ':OPS' part");
    }
    std::string_view model = entry.substr(0, colon);
    std::string_view ops = entry.substr(colon + 1);
    if (model != "*" && !IsModelName(model)) {
      return Invalid(s, "'" + std::string(model) + "' is not a model name");
    }
    unsigned bits = 0;
    for (std::string_view op : Split(ops, ',')) {
      if (op == "read")
        bits |= Bit(Operation::kRead);
      else if (op == "write")
        bits |= Bit(Operation::kWrite);
      else if (op == "create")
        bits |= Bit(Operation::kCreate);
      else if (op == "unlink")
        bits |= Bit(Operation::kUnlink);
      else if (op == "all")
        bits |= kAllOps;
      else
        return Invalid(s, "unknown operation '" + std::string(op) + "'");
    }
    if (model == "*") {
      ks.all_models_ |= bits;
    } else {
      ks.per_model_[std::string(model)] |= bits;
    }
  }
  return ks;
}

std::vector<std::string> KeyScope::NamedModels() const {
  std::vector<std::string> out;
  for (const auto& [model, bits] : per_model_) out.push_back(model);
  return out;
}

Status KeyScope::ValidateForKey(const std::string& scope,
                                const std::vector<std::string>& known_models) {
  auto unknown_model = [&](const KeyScope& ks) -> std::optional<std::string> {
    for (const auto& m : ks.NamedModels()) {
      if (!std::binary_search(known_models.begin(), known_models.end(), m)) return m;
    }
    return std::nullopt;
  };
  if (scope.empty()) return Status::Ok();
  if (scope.compare(0, 3, "rpc") != 0) {
    std::string hint;
    auto as_rpc = Parse("rpc:" + scope);
    if (as_rpc.ok() && !unknown_model(*as_rpc)) hint = "did you mean 'rpc:" + scope + "'? ";
    return UserError("API key scope '" + scope +
                     "' never authenticates over RPC (it is not global and does not start with "
                     "'rpc'); " +
                     hint + kGrammar + ", or no --scope for a global key");
  }
  KG_ASSIGN_OR_RETURN(KeyScope ks, Parse(scope));
  if (auto model = unknown_model(ks)) {
    auto close = CloseMatches(*model, known_models);
    return UserError("API key scope '" + scope + "' names the model '" + *model +
                     "', which does not exist" +
                     (close.empty() ? std::string() : "; did you mean '" + close.front() + "'?"));
  }
  return Status::Ok();
}

bool KeyScope::Allows(std::string_view model, Operation op) const {
  if (unrestricted_) return true;
  unsigned bits = all_models_;
  if (auto it = per_model_.find(model); it != per_model_.end()) bits |= it->second;
  return (bits & Bit(op)) != 0;
}

Status KeyScopeDenial(std::string_view scope_text, std::string_view model, Operation op) {
  return AccessError("API key does not have sufficient permissions: this key may not " +
                     std::string(OperationName(op)) + " '" + std::string(model) +
                     "' records (its scope is '" + std::string(scope_text) + "').");
}

}  // namespace keygate::models
