// Strict order-specification parser: tokens are compared with declared names, never copied into
// SQL.
#include "models/order.h"

#include <string>

#include "common/strings.h"

namespace keygate::models {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

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

// Odoo's regex_order: a field is [a-z0-9_]+ (any case), possibly in double quotes.
bool IsFieldWord(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

StatusOr<std::vector<OrderTerm>> ParseOrder(const ModelDef& model, std::string_view spec) {
  // As Odoo: the whole specification's syntax first (_check_qorder, a UserError), then each
  // field (_order_field_to_sql, a ValueError).
  std::vector<OrderTerm> terms;
  std::vector<std::string_view> names;
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
    if (!IsFieldWord(name)) return InvalidOrder(spec);
    names.push_back(name);
    OrderTerm term{nullptr, false, std::nullopt};
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
  for (size_t i = 0; i < terms.size(); ++i) {
    const FieldDef* field = model.Find(names[i]);
    if (field == nullptr) {
      return ValueError("Invalid field '" + std::string(names[i]) + "' on model '" + model.name +
                        "'");
    }
    if (!field->sortable) {
      return ValueError("Cannot convert " + model.name + "." + field->name +
                        " to SQL because it is not stored");
    }
    terms[i].field = field;
  }
  return terms;
}

}  // namespace keygate::models
