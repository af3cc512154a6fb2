// Python-style repr of a Value ("('name', '=', False)"), for error messages that quote what the
// client sent, as Odoo's do. Truncated so a huge request cannot make a huge message.
// Thread-safety: pure function.
#pragma once

#include <string>

#include "common/value.h"

namespace keygate::models {

std::string PyRepr(const Value& v, size_t max_length = 200);

}  // namespace keygate::models
