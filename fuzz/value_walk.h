// Questions about a whole Value tree that the codec fuzz targets ask before comparing a value
// with its round trip: some values legitimately do not come back equal (NaN, non-finite doubles
// in JSON, a raw '\r' that XML end-of-line handling turns into '\n').
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>

#include "common/value.h"

namespace keygate::fuzz {

// Whether any scalar, or any struct key, of `v` satisfies `pred`.
inline bool AnyScalar(const Value& v, const std::function<bool(const Value&)>& pred) {
  if (v.is_array()) {
    for (const Value& item : v.as_array()) {
      if (AnyScalar(item, pred)) return true;
    }
    return false;
  }
  if (v.is_struct()) {
    for (const auto& [key, item] : v.as_struct()) {
      if (pred(Value(key)) || AnyScalar(item, pred)) return true;
    }
    return false;
  }
  return pred(v);
}

inline bool HasNan(const Value& v) {
  return AnyScalar(v,
                   [](const Value& s) { return s.is_double() && s.as_double() != s.as_double(); });
}

inline bool HasNonFinite(const Value& v) {
  return AnyScalar(
      v, [](const Value& s) { return s.is_double() && !(s.as_double() - s.as_double() == 0); });
}

inline bool HasCarriageReturn(const Value& v) {
  return AnyScalar(v, [](const Value& s) {
    return (s.is_string() && s.as_string().find('\r') != std::string::npos) ||
           (s.is_datetime() && s.as_datetime().find('\r') != std::string::npos);
  });
}

// Whether a string holds a character XML 1.0 cannot carry: a control character other than tab,
// newline and carriage return, or U+FFFE / U+FFFF.
inline bool HasNonXmlChar(const Value& v) {
  return AnyScalar(v, [](const Value& s) {
    if (!s.is_string()) return false;
    for (unsigned char c : s.as_string()) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
    }
    return s.as_string().find("\xEF\xBF\xBE") != std::string::npos ||
           s.as_string().find("\xEF\xBF\xBF") != std::string::npos;
  });
}

}  // namespace keygate::fuzz
