// The authentication metrics: credential cache hits and misses, PBKDF2 verifications (count and
// time, by kind: key or password) and failed attempts by reason (the reasons of the auth event
// log). Series are resolved once at start-up, so counting is an array index and an atomic add.
// A null AuthMetrics pointer anywhere means "not instrumented" (unit tests, the CLI).
// Thread-safety: thread-safe after Register.
#pragma once

#include <array>

#include "auth/auth_outcome.h"
#include "metrics/registry.h"

namespace keygate::auth {

struct AuthMetrics {
  // Registers the series in `registry` (which must outlive the result).
  static AuthMetrics Register(metrics::Registry& registry);

  metrics::Counter* cache_hits = nullptr;
  metrics::Counter* cache_misses = nullptr;
  metrics::Histogram* key_verify_seconds = nullptr;       // one per 6000-round key hash
  metrics::Histogram* password_verify_seconds = nullptr;  // one per password check

  // One counter per AuthReason (kOk unused); reasons added to the enum after the last one known
  // here are counted as "other".
  static constexpr size_t kReasons = static_cast<size_t>(AuthReason::kUnknownDatabase) + 1;
  std::array<metrics::Counter*, kReasons> failures{};
  metrics::Counter* other_failure = nullptr;

  void CountFailure(AuthReason reason) const;
};

}  // namespace keygate::auth
