// Tests of the request metrics (channels, outcomes, the instrumenting wrapper) and of the admin
// endpoints /metrics and /healthz.
#include "web/request_metrics.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "metrics/text_format.h"
#include "web/admin_endpoints.h"

namespace keygate::web {
namespace {

TEST(ChannelForPathTest, MatchesTheRouter) {
  EXPECT_EQ(ChannelForPath("/xmlrpc/2/object"), Channel::kXmlRpc);
  EXPECT_EQ(ChannelForPath("/xmlrpc/common"), Channel::kXmlRpcLegacy);
  EXPECT_EQ(ChannelForPath("/jsonrpc"), Channel::kJsonRpc);
  EXPECT_EQ(ChannelForPath("/web/session/authenticate"), Channel::kWeb);
  EXPECT_EQ(ChannelForPath("/json/2/res.partner/search"), Channel::kJson2);
  EXPECT_EQ(ChannelForPath("/json/2"), Channel::kJson2);
  EXPECT_EQ(ChannelForPath("/json/20"), Channel::kOther);
  EXPECT_EQ(ChannelForPath("/favicon.ico"), Channel::kOther);
}

TEST(OutcomeOfTest, AppStatusFirstThenHttpStatus) {
  http::HttpResponse r;
  EXPECT_EQ(OutcomeOf(r), Outcome::kOk);
  r.app_status = StatusCode::kAccessDenied;
  EXPECT_EQ(OutcomeOf(r), Outcome::kAccessDenied);
  r.app_status = StatusCode::kAccessError;
  EXPECT_EQ(OutcomeOf(r), Outcome::kAccessError);
  r.app_status = StatusCode::kValidationError;
  EXPECT_EQ(OutcomeOf(r), Outcome::kUserError);
  r.app_status = StatusCode::kPyAttributeError;
  EXPECT_EQ(OutcomeOf(r), Outcome::kBadRequest);
  r.app_status = StatusCode::kInternal;
  EXPECT_EQ(OutcomeOf(r), Outcome::kError);
  r.app_status = StatusCode::kOk;
  r.status = 401;
  EXPECT_EQ(OutcomeOf(r), Outcome::kAccessDenied);
  r.status = 403;
  EXPECT_EQ(OutcomeOf(r), Outcome::kAccessError);
  r.status = 404;
  EXPECT_EQ(OutcomeOf(r), Outcome::kNotFound);
  r.status = 405;
  EXPECT_EQ(OutcomeOf(r), Outcome::kBadRequest);
  r.status = 422;
  EXPECT_EQ(OutcomeOf(r), Outcome::kUserError);
  r.status = 503;
  EXPECT_EQ(OutcomeOf(r), Outcome::kError);
}

// The value of one sample line of the rendered text, or -1.
double SampleValue(const std::string& text, const std::string& series) {
  size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

TEST(InstrumentHandlerTest, CountsByChannelAndOutcome) {
  metrics::Registry registry;
  RequestMetrics m(registry);
  http::Handler h = InstrumentHandler(
      [](const http::HttpRequest& req) {
        http::HttpResponse r;
        if (req.body == "fault") r.app_status = StatusCode::kAccessDenied;
        if (req.path == "/nowhere") r.status = 404;
        return r;
      },
      &m);
  http::HttpRequest req;
  req.path = "/xmlrpc/2/object";
  h(req);
  h(req);
  req.body = "fault";
  h(req);
  req.path = "/nowhere";
  req.body.clear();
  h(req);
  std::string text = metrics::RenderText(registry.Collect());
  EXPECT_EQ(SampleValue(text, "keygate_http_requests_total{channel=\"xmlrpc\",outcome=\"ok\"}"), 2);
  EXPECT_EQ(SampleValue(
                text, "keygate_http_requests_total{channel=\"xmlrpc\",outcome=\"access_denied\"}"),
            1);
  EXPECT_EQ(
      SampleValue(text, "keygate_http_requests_total{channel=\"other\",outcome=\"not_found\"}"), 1);
  EXPECT_EQ(SampleValue(text, "keygate_http_request_duration_seconds_count{channel=\"xmlrpc\"}"),
            3);
  EXPECT_EQ(SampleValue(text,
                        "keygate_http_request_duration_seconds_bucket{channel=\"xmlrpc\",le="
                        "\"+Inf\"}"),
            3);
  EXPECT_EQ(SampleValue(text, "keygate_http_request_duration_seconds_count{channel=\"web\"}"), 0);
}

TEST(AdminHandlerTest, MetricsHealthzAndFallback) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kg_admin_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  services::ServerContext ctx;
  ctx.options.data_dir = dir.string();
  metrics::Registry registry;
  registry.AddCounter("kg_test_total", "T.").Inc(3);

  http::Handler admin = MakeAdminHandler(ctx, &registry, nullptr);
  http::HttpRequest req;
  req.method = "GET";
  req.path = "/metrics";
  http::HttpResponse r = admin(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("\nkg_test_total 3\n"), std::string::npos);

  req.path = "/healthz";
  r = admin(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"status\":\"ok\",\"backend\":\"sqlite\"}");

  req.method = "POST";
  r = admin(req);
  EXPECT_EQ(r.status, 405);

  req.method = "GET";
  req.path = "/xmlrpc/2/common";
  EXPECT_EQ(admin(req).status, 404);
  auto teapot = [](const http::HttpRequest&) {
    http::HttpResponse r;
    r.status = 418;
    return r;
  };
  http::Handler main = MakeAdminHandler(ctx, &registry, teapot);
  EXPECT_EQ(main(req).status, 418);
  // The public port without public_metrics: /healthz still, /metrics goes to the router.
  http::Handler public_port = MakeAdminHandler(ctx, nullptr, teapot);
  req.path = "/metrics";
  EXPECT_EQ(public_port(req).status, 418);
  req.path = "/healthz";
  EXPECT_EQ(public_port(req).status, 200);

  fs::remove_all(dir);
  req.path = "/healthz";
  r = admin(req);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("\"status\":\"unavailable\""), std::string::npos);
  EXPECT_NE(r.body.find("data directory"), std::string::npos);
}

}  // namespace
}  // namespace keygate::web
