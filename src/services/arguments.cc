// Positional argument checks with Python's wording.
#include "services/arguments.h"

#include <cstdlib>

namespace keygate::services {

Status CheckArity(std::string_view function, const Value::Array& args, size_t min, size_t max,
                  std::initializer_list<const char*> names) {
  size_t n = args.size();
  if (n >= min && n <= max) return Status::Ok();
  std::string f(function);
  if (n < min) {
    size_t missing = min - n;
    std::string message = f + "() missing " + std::to_string(missing) + " required positional " +
                          (missing == 1 ? "argument" : "arguments");
    if (names.size() >= min) {
      // Python's list: 'a'; 'a' and 'b'; 'a', 'b', and 'c'.
      message += ": ";
      const auto* first = names.begin() + n;
      for (size_t i = 0; i < missing; ++i) {
        if (i > 0) message += missing == 2 ? " and " : (i + 1 == missing ? ", and " : ", ");
        message += "'" + std::string(first[i]) + "'";
      }
    }
    return TypeError(std::move(message));
  }
  std::string takes = min == max ? std::to_string(max)
                                 : "from " + std::to_string(min) + " to " + std::to_string(max);
  return TypeError(f + "() takes " + takes + " positional argument" + (max == 1 ? "" : "s") +
                   " but " + std::to_string(n) + (n == 1 ? " was" : " were") + " given");
}

StatusOr<std::string> StringArg(const Value& v, std::string_view name) {
  if (v.is_string()) return v.as_string();
  return InvalidRequest("argument '" + std::string(name) + "' must be a string, not " +
                        v.TypeName());
}

StatusOr<int64_t> IntArg(const Value& v, std::string_view name) {
  if (v.is_int()) return v.as_int();
  if (v.is_bool()) return v.as_bool() ? 1 : 0;
  if (v.is_string()) {
    const std::string& s = v.as_string();
    char* end = nullptr;
    errno = 0;
    long long n = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && *end == '\0' && errno == 0) return static_cast<int64_t>(n);
    return InvalidRequest("invalid literal for int() with base 10: '" + s.substr(0, 40) + "'");
  }
  return InvalidRequest("int() argument '" + std::string(name) +
                        "' must be a string or a number, not '" + v.TypeName() + "'");
}

}  // namespace keygate::services
