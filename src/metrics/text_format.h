// The Prometheus text exposition format (version 0.0.4): HELP and TYPE lines, then one line per
// sample, label values escaped, histograms as _bucket (cumulative, le="+Inf" last), _sum, _count.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "metrics/registry.h"

namespace keygate::metrics {

// The Content-Type of the text format.
inline constexpr const char* kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// A sample value: integers without a fraction ("42"), others in the shortest form that reads
// back exactly ("0.00025"), and "+Inf", "-Inf", "NaN".
std::string FormatValue(double v);

// A label value inside double quotes: backslash, double quote and newline escaped.
std::string EscapeLabelValue(const std::string& v);

std::string RenderText(const std::vector<FamilySnapshot>& families);

}  // namespace keygate::metrics
