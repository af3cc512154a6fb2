// Console routing table.
#include "console/routes.h"

#include <array>

namespace keygate::console {

namespace {

struct RouteEntry {
  std::string_view path;
  ConsoleRoute get;   // kMethodNotAllowed: no GET
  ConsoleRoute post;  // kMethodNotAllowed: no POST
};

constexpr ConsoleRoute kNone = ConsoleRoute::kMethodNotAllowed;

constexpr std::array<RouteEntry, 22> kRoutes = {{
    {"/keygate", ConsoleRoute::kHome, kNone},
    {"/keygate/", ConsoleRoute::kHome, kNone},
    {"/keygate/login", ConsoleRoute::kSignInForm, ConsoleRoute::kSignIn},
    {"/keygate/login/totp", ConsoleRoute::kTotpForm, ConsoleRoute::kTotp},
    {"/keygate/logout", kNone, ConsoleRoute::kSignOut},
    {"/keygate/keys", ConsoleRoute::kKeys, kNone},
    {"/keygate/keys/new", ConsoleRoute::kKeyNewForm, ConsoleRoute::kKeyCreate},
    {"/keygate/keys/revoke", ConsoleRoute::kKeyRevokeForm, ConsoleRoute::kKeyRevoke},
    {"/keygate/keys/rotate", ConsoleRoute::kKeyRotateForm, ConsoleRoute::kKeyRotate},
    {"/keygate/events", ConsoleRoute::kEvents, kNone},
    {"/keygate/events.json", ConsoleRoute::kEventsJson, kNone},
    {"/keygate/alerts", ConsoleRoute::kAlerts, kNone},
    {"/keygate/audit", ConsoleRoute::kAudit, kNone},
    {"/keygate/overview", ConsoleRoute::kOverview, kNone},
    {"/keygate/users", ConsoleRoute::kUsers, kNone},
    {"/keygate/users/grant", kNone, ConsoleRoute::kUserGrant},
    {"/keygate/users/revoke", kNone, ConsoleRoute::kUserRevoke},
    {"/keygate/users/archive", kNone, ConsoleRoute::kUserArchive},
    {"/keygate/users/unarchive", kNone, ConsoleRoute::kUserUnarchive},
    {"/keygate/doctor", ConsoleRoute::kDoctorForm, ConsoleRoute::kDoctorRun},
    {"/keygate/assets/console.css", ConsoleRoute::kStyle, kNone},
    {"/keygate/assets/console.js", ConsoleRoute::kScript, kNone},
}};

}  // namespace

bool IsConsolePath(std::string_view path) {
  return path == "/keygate" || path.substr(0, 9) == "/keygate/";
}

ConsoleRoute RouteConsole(std::string_view method, std::string_view path) {
  const bool get = method == "GET" || method == "HEAD";
  const bool post = method == "POST";
  for (const RouteEntry& e : kRoutes) {
    if (e.path != path) continue;
    if (get) return e.get;
    if (post) return e.post;
    return ConsoleRoute::kMethodNotAllowed;
  }
  return ConsoleRoute::kNotFound;
}

bool IsPublicRoute(ConsoleRoute route) {
  switch (route) {
    case ConsoleRoute::kHome:
    case ConsoleRoute::kSignInForm:
    case ConsoleRoute::kSignIn:
    case ConsoleRoute::kTotpForm:
    case ConsoleRoute::kTotp:
    case ConsoleRoute::kStyle:
    case ConsoleRoute::kScript:
    case ConsoleRoute::kNotFound:
    case ConsoleRoute::kMethodNotAllowed:
      return true;
    case ConsoleRoute::kSignOut:
    case ConsoleRoute::kKeys:
    case ConsoleRoute::kKeyNewForm:
    case ConsoleRoute::kKeyCreate:
    case ConsoleRoute::kKeyRevokeForm:
    case ConsoleRoute::kKeyRevoke:
    case ConsoleRoute::kKeyRotateForm:
    case ConsoleRoute::kKeyRotate:
    case ConsoleRoute::kEvents:
    case ConsoleRoute::kEventsJson:
    case ConsoleRoute::kAlerts:
    case ConsoleRoute::kAudit:
    case ConsoleRoute::kOverview:
    case ConsoleRoute::kUsers:
    case ConsoleRoute::kUserGrant:
    case ConsoleRoute::kUserRevoke:
    case ConsoleRoute::kUserArchive:
    case ConsoleRoute::kUserUnarchive:
    case ConsoleRoute::kDoctorForm:
    case ConsoleRoute::kDoctorRun:
      return false;
  }
  return false;
}

bool NeedsCsrfToken(ConsoleRoute route) {
  switch (route) {
    case ConsoleRoute::kTotp:
    case ConsoleRoute::kSignOut:
    case ConsoleRoute::kKeyCreate:
    case ConsoleRoute::kKeyRevoke:
    case ConsoleRoute::kKeyRotate:
    case ConsoleRoute::kUserGrant:
    case ConsoleRoute::kUserRevoke:
    case ConsoleRoute::kUserArchive:
    case ConsoleRoute::kUserUnarchive:
    case ConsoleRoute::kDoctorRun:
      return true;
    case ConsoleRoute::kHome:
    case ConsoleRoute::kSignInForm:
    case ConsoleRoute::kSignIn:
    case ConsoleRoute::kTotpForm:
    case ConsoleRoute::kKeys:
    case ConsoleRoute::kKeyNewForm:
    case ConsoleRoute::kKeyRevokeForm:
    case ConsoleRoute::kKeyRotateForm:
    case ConsoleRoute::kEvents:
    case ConsoleRoute::kEventsJson:
    case ConsoleRoute::kAlerts:
    case ConsoleRoute::kAudit:
    case ConsoleRoute::kOverview:
    case ConsoleRoute::kUsers:
    case ConsoleRoute::kDoctorForm:
    case ConsoleRoute::kStyle:
    case ConsoleRoute::kScript:
    case ConsoleRoute::kNotFound:
    case ConsoleRoute::kMethodNotAllowed:
      return false;
  }
  return true;
}

}  // namespace keygate::console
