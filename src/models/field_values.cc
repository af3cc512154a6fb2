// Client values -> column values, with Odoo's validation messages.
#include "models/field_values.h"

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>

#include "models/html_sanitize.h"
#include "models/py_repr.h"
#include "models/sql_builder.h"

namespace keygate::models {
namespace {

bool IsFalsy(const Value& v) { return v.is_nil() || (v.is_bool() && !v.as_bool()); }

bool Digits(std::string_view s, size_t pos, size_t n) {
  if (s.size() < pos + n) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// 'YYYY-MM-DD' with a plausible month and day.
bool IsDate(std::string_view s) {
  if (s.size() != 10 || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2)) {
    return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// 'HH:MM:SS'.
bool IsTime(std::string_view s) {
  if (s.size() != 8 || !Digits(s, 0, 2) || s[2] != ':' || !Digits(s, 3, 2) || s[5] != ':' ||
      !Digits(s, 6, 2)) {
    return false;
  }
  return (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6' && s[6] < '6';
}

// XML-RPC dateTime.iso8601 ("20240131T10:00:00") or text: "YYYY-MM-DD[ HH:MM:SS]".
std::string DateTimeText(const Value& v) {
  std::string s = v.is_datetime() ? v.as_datetime() : v.as_string();
  if (s.size() >= 17 && s[8] == 'T' && Digits(s, 0, 8)) {
    s = s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2) + " " + s.substr(9);
  }
  if (s.size() > 10 && s[10] == 'T') s[10] = ' ';
  return s;
}

}  // namespace

Status WrongValue(const ModelDef& model, const FieldDef& field, const Value& value) {
  return ValidationError("Wrong value for " + model.name + "." + field.name + ": " + PyRepr(value));
}

Status MandatoryFieldError(const ModelDef& model, const FieldDef& field) {
  return ValidationError(
      "The operation cannot be completed:\n"
      "- Create/update: a mandatory field is not set.\n"
      "- Delete: another model requires the record being deleted. If possible, archive it "
      "instead.\n\n"
      "Model: " +
      model.description + " (" + model.name + ")\nField: " + field.string + " (" + field.name +
      ")\n");
}

Status ForeignKeyError(const ModelDef& model, const FieldDef& field) {
  return ValidationError(
      "The operation cannot be completed: another model requires the record being deleted. If "
      "possible, archive it instead.\n\n"
      "Model: " +
      model.description + " (" + model.name + ")\nConstraint: " + model.table + "_" + field.column +
      "_fkey\n");
}

Status CheckIntegerText(const std::string& text, std::string_view sql_type) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  size_t i = 0;
  while (i < text.size() && blank(text[i])) ++i;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const size_t digits = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  const bool has_digits = i > digits;
  while (i < text.size() && blank(text[i])) ++i;
  if (!has_digits || i != text.size()) {
    return {StatusCode::kPgInvalidText, "invalid input syntax for type " + std::string(sql_type) +
                                            ": \"" + text.substr(0, 200) + "\""};
  }
  // PostgreSQL's range of the type: integer (Odoo's ids) is 32 bits, bigint 64.
  errno = 0;
  const long long n = std::strtoll(text.c_str(), nullptr, 10);
  const bool narrow = sql_type == "integer";
  if (errno == ERANGE || (narrow && (n < INT32_MIN || n > INT32_MAX))) {
    return {StatusCode::kPgOutOfRange, "value \"" + text.substr(0, 200) +
                                           "\" is out of range for type " + std::string(sql_type)};
  }
  return Status::Ok();
}

bool IsUnset(const FieldDef& field, const store::SqlValue& v) {
  if (store::IsNull(v)) return true;
  // Odoo stores False in a required char as NULL; an empty string is a value.
  (void)field;
  return false;
}

std::string NowUtcText() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

StatusOr<store::SqlValue> ToColumnValue(const MethodContext& ctx, const ModelDef& model,
                                        const FieldDef& field, const Value& value) {
  switch (field.type) {
    case FieldType::kChar:
    case FieldType::kText:
      if (IsFalsy(value)) return store::SqlValue();
      if (!value.is_string()) return WrongValue(model, field, value);
      return store::SqlValue(value.as_string());
    case FieldType::kHtml:
      // fields.Html sanitizes a written value twice (convert_to_cache, then convert_to_column):
      // html_sanitize is not idempotent ("<div>d</div>" gives "d", which gives "<p>d</p>"), and
      // Odoo stores the second answer. The second pass is also what makes the value safe when the
      // first wrote an abrupt comment ("<!-->", see html_sanitize_test.cc).
      if (IsFalsy(value)) return store::SqlValue();
      if (!value.is_string()) return WrongValue(model, field, value);
      return store::SqlValue(SanitizeHtml(SanitizeHtml(value.as_string())));
    case FieldType::kSelection:
      if (IsFalsy(value)) return store::SqlValue();
      if (value.is_string()) {
        for (const auto& [key, label] : field.selection) {
          if (key == value.as_string()) return store::SqlValue(key);
        }
      }
      // fields.Selection.convert_to_cache raises ValueError (fault 1), not a ValidationError.
      return ValueError("Wrong value for " + model.name + "." + field.name + ": " + PyRepr(value));
    case FieldType::kInteger:
      // Odoo: int(value or 0).
      if (IsFalsy(value)) return store::SqlValue(int64_t{0});
      if (value.is_bool()) return store::SqlValue(int64_t{1});
      if (!value.is_int()) return WrongValue(model, field, value);
      return store::SqlValue(value.as_int());
    case FieldType::kFloat:
    case FieldType::kMonetary:
      // Odoo: float(value or 0.0).
      if (IsFalsy(value)) return store::SqlValue(0.0);
      if (!value.is_number()) return WrongValue(model, field, value);
      return store::SqlValue(value.as_double());
    case FieldType::kBoolean:
      // fields.Boolean.convert_to_cache: bool(value), whatever the value ("yes" is True).
      return store::SqlValue(int64_t{value.Truthy() ? 1 : 0});
    case FieldType::kDate: {
      if (IsFalsy(value)) return store::SqlValue();
      if (!value.is_string() && !value.is_datetime()) return WrongValue(model, field, value);
      // Odoo's Date.to_date keeps the first 10 characters of a datetime text.
      std::string s = DateTimeText(value);
      if (s.size() > 10 && IsTime(s.substr(11))) s = s.substr(0, 10);
      if (!IsDate(s)) {
        return ValidationError("time data " + PyRepr(value) + " does not match format '%Y-%m-%d'");
      }
      return store::SqlValue(s);
    }
    case FieldType::kDatetime: {
      if (IsFalsy(value)) return store::SqlValue();
      if (!value.is_string() && !value.is_datetime()) return WrongValue(model, field, value);
      std::string s = DateTimeText(value);
      if (IsDate(s)) s += " 00:00:00";  // Odoo accepts a date for a datetime
      if (s.size() != 19 || !IsDate(s.substr(0, 10)) || s[10] != ' ' || !IsTime(s.substr(11))) {
        return ValidationError("time data " + PyRepr(value) +
                               " does not match format '%Y-%m-%d %H:%M:%S'");
      }
      return store::SqlValue(s);
    }
    case FieldType::kMany2one: {
      if (IsFalsy(value)) return store::SqlValue();
      if (!value.is_int()) return WrongValue(model, field, value);
      const ModelDef* target = ctx.registry.Find(field.relation);
      KG_ASSIGN_OR_RETURN(
          store::ResultSet rs,
          ctx.conn.Query("SELECT 1 FROM " + QuoteIdent(target->table) + " WHERE \"id\" = ?",
                         {value.as_int()}));
      if (rs.empty()) {
        // A stored computed field that follows this many2one (a contact's complete name) reads
        // the target before anything is stored: Odoo's MissingError of that read. Otherwise the
        // database refuses the reference.
        for (const FieldDef& f : model.fields) {
          if (f.compute.kind == FieldDef::Compute::Kind::kContactName &&
              !f.compute.operands.empty() && f.compute.operands[0] == field.name) {
            return MissingError(
                "Record does not exist or has been deleted.\n(Record: " + target->name + "(" +
                std::to_string(value.as_int()) + ",), User: " + std::to_string(ctx.env.uid) + ")");
          }
        }
        return ForeignKeyError(model, field);
      }
      return store::SqlValue(value.as_int());
    }
    case FieldType::kOne2many:
    case FieldType::kMany2many:
      break;
  }
  return InternalError("no column value for " + model.name + "." + field.name);
}

}  // namespace keygate::models
