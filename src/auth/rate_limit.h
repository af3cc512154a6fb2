// Per-key rate limits enforced together by every keygate process that serves a database: the
// token bucket of each rate-limited key is a row of keygate_rate_bucket
// (migrations/*/0009_multi_instance.sql), taken from by one atomic upsert per call, so N
// instances behind a load balancer (or several processes on one SQLite file) allow COUNT calls
// per period in all, not N times that. Keys without a rate limit never reach this file.
// The bucket is kept as the generic cell rate algorithm's theoretical arrival time, exactly a
// token bucket of capacity max(COUNT, 1) refilled at COUNT per period.
// Thread-safety: stateless functions; the connection is the caller's (outside any transaction,
// so that a call that fails later still spends its token).
#pragma once

#include <cstdint>

#include "auth/key_restrictions.h"
#include "common/status.h"
#include "store/sql.h"

namespace keygate::auth {

struct RateDecision {
  bool allowed = true;
  int64_t retry_after_seconds = 0;  // when denied: until a token is available (whole s, >= 1)
};

// Takes one token from the bucket of `key_id` at `now_micros` (microseconds since the epoch),
// or says how long until one is available.
StatusOr<RateDecision> TakeRateToken(store::SqlConnection& c, int64_t key_id, const RateSpec& rate,
                                     int64_t now_micros);

// Deletes the buckets that are full again at `now_micros` (and those of deleted keys once they
// are): such a row holds no state. Returns how many were deleted.
StatusOr<int64_t> PurgeFullRateBuckets(store::SqlConnection& c, int64_t now_micros);

}  // namespace keygate::auth
