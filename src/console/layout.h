// The frame of every console page: head (the one stylesheet and the one script, both served from
// /keygate/assets/), the navigation with the database and the administrator, a sign-out form
// carrying the CSRF token, and the page's own body. Titles and names are escaped here; the body
// is HTML the page built with EscapeHtml.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "console/console_env.h"

namespace keygate::console {

enum class NavItem { kNone, kOverview, kKeys, kUsers, kEvents, kAlerts, kAudit, kDoctor };

// `admin` null: a page before sign-in (no navigation).
std::string RenderPage(std::string_view title, const Admin* admin, NavItem active,
                       std::string_view body_html);

// A hidden input with the session's CSRF token, for every form that POSTs.
std::string CsrfField(const Admin& admin);

// A message box: kind "error", "notice" or "secret"; `text` is escaped.
std::string MessageBox(std::string_view kind, std::string_view text);

}  // namespace keygate::console
