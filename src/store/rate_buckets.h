// keygate_rate_bucket: the per-key rate limits' state, shared by every instance serving a
// database, as one theoretical arrival time per key (GCRA). The arithmetic is
// auth/rate_limit.h's; this file keeps the rows and applies one step atomically.
// Thread-safety: stateless; the connection is the caller's.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "store/sql.h"

namespace keygate::store {

struct RateStep {
  bool allowed = false;
  int64_t tat_us = 0;  // the key's theoretical arrival time after the step
};

// One atomic step for `key_id`: when the stored time is at most `limit_us` (or there is none),
// it moves to max(stored, now_us) + interval_us and the call is allowed; otherwise nothing
// changes.
StatusOr<RateStep> StepRateBucket(SqlConnection& c, int64_t key_id, int64_t now_us,
                                  int64_t interval_us, int64_t limit_us);

// Drops the buckets whose time is before `now_us` (full again: they carry no state); returns
// how many.
StatusOr<int64_t> PurgeRateBuckets(SqlConnection& c, int64_t now_us);

}  // namespace keygate::store
