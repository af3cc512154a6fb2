// Python's repr(float), for every place that writes a float as Python would: the wire codecs
// (rpc/) and the error messages that quote what a client sent (models/py_repr.h).
// Thread-safety: pure function.
#pragma once

#include <string>

namespace keygate {

// Shortest round-trip digits, "1.0" for integral values, exponent form below 1e-4 and from 1e16
// ("1e-05", "1e+16"), "inf", "-inf", "nan".
std::string FormatPythonFloat(double value);

}  // namespace keygate
