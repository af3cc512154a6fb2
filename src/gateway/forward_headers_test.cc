#include "gateway/forward_headers.h"

#include <gtest/gtest.h>

namespace keygate::gateway {
namespace {

TEST(ForwardHeadersTest, DropsHopByHopAndClientForwardingHeadersAndSetsKeygates) {
  HeaderList client = {{"host", "erp.example.com"},    {"connection", "keep-alive, x-secret-hop"},
                       {"x-secret-hop", "1"},          {"keep-alive", "timeout=5"},
                       {"content-length", "12"},       {"transfer-encoding", "chunked"},
                       {"x-forwarded-for", "6.6.6.6"}, {"x-forwarded-host", "evil"},
                       {"x-forwarded-proto", "https"}, {"x-real-ip", "6.6.6.6"},
                       {"forwarded", "for=6.6.6.6"},   {"cookie", "session_id=abc"},
                       {"content-type", "text/xml"}};
  HeaderList up = UpstreamRequestHeaders(client, {"203.0.113.7", false});
  HeaderList expected = {{"host", "erp.example.com"},
                         {"cookie", "session_id=abc"},
                         {"content-type", "text/xml"},
                         {"X-Forwarded-For", "203.0.113.7"},
                         {"X-Forwarded-Host", "erp.example.com"},
                         {"X-Forwarded-Proto", "http"}};
  EXPECT_EQ(up, expected);
}

TEST(ForwardHeadersTest, RelaysSetCookiesAndSplitsContentType) {
  HeaderList upstream = {{"Content-Type", "text/html; charset=utf-8"},
                         {"Content-Length", "10"},
                         {"Server", "Werkzeug/2.2.2"},
                         {"Set-Cookie", "session_id=a; HttpOnly"},
                         {"Set-Cookie", "tz=UTC"},
                         {"Connection", "close"},
                         {"X-Frame-Options", "DENY"}};
  RelayedHeaders relayed = ResponseHeadersToRelay(upstream);
  EXPECT_TRUE(relayed.has_content_type);
  EXPECT_EQ(relayed.content_type, "text/html; charset=utf-8");
  HeaderList expected = {{"Set-Cookie", "session_id=a; HttpOnly"},
                         {"Set-Cookie", "tz=UTC"},
                         {"X-Frame-Options", "DENY"}};
  EXPECT_EQ(relayed.headers, expected);
}

}  // namespace
}  // namespace keygate::gateway
