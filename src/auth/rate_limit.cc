// Shared token buckets in keygate_rate_bucket.
#include "auth/rate_limit.h"

#include <algorithm>
#include <cmath>

#include "store/rate_buckets.h"

namespace keygate::auth {

StatusOr<RateDecision> TakeRateToken(store::SqlConnection& c, int64_t key_id, const RateSpec& rate,
                                     int64_t now_micros) {
  // One token per `interval`; up to `burst` worth of them may be taken at once.
  const double per_second = std::max(rate.per_second(), 1e-9);
  const int64_t interval = std::max<int64_t>(1, std::llround(1e6 / per_second));
  const int64_t burst = interval * std::max<int64_t>(1, std::llround(std::floor(rate.count)));
  // A call is allowed when max(tat, now) + interval - now <= burst, i.e. (as burst >= interval)
  // when tat <= limit; it then moves tat to max(tat, now) + interval.
  const int64_t limit = now_micros + burst - interval;
  KG_ASSIGN_OR_RETURN(store::RateStep step,
                      store::StepRateBucket(c, key_id, now_micros, interval, limit));
  RateDecision d;
  d.allowed = step.allowed;
  if (!d.allowed) {
    const double wait = static_cast<double>(step.tat_us + interval - now_micros - burst) / 1e6;
    d.retry_after_seconds = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait)));
  }
  return d;
}

StatusOr<int64_t> PurgeFullRateBuckets(store::SqlConnection& c, int64_t now_micros) {
  return store::PurgeRateBuckets(c, now_micros);
}

}  // namespace keygate::auth
