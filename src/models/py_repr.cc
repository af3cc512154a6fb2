// Python repr of the neutral Value, bounded in size.
#include "models/py_repr.h"

#include "common/python_float.h"

namespace keygate::models {
namespace {

void Repr(const Value& v, std::string& out, size_t max) {
  if (out.size() > max) return;
  switch (v.type()) {
    case Value::Type::kNil:
      out += "None";
      return;
    case Value::Type::kBool:
      out += v.as_bool() ? "True" : "False";
      return;
    case Value::Type::kInt:
      out += std::to_string(v.as_int());
      return;
    case Value::Type::kDouble:
      out += FormatPythonFloat(v.as_double());
      return;
    case Value::Type::kString:
    case Value::Type::kBinary:
    case Value::Type::kDateTime: {
      const std::string& s = v.is_string()   ? v.as_string()
                             : v.is_binary() ? v.as_binary()
                                             : v.as_datetime();
      if (v.is_binary()) out += 'b';
      out += '\'';
      for (char c : s) {
        if (out.size() > max) break;
        if (c == '\'' || c == '\\') out += '\\';
        if (c == '\n') {
          out += "\\n";
          continue;
        }
        out += c;
      }
      out += '\'';
      return;
    }
    case Value::Type::kArray: {
      out += '[';
      bool first = true;
      for (const Value& item : v.as_array()) {
        if (out.size() > max) break;
        if (!first) out += ", ";
        first = false;
        Repr(item, out, max);
      }
      out += ']';
      return;
    }
    case Value::Type::kStruct: {
      out += '{';
      bool first = true;
      for (const auto& [k, item] : v.as_struct()) {
        if (out.size() > max) break;
        if (!first) out += ", ";
        first = false;
        Repr(Value(k), out, max);
        out += ": ";
        Repr(item, out, max);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string PyRepr(const Value& v, size_t max_length) {
  std::string out;
  Repr(v, out, max_length);
  if (out.size() > max_length) out = out.substr(0, max_length) + "...";
  return out;
}

}  // namespace keygate::models
