// Per-key scopes beyond Odoo: what an API key may do, narrowed below its user's rights.
//
// Grammar (documented in README.md, "API key scopes"):
//   NULL | "rpc"           every right of the user (Odoo's meaning)
//   "rpc:readonly"         read on every model the user may read
//   "rpc:" ENTRY (";" ENTRY)*
//     ENTRY := MODEL ":" OP ("," OP)*      MODEL: a model name such as sale.order, or "*"
//     OP    := read | write | create | unlink | all
// e.g. "rpc:sale.order:read,write;res.partner:read". No spaces. A key never exceeds its user:
// the scope is intersected with the user's access rights and record rules.
// Thread-safety: KeyScope is an immutable value.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "models/access.h"

namespace keygate::models {

class KeyScope {
 public:
  // NULL scope: everything the user may do.
  KeyScope() = default;

  // Parses a scope that authenticates RPC (NULL, "rpc" or "rpc:..."). kUserError with a
  // message that says what is wrong and shows the grammar.
  static StatusOr<KeyScope> Parse(const std::optional<std::string>& scope);

  // Whether a key with this scope can ever work over keygate's RPC: "" (global), "rpc",
  // "rpc:readonly", or "rpc:..." that parses and names only models of `known_models` (or "*").
  // kUserError otherwise, one line naming the valid forms and what to type instead: the
  // closest known model, or "rpc:" + the scope when that works ("readonly" -> "rpc:readonly").
  // Odoo's own scopes (e.g. odoo.plugin.outlook) never authenticate RPC, so they are refused too.
  static Status ValidateForKey(const std::string& scope,
                               const std::vector<std::string>& known_models);

  // The models the scope names ("*" left out), sorted.
  std::vector<std::string> NamedModels() const;

  // Whether this scope lets the key do `op` on `model`.
  bool Allows(std::string_view model, Operation op) const;
  bool unrestricted() const { return unrestricted_; }
  const std::string& text() const { return text_; }

 private:
  bool unrestricted_ = true;
  std::string text_;         // the scope as stored ("" for NULL)
  unsigned all_models_ = 0;  // operation bits for "*" (and readonly)
  std::map<std::string, unsigned, std::less<>> per_model_;
};

// "read", "write", "create", "unlink".
const char* OperationName(Operation op);

// The AccessError for a key whose scope lacks `op` on `model`.
Status KeyScopeDenial(std::string_view scope_text, std::string_view model, Operation op);

}  // namespace keygate::models
