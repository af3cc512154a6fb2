// Python-compatible argument binding and its error messages.
#include "models/arguments.h"

namespace keygate::models {
namespace {

const Value& NilValue() {
  static const Value nil;
  return nil;
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// How Python's TypeError names the function: execute_kw calls the bound method by its
// __qualname__ ("BaseModel.search"; a model class that overrides the method has its own name,
// which the method table does not follow); JSON-2 names the method alone.
std::string FunctionName(const Signature& sig, bool qualified) {
  return qualified ? sig.owner + "." + sig.method : sig.method;
}

// Python's "missing 2 required positional arguments: 'a' and 'b'". JSON-2 binds the arguments
// with inspect.Signature.bind, which names the first one: "missing a required argument: 'a'".
Status Missing(const Signature& sig, const std::vector<std::string>& names, bool qualified) {
  if (!qualified) return TypeError("missing a required argument: " + Quoted(names.front()));
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) list += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    list += Quoted(names[i]);
  }
  return TypeError(FunctionName(sig, qualified) + "() missing " + std::to_string(names.size()) +
                   " required positional argument" + (names.size() == 1 ? "" : "s") + ": " + list);
}

Status TooMany(const Signature& sig, size_t given, bool qualified) {
  size_t required = 0;
  for (const auto& p : sig.params) required += p.default_value ? 0 : 1;
  size_t min = required + 1, max = sig.params.size() + 1;  // Python counts self
  std::string takes =
      min == max
          ? std::to_string(max) + " positional argument" + (max == 1 ? "" : "s")
          : "from " + std::to_string(min) + " to " + std::to_string(max) + " positional arguments";
  return TypeError(FunctionName(sig, qualified) + "() takes " + takes + " but " +
                   std::to_string(given) + (given == 1 ? " was" : " were") + " given");
}

// Odoo calls `with_context(context or {})`: any false value (None, False, "", 0, [] — npm
// odoo-await sends an empty untyped <value/>, an empty string) means no context.
Status CheckContext(const Value& context) {
  if (!context.Truthy() || context.is_struct()) return Status::Ok();
  return InvalidRequest("context must be a dictionary, not " + std::string(context.TypeName()));
}

}  // namespace

const Value& BoundArguments::Get(std::string_view name) const {
  for (const auto& [n, v] : values_) {
    if (n == name) return v;
  }
  return NilValue();
}

class ArgumentBinder {
 public:
  // Binds `positional` then `keywords` (context already removed) onto the signature.
  static StatusOr<BoundArguments> Bind(const Signature& sig, const Value* positional,
                                       size_t npositional, const Value::Struct& keywords, Value ids,
                                       Value context, bool qualified) {
    if (npositional > sig.params.size()) {
      return TooMany(sig, npositional + 1, qualified);
    }
    std::vector<std::optional<Value>> slots(sig.params.size());
    for (size_t i = 0; i < npositional; ++i) slots[i] = positional[i];
    for (const auto& [key, value] : keywords) {
      size_t i = 0;
      while (i < sig.params.size() && sig.params[i].name != key) ++i;
      if (i == sig.params.size()) {
        // inspect.Signature.bind (JSON-2) says it without the function's name.
        const std::string prefix = qualified ? FunctionName(sig, qualified) + "() " : "";
        return TypeError(prefix + "got an unexpected keyword argument " + Quoted(key));
      }
      if (slots[i]) {
        return TypeError(FunctionName(sig, qualified) + "() got multiple values for argument " +
                         Quoted(key));
      }
      slots[i] = value;
    }
    std::vector<std::string> missing;
    BoundArguments out;
    for (size_t i = 0; i < sig.params.size(); ++i) {
      const Parameter& p = sig.params[i];
      if (slots[i]) {
        out.values_.emplace_back(p.name, std::move(*slots[i]));
      } else if (p.default_value) {
        out.values_.emplace_back(p.name, *p.default_value);
      } else {
        missing.push_back(p.name);
      }
    }
    if (!missing.empty()) return Missing(sig, missing, qualified);
    KG_RETURN_IF_ERROR(CheckContext(context));
    out.ids_ = std::move(ids);
    out.context_ = context.Truthy() ? std::move(context) : Value();
    return out;
  }
};

StatusOr<BoundArguments> BindArguments(const Signature& sig, const Value::Array& args,
                                       const Value::Struct& kwargs) {
  Value context;
  Value::Struct keywords;
  for (const auto& member : kwargs) {
    if (member.first == "context") {
      context = member.second;
    } else {
      keywords.push_back(member);
    }
  }
  const Value* positional = args.data();
  size_t n = args.size();
  Value ids;
  if (sig.takes_ids) {
    if (n == 0) return Missing(sig, {"ids"}, true);
    ids = args[0];
    ++positional;
    --n;
  }
  return ArgumentBinder::Bind(sig, positional, n, keywords, std::move(ids), std::move(context),
                              true);
}

StatusOr<BoundArguments> BindNamedArguments(const Signature& sig, const Value::Struct& named) {
  Value context;
  Value ids = sig.takes_ids ? Value(Value::Array{}) : Value();
  Value::Struct keywords;
  for (const auto& member : named) {
    if (member.first == "context") {
      context = member.second;
    } else if (member.first == "ids") {
      if (sig.takes_ids) ids = member.second;  // model methods ignore ids, as Odoo does
    } else {
      keywords.push_back(member);
    }
  }
  return ArgumentBinder::Bind(sig, nullptr, 0, keywords, std::move(ids), std::move(context), false);
}

}  // namespace keygate::models
