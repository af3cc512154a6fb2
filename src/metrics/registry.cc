// The metrics registry: atomic series, families, collection.
#include "metrics/registry.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "metrics/text_format.h"

namespace keygate::metrics {

namespace {

[[noreturn]] void Misuse(const std::string& what) {
  std::fprintf(stderr, "metrics: %s\n", what.c_str());
  std::abort();
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end())) Misuse("histogram bounds not ascending");
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  // Prometheus buckets are "less than or equal": the first bound >= value.
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  double old = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(old, old + value, std::memory_order_relaxed)) {
  }
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.cumulative.reserve(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double> kBounds = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  return kBounds;
}

Registry::Series& Registry::AddSeries(const std::string& name, const std::string& help,
                                      MetricType type, Labels labels) {
  Family* family = nullptr;
  for (auto& f : families_) {
    if (f->name == name) family = f.get();
  }
  if (family == nullptr) {
    families_.push_back(std::make_unique<Family>(Family{name, help, type, {}}));
    family = families_.back().get();
  } else if (family->type != type) {
    Misuse("metric " + name + " registered with two types");
  }
  for (const auto& s : family->series) {
    if (s.labels == labels) Misuse("metric " + name + " registered twice with the same labels");
  }
  family->series.push_back(Series{std::move(labels), nullptr, nullptr, nullptr});
  return family->series.back();
}

Counter& Registry::AddCounter(const std::string& name, const std::string& help, Labels labels) {
  std::lock_guard lock(mu_);
  Series& s = AddSeries(name, help, MetricType::kCounter, std::move(labels));
  s.counter = std::make_unique<Counter>();
  return *s.counter;
}

Histogram& Registry::AddHistogram(const std::string& name, const std::string& help,
                                  std::vector<double> bounds, Labels labels) {
  std::lock_guard lock(mu_);
  Series& s = AddSeries(name, help, MetricType::kHistogram, std::move(labels));
  s.histogram = std::make_unique<Histogram>(std::move(bounds));
  return *s.histogram;
}

void Registry::AddCallback(const std::string& name, const std::string& help, MetricType type,
                           std::function<double()> read, Labels labels) {
  if (type == MetricType::kHistogram) Misuse("callback histograms are not supported");
  std::lock_guard lock(mu_);
  Series& s = AddSeries(name, help, type, std::move(labels));
  s.read = std::move(read);
}

std::vector<FamilySnapshot> Registry::Collect() const {
  std::lock_guard lock(mu_);
  std::vector<FamilySnapshot> out;
  out.reserve(families_.size());
  for (const auto& f : families_) {
    FamilySnapshot fs{f->name, f->help, f->type, {}};
    for (const auto& s : f->series) {
      if (s.counter) {
        fs.samples.push_back({"", s.labels, static_cast<double>(s.counter->value())});
      } else if (s.read) {
        fs.samples.push_back({"", s.labels, s.read()});
      } else if (s.histogram) {
        Histogram::Snapshot snap = s.histogram->Read();
        const auto& bounds = s.histogram->bounds();
        for (size_t i = 0; i <= bounds.size(); ++i) {
          Labels l = s.labels;
          l.emplace_back("le", i < bounds.size() ? FormatValue(bounds[i]) : "+Inf");
          fs.samples.push_back({"_bucket", std::move(l), static_cast<double>(snap.cumulative[i])});
        }
        fs.samples.push_back({"_sum", s.labels, snap.sum});
        fs.samples.push_back({"_count", s.labels, static_cast<double>(snap.count)});
      }
    }
    out.push_back(std::move(fs));
  }
  return out;
}

}  // namespace keygate::metrics
