// Tests for option parsing and precedence.
#include "config/options.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace keygate::config {
namespace {

TEST(OptionsTest, IniReadsOptionsSectionOnly) {
  auto ini =
      ParseIni("; comment\n[other]\nhttp_port = 1\n[options]\nhttp_port = 9000\nlist_db = False\n");
  ASSERT_TRUE(ini.ok());
  EXPECT_EQ(ini->at("http_port"), "9000");
  EXPECT_EQ(ini->at("list_db"), "False");
}

TEST(OptionsTest, PrecedenceIsCommandLineThenEnvThenFile) {
  std::string path = testing::TempDir() + "/kg_opts.conf";
  {
    std::ofstream f(path);
    f << "[options]\nhttp_port = 9001\ndata_dir = /from/file\nlist_db = False\n";
  }
  setenv("KEYGATE_DATA_DIR", "/from/env", 1);
  auto o = LoadOptions(path, {{"http_port", "9002"}});
  unsetenv("KEYGATE_DATA_DIR");
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(o->http_port, 9002);
  EXPECT_EQ(o->data_dir, "/from/env");
  EXPECT_FALSE(o->list_db);
  std::remove(path.c_str());
}

TEST(OptionsTest, BadValuesAreClearErrors) {
  Options o;
  Status s = SetOption(o, "http_port", "70000");
  EXPECT_EQ(s.code(), StatusCode::kInvalidRequest);
  EXPECT_NE(s.message().find("http_port"), std::string::npos);
  EXPECT_EQ(SetOption(o, "server_version", "16.0").code(), StatusCode::kInvalidRequest);
  EXPECT_EQ(SetOption(o, "no_such_option", "1").code(), StatusCode::kInvalidRequest);
  EXPECT_EQ(SetOption(o, "proxy_mode", "maybe").code(), StatusCode::kInvalidRequest);
}

TEST(OptionsTest, UnknownFileKeyIsAnError) {
  std::string path = testing::TempDir() + "/kg_opts_bad.conf";
  {
    std::ofstream f(path);
    f << "[options]\nhttp_prot = 9001\n";
  }
  auto o = LoadOptions(path, {});
  EXPECT_FALSE(o.ok());
  std::remove(path.c_str());
}

TEST(OptionsTest, DetectionAndWebhook) {
  Options o;
  EXPECT_TRUE(o.detect_enabled);
  EXPECT_EQ(o.detect_window_seconds, 300);
  EXPECT_TRUE(SetOption(o, "detect_interval_seconds", "0.2").ok());
  EXPECT_DOUBLE_EQ(o.detect_interval_seconds, 0.2);
  EXPECT_FALSE(SetOption(o, "detect_interval_seconds", "0").ok());
  EXPECT_FALSE(SetOption(o, "detect_interval_seconds", "soon").ok());
  EXPECT_TRUE(SetOption(o, "detect_bruteforce_failures", "3").ok());
  EXPECT_EQ(o.detect_bruteforce_failures, 3);
  EXPECT_FALSE(SetOption(o, "detect_spray_logins", "1").ok());  // one login is no spraying
  EXPECT_TRUE(SetOption(o, "detect_enabled", "False").ok());
  EXPECT_FALSE(o.detect_enabled);
  EXPECT_TRUE(SetOption(o, "alert_webhook_url", "https://hooks.example.com/x?t=1").ok());
  EXPECT_EQ(o.alert_webhook_url, "https://hooks.example.com/x?t=1");
  auto bad = SetOption(o, "alert_webhook_url", "ftp://example.com/");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("alert_webhook_url"), std::string::npos);
  EXPECT_TRUE(SetOption(o, "alert_webhook_url", "False").ok());
  EXPECT_EQ(o.alert_webhook_url, "");
}

TEST(OptionsTest, ConsoleDoctorUrlsAreHttpUrls) {
  Options o;
  EXPECT_EQ(o.console_doctor_urls, "");
  ASSERT_TRUE(
      SetOption(o, "console_doctor_urls", "https://erp.example.com, http://10.0.0.5:8069").ok());
  EXPECT_EQ(o.console_doctor_urls, "https://erp.example.com, http://10.0.0.5:8069");
  Status bad = SetOption(o, "console_doctor_urls", "https://erp.example.com,file:///etc/passwd");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.message(),
            "option console_doctor_urls: expected http:// or https:// URLs separated by commas, "
            "got 'file:///etc/passwd'");
  EXPECT_EQ(o.console_doctor_urls, "https://erp.example.com, http://10.0.0.5:8069");
  EXPECT_TRUE(SetOption(o, "console_doctor_urls", "").ok());
  EXPECT_EQ(o.console_doctor_urls, "");
}

TEST(OptionsTest, AdminListener) {
  Options o;
  EXPECT_FALSE(o.admin_http_port.has_value());
  EXPECT_EQ(o.admin_http_interface, "127.0.0.1");
  ASSERT_TRUE(SetOption(o, "admin_http_port", "0").ok());
  ASSERT_TRUE(o.admin_http_port.has_value());
  EXPECT_EQ(*o.admin_http_port, 0);
  ASSERT_TRUE(SetOption(o, "admin_http_port", "9100").ok());
  EXPECT_EQ(*o.admin_http_port, 9100);
  EXPECT_FALSE(SetOption(o, "admin_http_port", "65536").ok());
  ASSERT_TRUE(SetOption(o, "admin_http_port", "False").ok());
  EXPECT_FALSE(o.admin_http_port.has_value());
  ASSERT_TRUE(SetOption(o, "admin_http_interface", "0.0.0.0").ok());
  EXPECT_EQ(o.admin_http_interface, "0.0.0.0");
  EXPECT_FALSE(SetOption(o, "admin_http_interface", "").ok());
}

}  // namespace
}  // namespace keygate::config
