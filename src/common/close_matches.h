// "Did you mean ...?": the candidates closest to a mistyped name (a database, a command, an
// option, a model, a configuration key, a login), for one-line errors that say what to type.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace keygate {

// Levenshtein distance of the lowercased strings.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidates close to `name`: equal ignoring case, or within a small edit distance (at most
// max(2, size/4)); closest first, `name` itself left out.
std::vector<std::string> CloseMatches(const std::string& name,
                                      const std::vector<std::string>& candidates);

}  // namespace keygate
