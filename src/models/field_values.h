// Conversion of the values a client sends in create/write into column values, with Odoo's checks
// and error texts: types ("Wrong value for sale.order.state: 'x'"), selections, dates, many2one
// targets that must exist, and the messages Odoo builds from database constraint violations
// (_as_validation_error in odoo/service/model.py), which keygate raises before the database would.
// Thread-safety: pure functions, except for the lookups through the given connection.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"
#include "models/method_context.h"
#include "models/model_def.h"
#include "store/sql.h"

namespace keygate::models {

// "Wrong value for sale.order.state: 'x'" (kValidationError).
Status WrongValue(const ModelDef& model, const FieldDef& field, const Value& value);

// Odoo's NotNullViolation text: a required field is not set.
Status MandatoryFieldError(const ModelDef& model, const FieldDef& field);

// Odoo's ForeignKeyViolation text, naming the model whose table holds the reference and the
// constraint "<table>_<column>_fkey".
Status ForeignKeyError(const ModelDef& model, const FieldDef& field);

// PostgreSQL's refusal of a text where an integer goes, which Odoo passes on as fault 1
// (psycopg2.errors.InvalidTextRepresentation; keygate sends its first line, never the SQL excerpt
// that follows it). Ok for a text PostgreSQL reads as an integer (blanks, a sign, digits) within
// the type's range; past it, kPgOutOfRange (psycopg2.errors.NumericValueOutOfRange).
Status CheckIntegerText(const std::string& text, std::string_view sql_type = "integer");

// The column value for a stored scalar or many2one field. many2one ids must exist in the
// comodel (ForeignKeyError otherwise).
StatusOr<store::SqlValue> ToColumnValue(const MethodContext& ctx, const ModelDef& model,
                                        const FieldDef& field, const Value& value);

// Whether a column value counts as "not set" for a required field.
bool IsUnset(const FieldDef& field, const store::SqlValue& v);

// The current UTC time as "YYYY-MM-DD HH:MM:SS".
std::string NowUtcText();

}  // namespace keygate::models
