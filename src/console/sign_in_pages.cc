// Sign-in, second factor, sign-out and the refusal of non-administrators.
#include "console/sign_in_pages.h"

#include "console/console_session.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/layout.h"
#include "http/form.h"
#include "services/db_service.h"
#include "services/session_service.h"

namespace keygate::console {

namespace {

std::string DatabaseField(const ConsoleEnv& env, const services::CallerInfo& caller,
                          const std::string& chosen) {
  // A list only where Odoo would show one (list_db); otherwise the name is typed.
  auto names = services::ListDatabases(*env.server, caller.host);
  if (!names.ok() || names->empty()) {
    return "<label>Database <input name=\"db\" required autocomplete=\"off\" value=\"" +
           EscapeHtml(chosen) + "\"></label>\n";
  }
  std::string s = "<label>Database <select name=\"db\" required>";
  for (const auto& n : *names) {
    s +=
        "<option" + std::string(n == chosen ? " selected" : "") + ">" + EscapeHtml(n) + "</option>";
  }
  s += "</select></label>\n";
  return s;
}

http::HttpResponse WithCookie(http::HttpResponse r, const std::string& value, int64_t max_age,
                              bool secure) {
  r.headers.emplace_back("Set-Cookie", ConsoleCookieHeader(value, max_age, secure));
  return r;
}

// After a complete sign-in (password, and code when 2FA is on): in, or refused.
http::HttpResponse Enter(const ConsoleEnv& env, const std::string& cookie,
                         const services::CallerInfo& caller) {
  auto state = CheckConsoleSession(env, cookie, caller);
  if (!state.ok()) return ShowSignIn(env, caller, state.status().message(), 503);
  switch (state->check) {
    case SessionCheck::kAdmin:
      return WithCookie(RedirectAnswer("/keygate/keys"), cookie,
                        env.server->options.session_idle_seconds, caller.https);
    case SessionCheck::kNotAdmin:
      return RefuseNonAdmin(env, cookie, state->admin.login, caller);
    case SessionCheck::kNone:
      return ShowSignIn(env, caller, "Session expired", 401);
  }
  return ShowSignIn(env, caller, "Session expired", 401);
}

}  // namespace

http::HttpResponse ShowSignIn(const ConsoleEnv& env, const services::CallerInfo& caller,
                              const std::string& message, int status, const std::string& db,
                              const std::string& login) {
  std::string body;
  if (!message.empty()) body += MessageBox("error", message);
  body += "<form method=\"post\" action=\"/keygate/login\" class=\"card narrow\">\n";
  body += DatabaseField(env, caller, db);
  body += "<label>Login <input name=\"login\" required autocomplete=\"username\" value=\"" +
          EscapeHtml(login) + "\"></label>\n";
  body +=
      "<label>Password <input name=\"password\" type=\"password\" required "
      "autocomplete=\"current-password\"></label>\n";
  body += "<button type=\"submit\">Sign in</button>\n</form>\n";
  body +=
      "<p class=\"hint\">The console is for members of Administration / Settings. Users with "
      "two-factor authentication are asked for their code next.</p>\n";
  return HtmlAnswer(status, RenderPage("Sign in", nullptr, NavItem::kNone, body));
}

http::HttpResponse SignIn(const ConsoleEnv& env, const http::HttpRequest& request,
                          const services::CallerInfo& caller) {
  http::FormData form = http::FormData::Parse(request.body);
  Value params(Value::Struct{});
  params.Set("db", form.Get("db"));
  params.Set("login", form.Get("login"));
  params.Set("password", form.Get("password"));
  auto reply = services::SessionAuthenticate(*env.server, params, caller);
  if (!reply.ok()) {
    const StatusCode code = reply.status().code();
    const int status = code == StatusCode::kUnavailable ? 503 : 401;
    return ShowSignIn(env, caller, reply.status().message(), status, form.Get("db"),
                      form.Get("login"));
  }
  const std::string cookie = reply->set_cookie.value_or("");
  const Value* uid = reply->result.Find("uid");
  if (uid == nullptr || uid->is_nil()) {
    // Password accepted; the second factor is awaited on the next page.
    return WithCookie(RedirectAnswer("/keygate/login/totp"), cookie,
                      env.server->options.session_idle_seconds, caller.https);
  }
  return Enter(env, cookie, caller);
}

http::HttpResponse ShowTotp(const http::HttpRequest& request, const std::string& message,
                            int status) {
  const std::string cookie = ConsoleCookie(request);
  if (cookie.empty()) return RedirectAnswer("/keygate/login");
  std::string body;
  if (!message.empty()) body += MessageBox("error", message);
  body += "<form method=\"post\" action=\"/keygate/login/totp\" class=\"card narrow\">\n";
  body += "<input type=\"hidden\" name=\"csrf_token\" value=\"" +
          EscapeHtml(CsrfTokenOfCookie(cookie)) + "\">\n";
  body +=
      "<label>Authentication code <input name=\"totp_token\" required inputmode=\"numeric\" "
      "autocomplete=\"one-time-code\" pattern=\"[0-9 ]*\" maxlength=\"8\"></label>\n";
  body += "<button type=\"submit\">Verify</button>\n</form>\n";
  body += "<p class=\"hint\">Open your authenticator app and type the 6-digit code.</p>\n";
  return HtmlAnswer(status, RenderPage("Two-factor authentication", nullptr, NavItem::kNone, body));
}

http::HttpResponse SubmitTotp(const ConsoleEnv& env, const http::HttpRequest& request,
                              const services::CallerInfo& caller) {
  const std::string cookie = ConsoleCookie(request);
  http::FormData form = http::FormData::Parse(request.body);
  Value params(Value::Struct{});
  params.Set("totp_token", form.Get("totp_token"));
  auto reply = services::SessionTotp(*env.server, cookie, params, caller);
  if (!reply.ok()) {
    if (reply.status().code() == StatusCode::kSessionExpired) {
      return ShowSignIn(env, caller, "Session expired: sign in again.", 401);
    }
    return ShowTotp(request, reply.status().message(), 401);
  }
  return Enter(env, cookie, caller);
}

http::HttpResponse SignOut(const ConsoleEnv& env, const http::HttpRequest& request,
                           const services::CallerInfo& caller) {
  const std::string cookie = ConsoleCookie(request);
  // An already ended session is signed out all the same.
  (void)services::SessionDestroy(*env.server, cookie, caller);
  return WithCookie(RedirectAnswer("/keygate/login"), "", 0, caller.https);
}

http::HttpResponse RefuseNonAdmin(const ConsoleEnv& env, const std::string& cookie,
                                  const std::string& login, const services::CallerInfo& caller) {
  (void)services::SessionDestroy(*env.server, cookie, caller);
  std::string body =
      MessageBox("error", "\"" + login +
                              "\" is not allowed to use the keygate console: only members of "
                              "Administration / Settings (base.group_system) are.");
  body += "<p><a href=\"/keygate/login\">Sign in as another user</a></p>\n";
  return WithCookie(HtmlAnswer(403, RenderPage("Access refused", nullptr, NavItem::kNone, body)),
                    "", 0, caller.https);
}

}  // namespace keygate::console
