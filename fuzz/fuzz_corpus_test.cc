// Runs both fuzz entry points over every seed file and over deterministic mutations of the
// seeds, so the fuzz targets' invariants are checked by every ordinary test run (no libFuzzer
// needed).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz_targets.h"

namespace keygate::fuzz {
namespace {

using EntryPoint = bool (*)(const uint8_t*, size_t);

constexpr int kMutationsPerTarget = 4000;

std::vector<std::string> LoadCorpus(const std::string& name) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(KEYGATE_FUZZ_CORPUS_DIR) + "/" + name)) {
    if (entry.is_regular_file()) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());  // deterministic mutation order
  std::vector<std::string> seeds;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return seeds;
}

bool RunEntry(EntryPoint entry, const std::string& input) {
  return entry(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

// One libFuzzer-style mutation: flip, insert, erase, duplicate, splice in a token, truncate.
std::string Mutate(const std::string& seed, const std::vector<std::string>& tokens,
                   std::mt19937& rng) {
  std::string s = seed;
  const int steps = 1 + static_cast<int>(rng() % 4);
  for (int step = 0; step < steps; ++step) {
    const size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 6) {
      case 0:
        if (!s.empty() && pos < s.size()) s[pos] = static_cast<char>(s[pos] ^ (1u << (rng() % 8)));
        break;
      case 1:
        s.insert(pos, 1, static_cast<char>(rng() % 256));
        break;
      case 2:
        if (pos < s.size()) s.erase(pos, 1 + rng() % 16);
        break;
      case 3:
        if (pos < s.size()) {
          const std::string chunk = s.substr(pos, 1 + rng() % 64);
          s.insert(rng() % (s.size() + 1), chunk);
        }
        break;
      case 4:
        s.insert(pos, tokens[rng() % tokens.size()]);
        break;
      case 5:
        s.resize(pos);
        break;
    }
  }
  return s;
}

void Exercise(EntryPoint entry, const std::string& corpus, const std::vector<std::string>& tokens) {
  const std::vector<std::string> seeds = LoadCorpus(corpus);
  ASSERT_GE(seeds.size(), 5u) << "seed corpus " << corpus << " is missing";
  for (size_t i = 0; i < seeds.size(); ++i) {
    EXPECT_TRUE(RunEntry(entry, seeds[i])) << corpus << " seed #" << i;
  }
  std::mt19937 rng(20240131);
  int failures = 0;
  for (int i = 0; i < kMutationsPerTarget && failures < 5; ++i) {
    const std::string input = Mutate(seeds[i % seeds.size()], tokens, rng);
    if (!RunEntry(entry, input)) {
      ++failures;
      ADD_FAILURE() << corpus << " mutation #" << i << " broke an invariant, input size "
                    << input.size();
    }
  }
}

TEST(FuzzCorpusTest, XmlRpc) {
  Exercise(&FuzzXmlRpc, "xmlrpc",
           {"<value>",
            "</value>",
            "<array><data>",
            "</data></array>",
            "<struct><member>",
            "<name>",
            "</name>",
            "</member></struct>",
            "<int>",
            "<i8>",
            "<double>",
            "<base64>",
            "<nil/>",
            "<ex:nil/>",
            "&amp;",
            "&#",
            "&#x",
            ";",
            "<![CDATA[",
            "]]>",
            "<!--",
            "-->",
            "<!DOCTYPE x>",
            "\xC0\xAF",
            "\xED\xA0\x80",
            "\xF0\x9F\x98\x80",
            "\r",
            std::string(1, '\0'),
            "9223372036854775808",
            "1e400",
            "nan",
            "<?xml version='1.0'?>"});
}

TEST(FuzzCorpusTest, Json) {
  Exercise(&FuzzJson, "json",
           {"[",
            "]",
            "{",
            "}",
            "\"",
            "\\",
            "\\u",
            "\\ud83d",
            "\\udc00",
            ",",
            ":",
            "null",
            "true",
            "NaN",
            "-Infinity",
            "1e400",
            "18446744073709551616",
            "-0",
            "0.1",
            "\xC0\xAF",
            "\xF0\x9F\x98\x80",
            std::string(1, '\0')});
}

TEST(FuzzCorpusTest, CrossFeeding) {
  // Each parser must also cope with the other format's inputs.
  for (const std::string& seed : LoadCorpus("json")) EXPECT_TRUE(RunEntry(&FuzzXmlRpc, seed));
  for (const std::string& seed : LoadCorpus("xmlrpc")) EXPECT_TRUE(RunEntry(&FuzzJson, seed));
}

}  // namespace
}  // namespace keygate::fuzz
