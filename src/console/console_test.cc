// Unit tests of the console's pure parts: escaping, CSRF tokens and the Origin check, routing,
// form decoding, the Python snippet's string literals and the security headers.
#include <gtest/gtest.h>

#include "console/csrf.h"
#include "console/doctor_page.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/key_snippet.h"
#include "console/overview_chart.h"
#include "console/routes.h"
#include "http/form.h"

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
  EXPECT_EQ(RouteConsole("GET", "/keygate/overview"), ConsoleRoute::kOverview);
  EXPECT_EQ(RouteConsole("GET", "/keygate/users"), ConsoleRoute::kUsers);
  EXPECT_EQ(RouteConsole("GET", "/keygate/users/grant"), ConsoleRoute::kMethodNotAllowed);
  EXPECT_EQ(RouteConsole("POST", "/keygate/users/grant"), ConsoleRoute::kUserGrant);
  EXPECT_EQ(RouteConsole("POST", "/keygate/users/revoke"), ConsoleRoute::kUserRevoke);
  EXPECT_EQ(RouteConsole("POST", "/keygate/users/archive"), ConsoleRoute::kUserArchive);
  EXPECT_EQ(RouteConsole("POST", "/keygate/users/unarchive"), ConsoleRoute::kUserUnarchive);
  EXPECT_EQ(RouteConsole("GET", "/keygate/doctor"), ConsoleRoute::kDoctorForm);
  EXPECT_EQ(RouteConsole("POST", "/keygate/doctor"), ConsoleRoute::kDoctorRun);
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
                                                        {"POST", "/keygate/keys/rotate"},
                                                        {"POST", "/keygate/users/grant"},
                                                        {"POST", "/keygate/users/revoke"},
                                                        {"POST", "/keygate/users/archive"},
                                                        {"POST", "/keygate/users/unarchive"},
                                                        {"POST", "/keygate/doctor"}}) {
    // Only the second sign-in step is open without a session (it holds a half-open one).
    EXPECT_EQ(IsPublicRoute(RouteConsole(method, path)),
              std::string_view(path) == "/keygate/login/totp")
        << path;
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

TEST(DoctorTargets, ThisServerFirstThenTheConfiguredOnesOnce) {
  EXPECT_EQ(DoctorTargets("http://127.0.0.1:8069", ""),
            std::vector<std::string>{"http://127.0.0.1:8069"});
  EXPECT_EQ(DoctorTargets("http://127.0.0.1:8069",
                          "https://erp.example.com/, http://10.0.0.5:8069 https://erp.example.com"),
            (std::vector<std::string>{"http://127.0.0.1:8069", "https://erp.example.com",
                                      "http://10.0.0.5:8069"}));
  EXPECT_EQ(SelfRpcUrl("0.0.0.0", 8069), "http://127.0.0.1:8069");
  EXPECT_EQ(SelfRpcUrl("127.0.0.1", 1234), "http://127.0.0.1:1234");
  EXPECT_EQ(SelfRpcUrl("::", 8069), "http://[::1]:8069");
  EXPECT_EQ(SelfRpcUrl("fd00::5", 8069), "http://[fd00::5]:8069");
  EXPECT_EQ(SelfRpcUrl("127.0.0.1", 8443, true), "https://127.0.0.1:8443");
}

TEST(BarChartSvg, StacksSeriesPerBucketWithTitlesAndEscapes) {
  ChartData d;
  d.id = "chart-24h";
  d.title = "Last <24> hours";
  d.labels = {"2026-01-01 09", "2026-01-01 10"};
  d.axis_labels = {"", "10h"};
  d.series = SeriesFor({"wrong_password", "<x>"});
  ASSERT_EQ(d.series.size(), 3u);
  EXPECT_EQ(d.series[0].name, "success");
  EXPECT_EQ(d.series[1].color, "#b42318");
  d.counts = {{{"success", 3}, {"wrong_password", 1}}, {{"<x>", 2}}};
  const std::string svg = BarChartSvg(d);
  EXPECT_EQ(svg.rfind("<svg id=\"chart-24h\" class=\"chart\"", 0), 0u) << svg;
  EXPECT_NE(svg.find("aria-label=\"Last &lt;24&gt; hours\""), std::string::npos);
  EXPECT_NE(svg.find("<title>2026-01-01 09: 3 success</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>2026-01-01 09: 1 wrong_password</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>2026-01-01 10: 2 &lt;x&gt;</title>"), std::string::npos);
  EXPECT_EQ(svg.find("<x>"), std::string::npos);
  EXPECT_NE(svg.find(">10h</text>"), std::string::npos);
  // The scale's top is a round number at or above the highest bar (4): 5.
  EXPECT_NE(svg.find(">5</text>"), std::string::npos);
  // The tallest bar (4 of 5) is 4/5 of the plot's 188 units: 3 + 1 segments of 112.8 and 37.6.
  EXPECT_NE(svg.find("height=\"112.8\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("height=\"37.6\""), std::string::npos);
  size_t bars = 0;
  for (size_t at = svg.find("<rect class=\"bar\""); at != std::string::npos;
       at = svg.find("<rect class=\"bar\"", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, 3u);
  // No script and no style attribute: the CSP forbids inline ones.
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos);
}

}  // namespace
}  // namespace keygate::console
