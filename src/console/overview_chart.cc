// Stacked bar chart as SVG.
#include "console/overview_chart.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "console/html.h"

namespace keygate::console {

namespace {

constexpr int kWidth = 480;
constexpr int kHeight = 220;
constexpr int kLeft = 36;    // room for the scale
constexpr int kBottom = 24;  // room for the axis labels
constexpr int kTop = 8;

constexpr std::array<const char*, 8> kFailureColors = {"#b42318", "#e07b00", "#8e44ad", "#c2185b",
                                                       "#7a4b00", "#d35400", "#5d4037", "#ad1457"};

// A round number at or above `n` for the top of the scale: 1, 2, 5, 10, 20, 50, ...
int64_t NiceCeiling(int64_t n) {
  int64_t step = 1;
  while (true) {
    for (int64_t m : {1, 2, 5}) {
      if (step * m >= n) return step * m;
    }
    step *= 10;
  }
}

}  // namespace

std::vector<ChartSeries> SeriesFor(const std::vector<std::string>& failure_reasons) {
  std::vector<ChartSeries> out;
  out.push_back({"success", "#1c7c3c"});
  for (size_t i = 0; i < failure_reasons.size(); ++i) {
    out.push_back({failure_reasons[i], kFailureColors[i % kFailureColors.size()]});
  }
  return out;
}

std::string BarChartSvg(const ChartData& data) {
  const size_t n = data.labels.size();
  int64_t highest = 0;
  for (const auto& bucket : data.counts) {
    int64_t total = 0;
    for (const auto& [name, count] : bucket) total += count;
    highest = std::max(highest, total);
  }
  const int64_t top = NiceCeiling(std::max<int64_t>(highest, 1));
  const double plot_w = kWidth - kLeft - 4;
  const double plot_h = kHeight - kTop - kBottom;
  const double slot = n == 0 ? plot_w : plot_w / static_cast<double>(n);
  const double bar = std::max(1.0, slot * 0.75);
  auto num = [](double v) {
    std::string s = std::to_string(std::llround(v * 10));
    if (s.size() < 2) s.insert(0, 2 - s.size(), '0');
    return s.substr(0, s.size() - 1) + "." + s.back();
  };

  std::string s = "<svg id=\"" + EscapeHtml(data.id) +
                  "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                  std::to_string(kWidth) + " " + std::to_string(kHeight) +
                  "\" role=\"img\" aria-label=\"" + EscapeHtml(data.title) + "\">\n";
  s += "<title>" + EscapeHtml(data.title) + "</title>\n";
  // Scale: the baseline, the middle and the top.
  for (int64_t v : {int64_t{0}, top / 2, top}) {
    if (v == top / 2 && top < 2) continue;
    const double y = kTop + plot_h - plot_h * static_cast<double>(v) / static_cast<double>(top);
    s += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(kWidth - 4) +
         "\" y1=\"" + num(y) + "\" y2=\"" + num(y) + "\" stroke=\"#d9dde3\"/>";
    s += "<text x=\"" + std::to_string(kLeft - 4) + "\" y=\"" + num(y + 5) +
         "\" text-anchor=\"end\" font-size=\"14\" fill=\"#5b6474\">" + std::to_string(v) +
         "</text>\n";
  }
  for (size_t i = 0; i < n; ++i) {
    const double x = kLeft + slot * static_cast<double>(i) + (slot - bar) / 2;
    double y = kTop + plot_h;
    const auto& bucket = i < data.counts.size() ? data.counts[i] : std::map<std::string, int64_t>{};
    for (const auto& series : data.series) {
      auto it = bucket.find(series.name);
      if (it == bucket.end() || it->second <= 0) continue;
      const double h = plot_h * static_cast<double>(it->second) / static_cast<double>(top);
      y -= h;
      s += "<rect class=\"bar\" data-bucket=\"" + EscapeHtml(data.labels[i]) + "\" data-series=\"" +
           EscapeHtml(series.name) + "\" data-count=\"" + std::to_string(it->second) + "\" x=\"" +
           num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(bar) + "\" height=\"" + num(h) +
           "\" fill=\"" + series.color + "\"><title>" + EscapeHtml(data.labels[i]) + ": " +
           std::to_string(it->second) + " " + EscapeHtml(series.name) + "</title></rect>\n";
    }
    if (i < data.axis_labels.size() && !data.axis_labels[i].empty()) {
      s += "<text x=\"" + num(x + bar / 2) + "\" y=\"" + std::to_string(kHeight - 6) +
           "\" text-anchor=\"middle\" font-size=\"14\" fill=\"#5b6474\">" +
           EscapeHtml(data.axis_labels[i]) + "</text>\n";
    }
  }
  s += "</svg>\n";
  return s;
}

}  // namespace keygate::console
