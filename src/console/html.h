// The one HTML escaper of the console: every text that reaches a page and did not come from the
// console's own code (logins, names, user agents, key names, addresses, messages) goes through
// it, in element content and in double-quoted attribute values alike.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace keygate::console {

// & < > " ' as character references; every other byte as is.
std::string EscapeHtml(std::string_view text);

}  // namespace keygate::console
