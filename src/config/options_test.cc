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

}  // namespace
}  // namespace keygate::config
