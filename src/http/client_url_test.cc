// Tests for the parser of the URLs keygate calls.
#include "http/client_url.h"

#include <gtest/gtest.h>

namespace keygate::http {
namespace {

std::string ErrorOf(std::string_view text) {
  StatusOr<ClientUrl> u = ParseClientUrl(text, "--url");
  return u.ok() ? "" : std::string(u.status().message());
}

TEST(ClientUrlTest, SchemesPortsAndPaths) {
  StatusOr<ClientUrl> u = ParseClientUrl("HTTPS://erp.example.com/odoo/?db=x#top", "--url");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_TRUE(u->tls());
  EXPECT_EQ(u->host, "erp.example.com");
  EXPECT_EQ(u->port, "443");
  EXPECT_TRUE(u->default_port);
  EXPECT_EQ(u->path, "/odoo/");
  EXPECT_EQ(u->base_path, "/odoo");
  EXPECT_EQ(u->query, "db=x");
  EXPECT_EQ(u->Target(), "/odoo/?db=x");
  EXPECT_EQ(u->HostHeader(), "erp.example.com");
  EXPECT_EQ(u->ToString(), "https://erp.example.com/odoo");

  u = ParseClientUrl("http://127.0.0.1:8070", "--url");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, "8070");
  EXPECT_FALSE(u->default_port);
  EXPECT_EQ(u->Target(), "/");
  EXPECT_EQ(u->HostHeader(), "127.0.0.1:8070");

  u = ParseClientUrl("http://[::1]:80/x", "--url");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_TRUE(u->default_port);  // 80 is http's
  EXPECT_EQ(u->HostHeader(), "[::1]");
  EXPECT_EQ(u->ToString(), "http://[::1]/x");
}

TEST(ClientUrlTest, MistakesAreNamedWithTheOption) {
  EXPECT_EQ(ErrorOf("erp.example.com"),
            "--url: expected http://host[:port] or https://host[:port], got 'erp.example.com'");
  EXPECT_EQ(ErrorOf("ftp://x"), "--url: the scheme must be http or https, got 'ftp'");
  EXPECT_EQ(ErrorOf("http://user:pw@x"), "--url: credentials in the URL are not used");
  EXPECT_EQ(ErrorOf("http://[::1"), "--url: unterminated IPv6 address");
  EXPECT_EQ(ErrorOf("http://[::1]x"), "--url: unexpected text after the IPv6 address");
  EXPECT_EQ(ErrorOf("http://:80"), "--url: no host name");
  EXPECT_EQ(ErrorOf("http://x:0"), "--url: bad port '0'");
  EXPECT_EQ(ErrorOf("http://x:65536"), "--url: bad port '65536'");
  EXPECT_EQ(ErrorOf("http://x:8a"), "--url: bad port '8a'");
  EXPECT_EQ(ErrorOf("http://x:"), "--url: bad port ''");
}

}  // namespace
}  // namespace keygate::http
