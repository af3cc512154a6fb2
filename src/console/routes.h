// The console's URL space under /keygate: which page a method and path name. Pure, so the table
// is tested without a server (routes_test.cc); README "Web console" lists the same routes.
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace keygate::console {

enum class ConsoleRoute {
  kHome,              // GET /keygate, /keygate/: to the Keys page, or the sign-in form
  kSignInForm,        // GET  /keygate/login
  kSignIn,            // POST /keygate/login
  kTotpForm,          // GET  /keygate/login/totp
  kTotp,              // POST /keygate/login/totp
  kSignOut,           // POST /keygate/logout
  kKeys,              // GET  /keygate/keys
  kKeyNewForm,        // GET  /keygate/keys/new
  kKeyCreate,         // POST /keygate/keys/new
  kKeyRevokeForm,     // GET  /keygate/keys/revoke?id=N (confirmation)
  kKeyRevoke,         // POST /keygate/keys/revoke
  kKeyRotateForm,     // GET  /keygate/keys/rotate?id=N (grace period)
  kKeyRotate,         // POST /keygate/keys/rotate
  kEvents,            // GET  /keygate/events
  kEventsJson,        // GET  /keygate/events.json (the live tail's polling)
  kAlerts,            // GET  /keygate/alerts
  kAudit,             // GET  /keygate/audit
  kOverview,          // GET  /keygate/overview
  kUsers,             // GET  /keygate/users
  kUserGrant,         // POST /keygate/users/grant
  kUserRevoke,        // POST /keygate/users/revoke
  kUserArchive,       // POST /keygate/users/archive
  kUserUnarchive,     // POST /keygate/users/unarchive
  kDoctorForm,        // GET  /keygate/doctor
  kDoctorRun,         // POST /keygate/doctor
  kStyle,             // GET  /keygate/assets/console.css
  kScript,            // GET  /keygate/assets/console.js
  kNotFound,          // a /keygate path the console does not have
  kMethodNotAllowed,  // a known path with another method
};

// Whether `path` belongs to the console: "/keygate" or anything below "/keygate/".
bool IsConsolePath(std::string_view path);

// The route of a console path; HEAD is answered as GET.
ConsoleRoute RouteConsole(std::string_view method, std::string_view path);

// Routes that may be used without a signed-in administrator.
bool IsPublicRoute(ConsoleRoute route);

// POST routes that need the session's CSRF token (every POST but the sign-in itself).
bool NeedsCsrfToken(ConsoleRoute route);

}  // namespace keygate::console
