// Shared token buckets in keygate_rate_bucket.
#include "auth/rate_limit.h"

#include <algorithm>
#include <cmath>

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
  KG_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      c.Query("INSERT INTO keygate_rate_bucket (key_id, tat_us, allowed) "
              "VALUES (?, CAST(? AS BIGINT), TRUE) "
              "ON CONFLICT (key_id) DO UPDATE SET "
              "tat_us = CASE WHEN keygate_rate_bucket.tat_us <= CAST(? AS BIGINT) "
              "THEN (CASE WHEN keygate_rate_bucket.tat_us > CAST(? AS BIGINT) "
              "THEN keygate_rate_bucket.tat_us ELSE CAST(? AS BIGINT) END) + CAST(? AS BIGINT) "
              "ELSE keygate_rate_bucket.tat_us END, "
              "allowed = (keygate_rate_bucket.tat_us <= CAST(? AS BIGINT)) "
              "RETURNING tat_us, allowed",
              {key_id, now_micros + interval, limit, now_micros, now_micros, interval, limit}));
  if (rs.empty()) return InternalError("a storage error occurred");
  RateDecision d;
  d.allowed = store::AsBool(rs.rows()[0][1]);
  if (!d.allowed) {
    const int64_t tat = store::AsInt(rs.rows()[0][0]);
    const double wait = static_cast<double>(tat + interval - now_micros - burst) / 1e6;
    d.retry_after_seconds = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait)));
  }
  return d;
}

StatusOr<int64_t> PurgeFullRateBuckets(store::SqlConnection& c, int64_t now_micros) {
  return c.Exec("DELETE FROM keygate_rate_bucket WHERE tat_us < CAST(? AS BIGINT)", {now_micros});
}

}  // namespace keygate::auth
