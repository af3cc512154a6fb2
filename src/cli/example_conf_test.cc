// The example configuration installed as /etc/keygate/keygate.conf (packaging/keygate.conf)
// cannot drift from the real options: it lists every option once, commented out, with exactly
// its default value, and the file as shipped loads.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "config/options.h"

namespace keygate::config {
namespace {

constexpr const char* kExample = KEYGATE_SOURCE_DIR "/packaging/keygate.conf";

std::string ReadExample() {
  std::ifstream f(kExample);
  std::stringstream text;
  text << f.rdbuf();
  return text.str();
}

TEST(ExampleConfTest, ListsEveryOptionOnceWithItsDefault) {
  const std::string text = ReadExample();
  ASSERT_FALSE(text.empty()) << kExample;
  std::set<std::string> listed;
  const std::regex line(R"(^; ([a-z_]+) = ?(.*)$)");
  std::istringstream lines(text);
  for (std::string l; std::getline(lines, l);) {
    std::smatch m;
    if (!std::regex_match(l, m, line)) continue;
    const std::string name = m[1];
    EXPECT_TRUE(listed.insert(name).second) << name << " is listed twice";
    Options with_line;
    Status set = SetOption(with_line, name, m[2]);
    ASSERT_TRUE(set.ok()) << name << ": " << set.message();
    EXPECT_TRUE(with_line == Options{}) << "'" << l << "' is not the default of " << name;
  }
  std::set<std::string> all;
  for (const auto& spec : OptionSpecs()) all.insert(spec.name);
  EXPECT_EQ(listed, all);
}

TEST(ExampleConfTest, LoadsAsShippedAndSetsTheServiceDataDirectory) {
  auto options = LoadOptions(std::string(kExample), {});
  ASSERT_TRUE(options.ok()) << options.status().message();
  Options expected;
  expected.data_dir = "/var/lib/keygate";
  EXPECT_TRUE(*options == expected);
}

}  // namespace
}  // namespace keygate::config
