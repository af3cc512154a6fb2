// UTF-8, base64 and Python-compatible number text for the wire codecs.
#include "rpc/codec_text.h"

#include <locale.h>
#include <stdlib.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/base64.h"
#include "common/strings.h"

namespace keygate::rpc {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Copies a run of digits in which single underscores may separate digits (Python's grouping
// syntax) into *out without the underscores. Returns the number of characters consumed; 0 when
// no digit starts at s[pos]. *ok turns false on a misplaced underscore.
size_t ScanDigits(std::string_view s, size_t pos, std::string* out, bool* ok) {
  size_t i = pos;
  if (i >= s.size() || !IsDigit(s[i])) return 0;
  while (i < s.size()) {
    if (IsDigit(s[i])) {
      out->push_back(s[i]);
      ++i;
    } else if (s[i] == '_') {
      if (i + 1 >= s.size() || !IsDigit(s[i + 1])) {
        *ok = false;
        return i - pos;
      }
      ++i;
    } else {
      break;
    }
  }
  return i - pos;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

size_t DecodeUtf8(std::string_view text, size_t pos, uint32_t* code_point) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t len;
  uint32_t value;
  uint32_t min;
  if ((lead & 0xE0) == 0xC0) {
    len = 2;
    value = lead & 0x1F;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    len = 3;
    value = lead & 0x0F;
    min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    len = 4;
    value = lead & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - pos < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[pos + k]);
    if ((b & 0xC0) != 0x80) return 0;
    value = (value << 6) | (b & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *code_point = value;
  return len;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    uint32_t cp;
    const size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string ToValidUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  size_t i = 0;
  while (i < text.size()) {
    uint32_t cp;
    const size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) { return keygate::Base64Encode(bytes); }

std::optional<std::string> Base64Decode(std::string_view text) {
  return keygate::Base64Decode(text, Base64Padding::kRequired);
}

std::optional<int64_t> ParsePythonInt(std::string_view text) {
  std::string_view s = Trim(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  std::string digits;
  bool ok = true;
  const size_t used = ScanDigits(s, 0, &digits, &ok);
  if (!ok || used == 0 || used != s.size()) return std::nullopt;
  // Accumulate the magnitude, which may be one more than INT64_MAX for a negative value.
  const uint64_t limit =
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
  uint64_t magnitude = 0;
  for (char c : digits) {
    const auto d = static_cast<uint64_t>(c - '0');
    if (magnitude > (limit - d) / 10) return std::nullopt;
    magnitude = magnitude * 10 + d;
  }
  if (negative) {
    return magnitude == 0 ? 0 : -static_cast<int64_t>(magnitude - 1) - 1;
  }
  return static_cast<int64_t>(magnitude);
}

std::optional<double> ParsePythonFloat(std::string_view text) {
  std::string_view s = Trim(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (EqualsIgnoreCase(s, "inf") || EqualsIgnoreCase(s, "infinity")) {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (EqualsIgnoreCase(s, "nan")) return std::numeric_limits<double>::quiet_NaN();

  // Validate the decimal syntax ourselves so that strtod's extensions (hex floats, "nan(...)")
  // never apply, and strip Python's digit-grouping underscores.
  std::string clean = negative ? "-" : "";
  bool ok = true;
  size_t i = ScanDigits(s, 0, &clean, &ok);
  bool any_digit = i > 0;
  if (ok && i < s.size() && s[i] == '.') {
    clean.push_back('.');
    ++i;
    const size_t frac = ScanDigits(s, i, &clean, &ok);
    any_digit = any_digit || frac > 0;
    i += frac;
  }
  if (!ok || !any_digit) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    clean.push_back('e');
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean.push_back(s[i++]);
    const size_t exp_digits = ScanDigits(s, i, &clean, &ok);
    if (!ok || exp_digits == 0) return std::nullopt;
    i += exp_digits;
  }
  if (i != s.size()) return std::nullopt;
  // strtod_l with the C locale: the decimal point must not depend on the process locale.
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
  return strtod_l(clean.c_str(), nullptr, c_locale);
}

}  // namespace keygate::rpc
