// Console request dispatch.
#include "console/console_handler.h"

#include <memory>
#include <utility>

#include "common/embedded.h"
#include "console/alerts_page.h"
#include "console/audit_page.h"
#include "console/console_session.h"
#include "console/csrf.h"
#include "console/doctor_page.h"
#include "console/events_page.h"
#include "console/http_answers.h"
#include "console/keys_page.h"
#include "console/layout.h"
#include "console/overview_page.h"
#include "console/routes.h"
#include "console/sign_in_pages.h"
#include "console/users_page.h"
#include "http/form.h"
#include "services/auth_change_witness.h"
#include "web/caller.h"

namespace keygate {
const std::vector<EmbeddedFile>& EmbeddedConsoleAssets();  // generated from src/console/assets
}  // namespace keygate

namespace keygate::console {

namespace {

std::string_view Asset(std::string_view name) {
  for (const auto& f : EmbeddedConsoleAssets()) {
    if (f.name == name) return f.content;
  }
  return {};
}

http::HttpResponse Refusal(int status, const std::string& message) {
  std::string body = MessageBox("error", message);
  body += "<p><a href=\"/keygate\">Back to the console</a></p>\n";
  return HtmlAnswer(status, RenderPage(status == 404   ? "Not found"
                                       : status == 405 ? "Method not allowed"
                                                       : "Forbidden",
                                       nullptr, NavItem::kNone, body));
}

http::HttpResponse Page(const ConsoleEnv& env, ConsoleRoute route, const Admin& admin,
                        const http::HttpRequest& request, const services::CallerInfo& caller) {
  switch (route) {
    case ConsoleRoute::kSignOut:
      return SignOut(env, request, caller);
    case ConsoleRoute::kKeys:
      return ShowKeys(env, admin, request, caller);
    case ConsoleRoute::kKeyNewForm:
      return ShowNewKeyForm(env, admin, caller);
    case ConsoleRoute::kKeyCreate:
      return CreateKey(env, admin, request, caller);
    case ConsoleRoute::kKeyRevokeForm:
      return ShowRevokeForm(env, admin, request, caller);
    case ConsoleRoute::kKeyRevoke:
      return RevokeKey(env, admin, request, caller);
    case ConsoleRoute::kKeyRotateForm:
      return ShowRotateForm(env, admin, request, caller);
    case ConsoleRoute::kKeyRotate:
      return RotateKey(env, admin, request, caller);
    case ConsoleRoute::kEvents:
      return ShowEvents(env, admin, request, caller);
    case ConsoleRoute::kEventsJson:
      return EventsJson(env, admin, request, caller);
    case ConsoleRoute::kAlerts:
      return ShowAlerts(env, admin, request, caller);
    case ConsoleRoute::kAudit:
      return ShowAudit(env, admin, request, caller);
    case ConsoleRoute::kOverview:
      return ShowOverview(env, admin, caller);
    case ConsoleRoute::kUsers:
      return ShowUsers(env, admin, request, caller);
    case ConsoleRoute::kUserGrant:
      return ChangeUserGroup(env, admin, request, caller, /*grant=*/true);
    case ConsoleRoute::kUserRevoke:
      return ChangeUserGroup(env, admin, request, caller, /*grant=*/false);
    case ConsoleRoute::kUserArchive:
      return SetUserArchived(env, admin, request, caller, /*archived=*/true);
    case ConsoleRoute::kUserUnarchive:
      return SetUserArchived(env, admin, request, caller, /*archived=*/false);
    case ConsoleRoute::kDoctorForm:
      return ShowDoctorForm(env, admin);
    case ConsoleRoute::kDoctorRun:
      return RunDoctorFromConsole(env, admin, request, caller);
    case ConsoleRoute::kHome:
    case ConsoleRoute::kSignInForm:
      return RedirectAnswer("/keygate/keys");
    case ConsoleRoute::kSignIn:
      return SignIn(env, request, caller);
    case ConsoleRoute::kTotpForm:
      return ShowTotp(request);
    case ConsoleRoute::kTotp:
      return SubmitTotp(env, request, caller);
    case ConsoleRoute::kStyle:
    case ConsoleRoute::kScript:
    case ConsoleRoute::kNotFound:
    case ConsoleRoute::kMethodNotAllowed:
      break;  // answered before any session is looked at (Serve)
  }
  return Refusal(404, "The console has no page at this address.");
}

// A page for a signed-in administrator. A change (POST) is answered once every running server
// has applied it (services/auth_change_witness.h): a key revoked here is refused everywhere from
// the moment the page says so.
http::HttpResponse AdminPage(const ConsoleEnv& env, ConsoleRoute route, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller) {
  if (request.method != "POST") return Page(env, route, admin, request, caller);
  auto db = env.server->backend->Open(admin.db);
  if (!db.ok()) return Page(env, route, admin, request, caller);
  services::AuthChangeWitness witness(*db);
  http::HttpResponse answer = Page(env, route, admin, request, caller);
  (void)witness.Confirm();
  return answer;
}

// `hints` receives what the sign-in asks of its answer's timing (a refused credential is
// answered late, as on every other channel: services/auth_defences.cc).
http::HttpResponse Serve(const ConsoleEnv& env, const http::HttpRequest& request,
                         services::AnswerHints* hints) {
  const ConsoleRoute route = RouteConsole(request.method, request.path);
  switch (route) {
    case ConsoleRoute::kStyle:
      return AssetAnswer("text/css; charset=utf-8", Asset("console.css"));
    case ConsoleRoute::kScript:
      return AssetAnswer("text/javascript; charset=utf-8", Asset("console.js"));
    case ConsoleRoute::kNotFound:
      return Refusal(404, "The console has no page at this address.");
    case ConsoleRoute::kMethodNotAllowed: {
      http::HttpResponse r = Refusal(405, "This address does not take that method.");
      r.headers.emplace_back("Allow", "GET, HEAD, POST");
      return r;
    }
    case ConsoleRoute::kHome:
    case ConsoleRoute::kSignInForm:
    case ConsoleRoute::kSignIn:
    case ConsoleRoute::kTotpForm:
    case ConsoleRoute::kTotp:
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
      break;
  }
  services::CallerInfo caller =
      web::CallerFor(*env.server, env.trusted_proxies, request, "console");
  caller.hints = hints;
  const RequestSite site{request.Header("origin"), request.HasHeader("origin"),
                         request.Header("sec-fetch-site"), request.HasHeader("sec-fetch-site")};
  if (request.method == "POST" && !OriginAllowed(site, caller.host)) {
    return Refusal(403, "This form was sent from another site (Origin check failed).");
  }
  const std::string cookie = ConsoleCookie(request);
  if (NeedsCsrfToken(route) &&
      !CsrfTokenMatches(SessionSecretOfCookie(cookie),
                        http::FormData::Parse(request.body).Get("csrf_token"))) {
    return Refusal(403,
                   "This form has expired or did not come from this console (CSRF token missing "
                   "or wrong). Reload the page and try again.");
  }
  if (route == ConsoleRoute::kSignIn) return SignIn(env, request, caller);
  if (route == ConsoleRoute::kTotpForm) return ShowTotp(request);
  if (route == ConsoleRoute::kTotp) return SubmitTotp(env, request, caller);
  auto state = CheckConsoleSession(env, cookie, caller);
  if (!state.ok()) return ShowSignIn(env, caller, state.status().message(), 503);
  switch (state->check) {
    case SessionCheck::kNone:
      if (route == ConsoleRoute::kSignInForm) return ShowSignIn(env, caller);
      if (request.method == "POST") return Refusal(403, "You are not signed in.");
      return RedirectAnswer("/keygate/login");
    case SessionCheck::kNotAdmin:
      return RefuseNonAdmin(env, cookie, state->admin.login, caller);
    case SessionCheck::kAdmin:
      return AdminPage(env, route, state->admin, request, caller);
  }
  return Refusal(403, "You are not signed in.");
}

}  // namespace

http::Handler MakeConsoleHandler(const services::ServerContext& ctx, bool on_admin_listener,
                                 std::function<int()> rpc_port) {
  auto env = std::make_shared<ConsoleEnv>();
  env->server = &ctx;
  // An invalid list was refused at start-up (keygate serve); here it can only mean "none".
  auto parsed = auth::ParseIpNetworkList(ctx.options.trusted_proxies);
  if (parsed.ok()) env->trusted_proxies = *parsed;
  env->on_admin_listener = on_admin_listener;
  env->rpc_port = std::move(rpc_port);
  return [env](const http::HttpRequest& request) {
    services::AnswerHints hints;
    http::HttpResponse response = Serve(*env, request, &hints);
    return web::WithAnswerHints(std::move(response), hints);
  };
}

http::Handler WithConsole(http::Handler console, http::Handler fallback) {
  return [console = std::move(console),
          fallback = std::move(fallback)](const http::HttpRequest& request) {
    if (IsConsolePath(request.path)) return console(request);
    if (fallback) return fallback(request);
    http::HttpResponse r;
    r.status = 404;
    r.body = "Not Found";
    return r;
  };
}

}  // namespace keygate::console
