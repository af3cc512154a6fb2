// Strict order-specification parser: tokens are compared with declared names, never copied into
// SQL.
#include "models/order.h"

#include <string>

namespace keygate::models {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

Status InvalidOrder(std::string_view spec) {
  return ValidationError(
      "Invalid \"order\" specified (" + std::string(spec) +
      "). A valid \"order\" specification is a comma-separated list of valid field names "
      "(optionally followed by asc/desc for the direction)");
}

}  // namespace

StatusOr<std::vector<OrderTerm>> ParseOrder(const ModelDef& model, std::string_view spec) {
  std::vector<OrderTerm> terms;
  size_t pos = 0;
  while (true) {
    size_t comma = spec.find(',', pos);
    std::string_view part =
        spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    std::vector<std::string_view> words = SplitWords(part);
    if (words.empty() || words.size() > 4) return InvalidOrder(spec);
    std::string_view name = words[0];
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    const FieldDef* field = model.Find(name);
    if (field == nullptr || !field->sortable) return InvalidOrder(spec);
    OrderTerm term{field, false, std::nullopt};
    size_t w = 1;
    if (w < words.size()) {
      std::string dir = Lower(words[w]);
      if (dir == "asc" || dir == "desc") {
        term.descending = dir == "desc";
        ++w;
      }
    }
    if (w < words.size()) {
      if (w + 2 != words.size() || Lower(words[w]) != "nulls") return InvalidOrder(spec);
      std::string which = Lower(words[w + 1]);
      if (which != "first" && which != "last") return InvalidOrder(spec);
      term.nulls_first = which == "first";
    }
    terms.push_back(term);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return terms;
}

}  // namespace keygate::models
