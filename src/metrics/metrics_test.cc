// Tests of the metrics registry and the Prometheus text rendering (exact output).
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "metrics/registry.h"
#include "metrics/text_format.h"

namespace keygate::metrics {
namespace {

TEST(FormatValueTest, IntegersFractionsAndSpecials) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(42), "42");
  EXPECT_EQ(FormatValue(-3), "-3");
  EXPECT_EQ(FormatValue(0.0001), "0.0001");
  EXPECT_EQ(FormatValue(0.00025), "0.00025");
  EXPECT_EQ(FormatValue(2.5), "2.5");
  EXPECT_EQ(FormatValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(FormatValue(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(FormatValue(0.0 / 0.0), "NaN");
}

TEST(EscapeLabelValueTest, BackslashQuoteNewline) {
  EXPECT_EQ(EscapeLabelValue("plain"), "plain");
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
}

TEST(RenderTextTest, CountersGaugesAndLabels) {
  Registry r;
  Counter& ok = r.AddCounter("kg_requests_total", "Requests.", {{"channel", "xmlrpc"}});
  Counter& bad = r.AddCounter("kg_requests_total", "ignored", {{"channel", "we\"ird\\\n"}});
  r.AddCallback("kg_up", "Help with \\ and\nnewline.", MetricType::kGauge, [] { return 1.5; });
  Counter& plain = r.AddCounter("kg_plain_total", "No labels.");
  ok.Inc();
  ok.Inc(2);
  bad.Inc();
  plain.Inc(7);
  EXPECT_EQ(RenderText(r.Collect()),
            "# HELP kg_requests_total Requests.\n"
            "# TYPE kg_requests_total counter\n"
            "kg_requests_total{channel=\"xmlrpc\"} 3\n"
            "kg_requests_total{channel=\"we\\\"ird\\\\\\n\"} 1\n"
            "# HELP kg_up Help with \\\\ and\\nnewline.\n"
            "# TYPE kg_up gauge\n"
            "kg_up 1.5\n"
            "# HELP kg_plain_total No labels.\n"
            "# TYPE kg_plain_total counter\n"
            "kg_plain_total 7\n");
}

TEST(RenderTextTest, HistogramBucketsSumCount) {
  Registry r;
  Histogram& h =
      r.AddHistogram("kg_seconds", "Latency.", {0.001, 0.01, 1}, {{"channel", "jsonrpc"}});
  h.Observe(0.0005);
  h.Observe(0.001);  // on the bound: counted in le="0.001"
  h.Observe(0.5);
  h.Observe(3);
  EXPECT_EQ(RenderText(r.Collect()),
            "# HELP kg_seconds Latency.\n"
            "# TYPE kg_seconds histogram\n"
            "kg_seconds_bucket{channel=\"jsonrpc\",le=\"0.001\"} 2\n"
            "kg_seconds_bucket{channel=\"jsonrpc\",le=\"0.01\"} 2\n"
            "kg_seconds_bucket{channel=\"jsonrpc\",le=\"1\"} 3\n"
            "kg_seconds_bucket{channel=\"jsonrpc\",le=\"+Inf\"} 4\n"
            "kg_seconds_sum{channel=\"jsonrpc\"} 3.5015\n"
            "kg_seconds_count{channel=\"jsonrpc\"} 4\n");
}

TEST(RenderTextTest, EmptyHistogramWithoutLabels) {
  Registry r;
  r.AddHistogram("kg_h", "H.", {0.5});
  EXPECT_EQ(RenderText(r.Collect()),
            "# HELP kg_h H.\n"
            "# TYPE kg_h histogram\n"
            "kg_h_bucket{le=\"0.5\"} 0\n"
            "kg_h_bucket{le=\"+Inf\"} 0\n"
            "kg_h_sum 0\n"
            "kg_h_count 0\n");
}

TEST(RegistryTest, LatencyBucketsSpan100usTo5s) {
  const auto& b = LatencyBuckets();
  ASSERT_FALSE(b.empty());
  EXPECT_DOUBLE_EQ(b.front(), 0.0001);
  EXPECT_DOUBLE_EQ(b.back(), 5);
  EXPECT_TRUE(std::is_sorted(b.begin(), b.end()));
}

TEST(RegistryTest, ConcurrentIncrementsAreAllCounted) {
  Registry r;
  Counter& c = r.AddCounter("kg_c_total", "C.");
  Histogram& h = r.AddHistogram("kg_h", "H.", LatencyBuckets());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.Inc();
        h.Observe(0.002);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40000u);
  Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.count, 40000u);
  EXPECT_NEAR(s.sum, 80.0, 1e-6);
}

TEST(RegistryDeathTest, SameSeriesTwiceAborts) {
  Registry r;
  r.AddCounter("kg_x_total", "X.", {{"a", "1"}});
  EXPECT_DEATH(r.AddCounter("kg_x_total", "X.", {{"a", "1"}}), "registered twice");
  EXPECT_DEATH(r.AddHistogram("kg_x_total", "X.", {1}), "two types");
}

}  // namespace
}  // namespace keygate::metrics
