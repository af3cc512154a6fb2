// Binding of call arguments to a method's parameters with Python's rules, so that a client gets
// the same answer as from Odoo: positional arguments first, then keywords, defaults for the
// rest, and Python's own error texts ("search() got an unexpected keyword argument 'x'").
// Two call styles: execute_kw (positional args + kwargs, record methods take the ids as the
// first positional argument) and JSON-2 (everything by name, plus "ids").
// The `context` keyword is accepted by every method and returned apart.
// Thread-safety: pure functions over values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace keygate::models {

struct Parameter {
  std::string name;
  std::optional<Value> default_value;  // nullopt: required
};

struct Signature {
  std::string method;  // for messages: "search_read"
  // Record methods (read, write, unlink) act on ids given before the other arguments.
  bool takes_ids = false;
  std::vector<Parameter> params;  // not counting self or the ids
  // The class whose method it is in Odoo, as Python's TypeError names it ("BaseModel.search").
  std::string owner = "BaseModel";
};

class BoundArguments {
 public:
  // The bound value, or the parameter's default. Names come from the signature.
  const Value& Get(std::string_view name) const;
  // Record methods: the ids as sent (int or list); nil for model methods.
  const Value& ids() const { return ids_; }
  // The `context` keyword, or nil.
  const Value& context() const { return context_; }

 private:
  friend class ArgumentBinder;
  std::vector<std::pair<std::string, Value>> values_;
  Value ids_;
  Value context_;
};

// execute_kw style. TypeError with Python's message on arity or keyword errors.
StatusOr<BoundArguments> BindArguments(const Signature& sig, const Value::Array& args,
                                       const Value::Struct& kwargs);
// JSON-2 style: every argument by name; "ids" and "context" are taken apart.
StatusOr<BoundArguments> BindNamedArguments(const Signature& sig, const Value::Struct& named);

}  // namespace keygate::models
