// A small Prometheus-style metrics registry: counters, histograms and read-at-scrape callbacks,
// grouped into families (one name, one HELP, one TYPE, several label sets).
// The hot path is lock-free: Counter::Inc and Histogram::Observe are relaxed atomic operations on
// series resolved once at start-up (callers keep the returned references, which stay valid as
// long as the registry). Registering and collecting take the registry's mutex.
// Thread-safety: thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace keygate::metrics {

// Label names and values of one series, in the order they are rendered.
using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { kCounter, kGauge, kHistogram };

class Counter {
 public:
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Histogram {
 public:
  // `bounds`: the buckets' upper bounds, ascending; the +Inf bucket is implicit.
  explicit Histogram(std::vector<double> bounds);

  void Observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf (== count)
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot Read() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // per bucket (not cumulative), +Inf last
  std::atomic<double> sum_{0};
};

// Upper bounds from 100 microseconds to 5 seconds, for request latencies and hash verifications.
const std::vector<double>& LatencyBuckets();

// One rendered line's worth of data: name suffix ("", "_bucket", "_sum", "_count"), labels, value.
struct Sample {
  std::string suffix;
  Labels labels;
  double value = 0;
};
struct FamilySnapshot {
  std::string name;
  std::string help;
  MetricType type = MetricType::kCounter;
  std::vector<Sample> samples;
};

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Each call adds one series to the family `name` (created on first use with `help`). Adding the
  // same name with another type, or the same name and labels twice, is a programming error and
  // aborts. The returned reference lives as long as the registry.
  Counter& AddCounter(const std::string& name, const std::string& help, Labels labels = {});
  Histogram& AddHistogram(const std::string& name, const std::string& help,
                          std::vector<double> bounds, Labels labels = {});
  // A series whose value is read when collecting (process gauges, counts kept elsewhere). `read`
  // runs under the registry's mutex on the scraping thread; it must not call back into it.
  void AddCallback(const std::string& name, const std::string& help, MetricType type,
                   std::function<double()> read, Labels labels = {});

  // Every family in registration order, series in registration order.
  std::vector<FamilySnapshot> Collect() const;

 private:
  struct Series {
    Labels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> read;
  };
  struct Family {
    std::string name;
    std::string help;
    MetricType type;
    std::vector<Series> series;
  };
  Series& AddSeries(const std::string& name, const std::string& help, MetricType type,
                    Labels labels);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Family>> families_;
};

}  // namespace keygate::metrics
