// Strict order-specification parser: tokens are compared with declared names, never copied into
// SQL.
#include "models/order.h"

#include <optional>
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

// Odoo's regex_order (case-insensitive): a field is [a-z0-9_]+, possibly in double quotes.
bool IsFieldWord(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// A function name of regex_order's `:func`: [a-z_]+.
bool IsFunctionWord(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) return false;
  }
  return true;
}

// One term's first word, `field[.property][:function]`, as regex_order splits it.
struct TermName {
  std::string_view field;
  std::string_view property;  // empty: none
};

std::optional<TermName> SplitTermName(std::string_view word) {
  TermName out;
  if (size_t colon = word.find(':'); colon != std::string_view::npos) {
    if (!IsFunctionWord(word.substr(colon + 1))) return std::nullopt;
    word = word.substr(0, colon);
  }
  if (!word.empty() && word.front() == '"') {
    // Odoo's regex accepts a quoted name, then looks the name up with its quotes: no field has
    // one, so it is always "Invalid field '\"name\"'".
    size_t close = word.find('"', 1);
    if (close == std::string_view::npos || !IsFieldWord(word.substr(1, close - 1))) {
      return std::nullopt;
    }
    out.field = word.substr(0, close + 1);
    word = word.substr(close + 1);
  } else {
    size_t dot = word.find('.');
    out.field = word.substr(0, dot);
    word = dot == std::string_view::npos ? std::string_view() : word.substr(dot);
    if (!IsFieldWord(out.field)) return std::nullopt;
  }
  if (!word.empty()) {
    if (word.front() != '.' || !IsFieldWord(word.substr(1))) return std::nullopt;
    out.property = word.substr(1);
  }
  return out;
}

}  // namespace

StatusOr<std::vector<OrderTerm>> ParseOrder(const ModelDef& model, std::string_view spec) {
  // As Odoo: the whole specification's syntax first (_check_qorder, a UserError), then each
  // field (_order_field_to_sql, a ValueError).
  std::vector<OrderTerm> terms;
  std::vector<TermName> names;
  size_t pos = 0;
  while (true) {
    size_t comma = spec.find(',', pos);
    std::string_view part =
        spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    std::vector<std::string_view> words = SplitWords(part);
    if (words.empty() || words.size() > 4) return InvalidOrder(spec);
    std::optional<TermName> name = SplitTermName(words[0]);
    if (!name) return InvalidOrder(spec);
    names.push_back(*name);
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
    const TermName& name = names[i];
    const FieldDef* field = model.Find(name.field);
    if (field == nullptr) {
      return ValueError("Invalid field '" + std::string(name.field) + "' on model '" + model.name +
                        "'");
    }
    if (!field->sortable) {
      return ValueError("Cannot convert " + model.name + "." + field->name +
                        " to SQL because it is not stored");
    }
    if (!name.property.empty()) {
      // Odoo's _order_field_to_sql: "x_id.id" orders a many2one by its stored id; any other
      // property belongs to properties fields, which keygate does not declare.
      if (field->type != FieldType::kMany2one || name.property != "id") {
        return ValueError("Invalid field '" + std::string(name.field) + "." +
                          std::string(name.property) + "' on model '" + model.name + "'");
      }
      terms[i].by_stored_id = true;
    }
    terms[i].field = field;
  }
  return terms;
}

}  // namespace keygate::models
