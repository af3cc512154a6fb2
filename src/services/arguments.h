// Python-like checks of positional RPC arguments, so that a wrong call gets the TypeError text a
// Python developer expects ("exp_authenticate() takes 4 positional arguments but 2 were given").
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace keygate::services {

// Python's TypeError unless min <= args.size() <= max. `names` (the function's parameters, when
// given) lets the message name the missing ones, as Python does.
Status CheckArity(std::string_view function, const Value::Array& args, size_t min, size_t max,
                  std::initializer_list<const char*> names = {});

// Reads a str argument; kInvalidRequest naming the argument otherwise.
StatusOr<std::string> StringArg(const Value& v, std::string_view name);

// Python's int(x) as Odoo applies it to the uid: ints, booleans and decimal strings.
StatusOr<int64_t> IntArg(const Value& v, std::string_view name);

}  // namespace keygate::services
