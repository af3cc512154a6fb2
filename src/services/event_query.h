// The filters of the auth event log as an administrator types them (`keygate events` options,
// the console's Events page): --since as a duration or a UTC date/time, an outcome word, a limit.
// One parser, so that both front ends accept and refuse the same input with the same messages.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "auth/auth_events.h"
#include "common/status.h"

namespace keygate::services {

// "90s", "30m", "1h", "2d" before `now`, or a UTC date/time "2026-01-31[ 12:00:00]" (also with
// 'T' and a trailing 'Z'), as "YYYY-MM-DD HH:MM:SS"; kInvalidRequest naming --since otherwise.
StatusOr<std::string> SinceToUtc(const std::string& text, int64_t now);

struct EventQueryInput {
  std::string since;    // "" = no bound
  std::string login;    // "" = any
  std::string ip;       // "" = any
  std::string outcome;  // "", "success", "failed" (or "failure")
  int64_t limit = 100;
};

StatusOr<auth::EventFilter> MakeEventFilter(const EventQueryInput& input, int64_t now);

}  // namespace keygate::services
