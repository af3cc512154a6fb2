// Recursive-descent parser for Python literals (a subset of Python's grammar, no evaluation).
#include "models/py_literal.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <vector>

namespace keygate::models {

namespace {

constexpr int kMaxDepth = 64;

class Parser {
 public:
  Parser(std::string_view text, const PyNames& names) : s_(text), names_(names) {}

  StatusOr<Value> ParseAll() {
    KG_ASSIGN_OR_RETURN(Value v, ParseValue(0));
    SkipSpace();
    if (pos_ != s_.size()) return Error("unexpected text");
    return v;
  }

 private:
  Status Error(const std::string& what) const {
    return ValidationError("Invalid literal at position " + std::to_string(pos_) + ": " + what);
  }

  void SkipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }

  StatusOr<Value> ParseValue(int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    SkipSpace();
    if (pos_ >= s_.size()) return Error("unexpected end");
    char ch = s_[pos_];
    if (ch == '[') return ParseSequence(']', depth);
    if (ch == '(') return ParseSequence(')', depth);
    if (ch == '\'' || ch == '"') return ParseString();
    if (ch == '-' || ch == '+' || ch == '.' || std::isdigit(static_cast<unsigned char>(ch))) {
      return ParseNumber();
    }
    if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') return ParseName();
    return Error(std::string("unexpected character '") + ch + "'");
  }

  // Lists and tuples. "(x)" is x, as in Python; "(x,)" and "(x, y)" are tuples.
  StatusOr<Value> ParseSequence(char close, int depth) {
    ++pos_;
    Value::Array items;
    bool trailing_comma = false;
    for (;;) {
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == close) {
        ++pos_;
        break;
      }
      if (!items.empty() && !trailing_comma)
        return Error(std::string("expected ',' or '") + close + "'");
      KG_ASSIGN_OR_RETURN(Value v, ParseValue(depth + 1));
      items.push_back(std::move(v));
      SkipSpace();
      trailing_comma = false;
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        trailing_comma = true;
      }
    }
    if (close == ')' && items.size() == 1 && !trailing_comma) return items[0];
    return Value(std::move(items));
  }

  StatusOr<Value> ParseString() {
    char quote = s_[pos_++];
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      char c = s_[pos_++];
      if (c == '\n') return Error("newline in string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      switch (e) {
        case 'n':
          out.push_back('\n');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case '\\':
        case '\'':
        case '"':
          out.push_back(e);
          break;
        default:
          out.push_back('\\');
          out.push_back(e);
      }
    }
    if (pos_ >= s_.size()) return Error("unterminated string");
    ++pos_;
    return Value(std::move(out));
  }

  StatusOr<Value> ParseNumber() {
    size_t start = pos_;
    if (s_[pos_] == '-' || s_[pos_] == '+') ++pos_;
    bool is_float = false;
    bool digits = false;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        digits = true;
      } else if (c == '.' || c == 'e' || c == 'E') {
        is_float = true;
        if ((c == 'e' || c == 'E') && pos_ + 1 < s_.size() &&
            (s_[pos_ + 1] == '-' || s_[pos_ + 1] == '+')) {
          ++pos_;
        }
      } else {
        break;
      }
      ++pos_;
    }
    if (!digits) return Error("malformed number");
    std::string token(s_.substr(start, pos_ - start));
    errno = 0;
    char* end = nullptr;
    if (is_float) {
      double d = std::strtod(token.c_str(), &end);
      if (*end != '\0' || errno == ERANGE) return Error("malformed number");
      return Value(d);
    }
    long long i = std::strtoll(token.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE) return Error("integer out of range");
    return Value(static_cast<int64_t>(i));
  }

  StatusOr<Value> ParseName() {
    size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) ||
                                s_[pos_] == '_' || s_[pos_] == '.')) {
      ++pos_;
    }
    std::string_view name = s_.substr(start, pos_ - start);
    if (name == "True") return Value(true);
    if (name == "False") return Value(false);
    if (name == "None") return Value();
    auto it = names_.find(name);
    if (it == names_.end()) {
      pos_ = start;
      return Error("unknown name '" + std::string(name) + "'");
    }
    return it->second;
  }

  std::string_view s_;
  const PyNames& names_;
  size_t pos_ = 0;
};

}  // namespace

StatusOr<Value> ParsePyLiteral(std::string_view text, const PyNames& names) {
  return Parser(text, names).ParseAll();
}

PyNames RuleEvalNames(int64_t uid, int64_t partner_id, int64_t company_id,
                      const std::vector<int64_t>& company_ids, int64_t commercial_partner_id) {
  Value::Array companies;
  for (int64_t id : company_ids) companies.emplace_back(id);
  PyNames names;
  names.emplace("user.id", Value(uid));
  names.emplace("user.partner_id.id", Value(partner_id));
  names.emplace("user.commercial_partner_id.id",
                Value(commercial_partner_id != 0 ? commercial_partner_id : partner_id));
  names.emplace("user.company_id.id", Value(company_id));
  names.emplace("user.company_ids.ids", Value(companies));
  names.emplace("company_id", Value(company_id));
  names.emplace("company_ids", Value(companies));
  return names;
}

}  // namespace keygate::models
