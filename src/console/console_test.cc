// Unit tests of the console's pure parts: escaping, CSRF tokens and the Origin check, routing,
// form decoding, the Python snippet's string literals and the security headers.
#include <gtest/gtest.h>

#include "console/csrf.h"
#include "console/form.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/key_snippet.h"
#include "console/routes.h"

namespace keygate::console {
namespace {

TEST(EscapeHtml, EscapesMarkupAndQuotes) {
  EXPECT_EQ(EscapeHtml("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("a \"b\" & c"), "a &quot;b&quot; &amp; c");
  EXPECT_EQ(EscapeHtml("plain 1.2.3.4 é"), "plain 1.2.3.4 é");
  EXPECT_EQ(EscapeHtml(""), "");
}

TEST(Csrf, TokenIsPerSessionAndChecked) {
  const std::string a(64, 'a'), b(64, 'b');
  const std::string token = CsrfTokenFor(a);
  EXPECT_EQ(token.size(), 64u);
  EXPECT_NE(token, CsrfTokenFor(b));
  EXPECT_NE(token, a);  // not the secret itself
  EXPECT_TRUE(CsrfTokenMatches(a, token));
  EXPECT_FALSE(CsrfTokenMatches(b, token));
  EXPECT_FALSE(CsrfTokenMatches(a, ""));
  EXPECT_FALSE(CsrfTokenMatches(a, token.substr(0, 63)));
  EXPECT_FALSE(CsrfTokenMatches("", CsrfTokenFor("")));
  EXPECT_EQ(CsrfTokenFor(""), "");
}

TEST(Csrf, OriginMustBeThisHost) {
  const std::string host = "127.0.0.1:8069";
  auto origin = [](std::string_view o) { return RequestSite{o, true, {}, false}; };
  auto fetch = [](std::string_view o, std::string_view f) { return RequestSite{o, true, f, true}; };
  EXPECT_TRUE(OriginAllowed(RequestSite{}, host));  // not a browser
  EXPECT_TRUE(OriginAllowed(origin("http://127.0.0.1:8069"), host));
  EXPECT_TRUE(OriginAllowed(origin("https://keys.example.org"), "keys.example.org"));
  EXPECT_FALSE(OriginAllowed(origin("http://evil.example"), host));
  EXPECT_FALSE(OriginAllowed(origin("http://127.0.0.1:8069.evil"), host));
  EXPECT_FALSE(OriginAllowed(origin(""), host));
  EXPECT_FALSE(OriginAllowed(origin("http://"), ""));
  // "null" (the console's own forms under Referrer-Policy: no-referrer) only from this origin.
  EXPECT_FALSE(OriginAllowed(origin("null"), host));
  EXPECT_TRUE(OriginAllowed(fetch("null", "same-origin"), host));
  EXPECT_FALSE(OriginAllowed(fetch("null", "cross-site"), host));
  EXPECT_FALSE(OriginAllowed(fetch("null", "same-site"), host));
  EXPECT_FALSE(OriginAllowed(fetch("http://127.0.0.1:8069", "cross-site"), host));
  EXPECT_FALSE(OriginAllowed(fetch("http://evil.example", "same-origin"), host));
  EXPECT_FALSE(OriginAllowed(RequestSite{{}, false, "cross-site", true}, host));
}

TEST(Routes, ConsolePaths) {
  EXPECT_TRUE(IsConsolePath("/keygate"));
  EXPECT_TRUE(IsConsolePath("/keygate/keys"));
  EXPECT_FALSE(IsConsolePath("/keygatex"));
  EXPECT_FALSE(IsConsolePath("/web/session/authenticate"));
  EXPECT_FALSE(IsConsolePath("/"));
}

TEST(Routes, MethodsAndPages) {
  EXPECT_EQ(RouteConsole("GET", "/keygate"), ConsoleRoute::kHome);
  EXPECT_EQ(RouteConsole("HEAD", "/keygate/"), ConsoleRoute::kHome);
  EXPECT_EQ(RouteConsole("GET", "/keygate/login"), ConsoleRoute::kSignInForm);
  EXPECT_EQ(RouteConsole("POST", "/keygate/login"), ConsoleRoute::kSignIn);
  EXPECT_EQ(RouteConsole("POST", "/keygate/login/totp"), ConsoleRoute::kTotp);
  EXPECT_EQ(RouteConsole("GET", "/keygate/logout"), ConsoleRoute::kMethodNotAllowed);
  EXPECT_EQ(RouteConsole("POST", "/keygate/logout"), ConsoleRoute::kSignOut);
  EXPECT_EQ(RouteConsole("GET", "/keygate/keys"), ConsoleRoute::kKeys);
  EXPECT_EQ(RouteConsole("POST", "/keygate/keys"), ConsoleRoute::kMethodNotAllowed);
  EXPECT_EQ(RouteConsole("POST", "/keygate/keys/new"), ConsoleRoute::kKeyCreate);
  EXPECT_EQ(RouteConsole("GET", "/keygate/keys/revoke"), ConsoleRoute::kKeyRevokeForm);
  EXPECT_EQ(RouteConsole("POST", "/keygate/keys/rotate"), ConsoleRoute::kKeyRotate);
  EXPECT_EQ(RouteConsole("GET", "/keygate/events.json"), ConsoleRoute::kEventsJson);
  EXPECT_EQ(RouteConsole("GET", "/keygate/alerts"), ConsoleRoute::kAlerts);
  EXPECT_EQ(RouteConsole("GET", "/keygate/audit"), ConsoleRoute::kAudit);
  EXPECT_EQ(RouteConsole("POST", "/keygate/alerts"), ConsoleRoute::kMethodNotAllowed);
  EXPECT_EQ(RouteConsole("GET", "/keygate/assets/console.js"), ConsoleRoute::kScript);
  EXPECT_EQ(RouteConsole("DELETE", "/keygate/keys"), ConsoleRoute::kMethodNotAllowed);
  EXPECT_EQ(RouteConsole("GET", "/keygate/nothing"), ConsoleRoute::kNotFound);
  EXPECT_EQ(RouteConsole("GET", "/keygate/keys/"), ConsoleRoute::kNotFound);
}

TEST(Routes, EveryChangeNeedsTheToken) {
  for (auto [method, path] :
       std::vector<std::pair<const char*, const char*>>{{"POST", "/keygate/logout"},
                                                        {"POST", "/keygate/login/totp"},
                                                        {"POST", "/keygate/keys/new"},
                                                        {"POST", "/keygate/keys/revoke"},
                                                        {"POST", "/keygate/keys/rotate"}}) {
    EXPECT_TRUE(NeedsCsrfToken(RouteConsole(method, path))) << path;
  }
  EXPECT_FALSE(NeedsCsrfToken(ConsoleRoute::kSignIn));
  EXPECT_FALSE(NeedsCsrfToken(ConsoleRoute::kKeys));
  EXPECT_TRUE(IsPublicRoute(ConsoleRoute::kSignIn));
  EXPECT_FALSE(IsPublicRoute(ConsoleRoute::kKeys));
  EXPECT_FALSE(IsPublicRoute(ConsoleRoute::kEventsJson));
  EXPECT_FALSE(IsPublicRoute(ConsoleRoute::kAlerts));
  EXPECT_FALSE(IsPublicRoute(ConsoleRoute::kAudit));
}

TEST(Form, DecodesFields) {
  FormData f = FormData::Parse("a=1&b=x+y%21&a=2&empty=&flag&bad=%zz%4");
  EXPECT_EQ(f.Get("a"), "1");
  EXPECT_EQ(f.GetAll("a"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(f.Get("b"), "x y!");
  EXPECT_TRUE(f.Has("empty"));
  EXPECT_TRUE(f.Has("flag"));
  EXPECT_FALSE(f.Has("missing"));
  EXPECT_EQ(f.Get("missing"), "");
  EXPECT_EQ(f.Get("bad"), "%zz%4");
  EXPECT_EQ(UrlEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
}

TEST(Snippet, PythonStringsAreLiterals) {
  EXPECT_EQ(PythonString("demo"), "\"demo\"");
  EXPECT_EQ(PythonString("a\"b\\c\n"), "\"a\\\"b\\\\c\\x0a\"");
  const std::string s = PythonSnippet("http://127.0.0.1:8069", "demo", "admin", "0123abcd");
  EXPECT_NE(s.find("url = \"http://127.0.0.1:8069\"\n"), std::string::npos);
  EXPECT_NE(s.find("key = \"0123abcd\""), std::string::npos);
  EXPECT_NE(s.find("common.authenticate(db, login, key, {})"), std::string::npos);
}

TEST(Answers, SecurityHeadersOnEveryAnswer) {
  for (const http::HttpResponse& r :
       {HtmlAnswer(200, "x"), JsonAnswer("[]"), RedirectAnswer("/keygate/login"),
        AssetAnswer("text/css", "")}) {
    auto header = [&r](const std::string& name) {
      for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
      }
      return std::string("(absent)");
    };
    EXPECT_EQ(header("Content-Security-Policy"), kContentSecurityPolicy);
    EXPECT_EQ(header("X-Frame-Options"), "DENY");
    EXPECT_EQ(header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(header("Cache-Control"), "no-store");
  }
  EXPECT_EQ(ConsoleCookieHeader("v", 60, true),
            "keygate_console=v; Max-Age=60; HttpOnly; Path=/keygate; SameSite=Strict; Secure");
  http::HttpRequest req;
  req.headers = {{"cookie", "session_id=odoo; keygate_console=abc; other=1"}};
  EXPECT_EQ(ConsoleCookie(req), "abc");
}

}  // namespace
}  // namespace keygate::console
