// Declarations of models and their fields, as read from schema/models/*.json: what a model is
// called on the wire, which table holds it, and how each field maps to a column (or to a related
// record, or to a computed name). Every SQL identifier in these structs was validated by the
// Registry, so generated SQL may use them; user input never reaches them unchecked.
// Thread-safety: immutable after Registry::Load*; safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/value.h"

namespace keygate::models {

enum class FieldType {
  kChar,
  kText,
  kHtml,  // text that Odoo sanitises on write (html_sanitize.h)
  kInteger,
  kFloat,
  kMonetary,
  kBoolean,
  kDate,
  kDatetime,
  kSelection,
  kMany2one,
  kOne2many,
  kMany2many,
};

// The Odoo name of a type ("char", "many2one", ...), as fields_get reports it.
std::string_view FieldTypeName(FieldType type);
// Parses an Odoo type name; nullopt when unknown.
std::optional<FieldType> ParseFieldType(std::string_view name);

inline bool IsX2Many(FieldType t) {
  return t == FieldType::kOne2many || t == FieldType::kMany2many;
}
inline bool IsTextual(FieldType t) {
  return t == FieldType::kChar || t == FieldType::kText || t == FieldType::kHtml ||
         t == FieldType::kSelection;
}

struct FieldDef {
  std::string name;
  FieldType type = FieldType::kChar;
  std::string string;  // the label ("Name")
  std::string help;
  bool required = false;
  bool readonly = false;
  // Stored fields have a column in the model's table. Non-stored fields are either related
  // (`related` set) or the computed display_name.
  bool store = true;
  std::string column;   // stored scalar and many2one fields; defaults to the name
  std::string related;  // "partner_id.name": read through many2one fields (Odoo's _inherits)
  std::vector<std::pair<std::string, std::string>> selection;  // (value, label)
  // Relational fields.
  std::string relation;        // comodel name
  std::string ondelete;        // many2one: "set null", "restrict", "cascade"
  std::string inverse_name;    // one2many: the many2one on the comodel pointing back
  std::string relation_table;  // many2many: the link table
  std::string column1;         // many2many: link column pointing to this model
  std::string column2;         // many2many: link column pointing to the comodel

  // Values on create (schema "default", "default_user", "default_company", "sequence").
  std::optional<Value> default_value;  // a JSON scalar; "now"/"today" are kept as text
  bool default_user = false;           // the caller's uid
  bool default_company = false;        // the caller's company
  std::string sequence;                // prefix of the record name counter ("S" -> S00001)
  // Odoo's UNIQUE sql constraint on this one column: its message ("" when none), answered as
  // "The operation cannot be completed: <message>" when a create or write would repeat a value.
  std::string unique;
  // Stored computed values, recomputed by every write that touches their inputs: numbers
  // (kMultiply, kAdd, kSum) and a contact's complete name (kContactName, contact_names.h).
  struct Compute {
    enum class Kind { kNone, kMultiply, kAdd, kSum, kContactName };
    Kind kind = Kind::kNone;
    // kMultiply/kAdd: fields of this model; kSum: {one2many field, comodel field};
    // kContactName: {the parent many2one}.
    std::vector<std::string> operands;
  };
  Compute compute;

  // Derived by the Registry: whether the field can appear in an order / a domain.
  bool sortable = false;
  bool searchable = false;

  bool is_related() const { return !related.empty(); }
  bool is_computed() const { return compute.kind != Compute::Kind::kNone; }
  // display_name: the record's rec_name, computed.
  bool is_display_name() const { return !store && related.empty() && !IsX2Many(type); }
};

// A condition every stored record meets (Odoo's SQL CHECK constraints), written as a domain over
// the record's own fields; a create or write that breaks it is refused with Odoo's text for the
// violated constraint, "The operation cannot be completed: <message>".
struct RecordCheck {
  Value domain;
  std::string message;
};

struct ModelDef {
  std::string name;   // "res.partner"
  std::string table;  // "res_partner"
  std::string description;
  std::string rec_name;     // the field display names come from
  std::string order;        // default order, validated
  std::string parent_name;  // many2one to itself used by child_of/parent_of; "" if none
  std::vector<std::string> rec_names_search;  // fields name_search matches; {rec_name} if empty
  std::string recursion_error;                // ValidationError when a write makes parent_name loop
  // Odoo's res.partner address sync (_fields_sync, _children_sync): a record of type "contact"
  // given a parent takes the parent's address when the parent has one, and a change of address
  // reaches the record's contacts. Stored fields; needs parent_name and a "type" selection.
  std::vector<std::string> address_fields;
  // copy(): char fields a copy gets as "<value> (copy)" unless `default` gives them (Odoo's
  // copy_data overrides, e.g. res.partner's name).
  std::vector<std::string> copy_renamed;
  // Odoo's _inherits: {parent model, the required many2one to it}. The parent's record rules
  // apply to this model through that field (res.users reads only users whose partner it may read).
  std::vector<std::pair<std::string, std::string>> inherits;
  bool readonly = false;  // create/write/unlink refused through the API (res.groups)
  std::vector<RecordCheck> checks;
  std::vector<FieldDef> fields;  // declaration order (fields_get and read keep it)
  std::map<std::string, size_t, std::less<>> index;  // name -> position in `fields`

  const FieldDef* Find(std::string_view field) const {
    auto it = index.find(field);
    return it == index.end() ? nullptr : &fields[it->second];
  }
  // The boolean "active" field when declared (Odoo's _active_name), else nullptr.
  const FieldDef* active_field() const {
    const FieldDef* f = Find("active");
    return f && f->type == FieldType::kBoolean ? f : nullptr;
  }
};

}  // namespace keygate::models
