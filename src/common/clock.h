// Time, injectable: production code reads a Clock, tests pass a FakeClock. Timestamps in storage
// are UTC text "YYYY-MM-DD HH:MM:SS", as Odoo's "timestamp without time zone".
// Thread-safety: SystemClock is stateless; FakeClock is safe for concurrent use.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keygate {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnix() const = 0;    // seconds
  virtual int64_t NowMicros() const = 0;  // monotonic enough for durations
  // Wall-clock microseconds since the epoch: for times other processes compare (event times,
  // shared rate-limit buckets), where a monotonic clock would not agree between processes.
  virtual int64_t NowUnixMicros() const = 0;
};

class SystemClock : public Clock {
 public:
  int64_t NowUnix() const override;
  int64_t NowMicros() const override;
  int64_t NowUnixMicros() const override;
};

class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t unix_seconds) : now_(unix_seconds) {}
  int64_t NowUnix() const override { return now_.load(); }
  int64_t NowMicros() const override { return now_.load() * 1000000; }
  int64_t NowUnixMicros() const override { return now_.load() * 1000000; }
  void Advance(int64_t seconds) { now_ += seconds; }

 private:
  std::atomic<int64_t> now_;
};

Clock& DefaultClock();

// "YYYY-MM-DD HH:MM:SS" in UTC.
std::string FormatUtc(int64_t unix_seconds);
// Parses "YYYY-MM-DD HH:MM:SS" (fractional seconds ignored) or "YYYY-MM-DD" as UTC.
std::optional<int64_t> ParseUtc(std::string_view text);

}  // namespace keygate
