// The Overview page's chart: a stacked bar chart drawn as SVG by the server (no script, no
// third-party service, no inline style: the console's Content-Security-Policy allows none).
// One bar per time bucket, stacked by series (successes first, then each failure reason), with a
// <title> per segment saying what it counts; the SVG scales with its box (viewBox), its text
// sized to stay readable on a 375 px screen.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace keygate::console {

struct ChartSeries {
  std::string name;   // "success", or a failure reason such as "wrong_password"
  std::string color;  // "#1c7c3c"
};

struct ChartData {
  std::string id;                        // the SVG's id
  std::string title;                     // its accessible name
  std::vector<std::string> labels;       // one per bucket, oldest first ("09", "2026-01-31")
  std::vector<std::string> axis_labels;  // shown under the bar, "" for none (same size)
  std::vector<ChartSeries> series;
  // counts[bucket index][series name]
  std::vector<std::map<std::string, int64_t>> counts;
};

// The series of a chart: "success" first, then the failure reasons in the order given, colours
// from a fixed palette (failures in warm colours).
std::vector<ChartSeries> SeriesFor(const std::vector<std::string>& failure_reasons);

// The SVG element. Every text in it is escaped.
std::string BarChartSvg(const ChartData& data);

}  // namespace keygate::console
