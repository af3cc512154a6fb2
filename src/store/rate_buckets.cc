// keygate_rate_bucket (see rate_buckets.h).
#include "store/rate_buckets.h"

namespace keygate::store {

StatusOr<RateStep> StepRateBucket(SqlConnection& c, int64_t key_id, int64_t now_us,
                                  int64_t interval_us, int64_t limit_us) {
  KG_ASSIGN_OR_RETURN(
      ResultSet rs,
      c.Query("INSERT INTO keygate_rate_bucket (key_id, tat_us, allowed) "
              "VALUES (?, CAST(? AS BIGINT), TRUE) "
              "ON CONFLICT (key_id) DO UPDATE SET "
              "tat_us = CASE WHEN keygate_rate_bucket.tat_us <= CAST(? AS BIGINT) "
              "THEN (CASE WHEN keygate_rate_bucket.tat_us > CAST(? AS BIGINT) "
              "THEN keygate_rate_bucket.tat_us ELSE CAST(? AS BIGINT) END) + CAST(? AS BIGINT) "
              "ELSE keygate_rate_bucket.tat_us END, "
              "allowed = (keygate_rate_bucket.tat_us <= CAST(? AS BIGINT)) "
              "RETURNING tat_us, allowed",
              {key_id, now_us + interval_us, limit_us, now_us, now_us, interval_us, limit_us}));
  if (rs.empty()) return InternalError("a storage error occurred");
  return RateStep{AsBool(rs.rows()[0][1]), AsInt(rs.rows()[0][0])};
}

StatusOr<int64_t> PurgeRateBuckets(SqlConnection& c, int64_t now_us) {
  return c.Exec("DELETE FROM keygate_rate_bucket WHERE tat_us < CAST(? AS BIGINT)", {now_us});
}

}  // namespace keygate::store
