// Fuzz target for the Python-literal reader of record rules (models/py_literal.h). Any text must
// parse or fail with kValidationError, whatever its nesting; what parses prints (models/py_repr.h)
// as a literal that parses back to the same value (non-finite floats excepted: Python has no
// literal for them), and goes through the domain parser without harm, as a rule's domain does.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "models/domain.h"
#include "models/py_literal.h"
#include "models/py_repr.h"
#include "value_walk.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keygate;
  using fuzz::Check;
  static const models::PyNames names = models::RuleEvalNames(7, 42, 1, {1, 3});
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  StatusOr<Value> value = models::ParsePyLiteral(text, names);
  if (!value.ok()) {
    Check(value.status().code() == StatusCode::kValidationError, "error other than validation");
    return 0;
  }
  if (!fuzz::HasNonFinite(*value)) {
    const std::string repr = models::PyRepr(*value, std::numeric_limits<size_t>::max());
    StatusOr<Value> again = models::ParsePyLiteral(repr, names);
    Check(again.ok(), "the repr of a parsed literal does not parse");
    Check(*value == *again, "a literal changed through its repr");
  }
  StatusOr<models::Domain> domain = models::Domain::Parse(*value);
  if (!domain.ok()) {
    // Odoo's own refusals of a malformed domain: ValidationError, ValueError, AssertionError.
    const StatusCode code = domain.status().code();
    Check(code == StatusCode::kValidationError || code == StatusCode::kPyValueError ||
              code == StatusCode::kPyAssertionError,
          "domain: error other than a client's mistake");
  }
  return 0;
}
