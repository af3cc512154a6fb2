// Per-key restrictions (keygate_key_restriction): the networks a key may be used from and its
// rate limit. Enforced after a successful key check (services/auth_defences.cc). Restrictions are
// cached per process and trusted while the database's auth generation is unchanged (the table's
// triggers bump it) and for at most a time-to-live, so an enforced call costs no extra query.
// The token buckets of the rate limit live in the database (auth/rate_limit.h), shared by every
// instance and process serving it.
// Thread-safety: RestrictionCache is thread-safe; the rest is pure or uses the caller's
// connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/ip_network.h"
#include "common/status.h"
#include "store/sql.h"

namespace keygate::auth {

// "10/s", "600/min", "1000/h" (also "/sec", "/second", "/m", "/minute", "/hour", "/d", "/day").
struct RateSpec {
  double count = 0;           // tokens per period = bucket capacity (the burst)
  double period_seconds = 1;  // refill period
  std::string text;           // canonical, e.g. "600/min"
  double per_second() const { return count / period_seconds; }
};
StatusOr<RateSpec> ParseRate(std::string_view text);

struct KeyRestriction {
  std::vector<IpNetwork> allowed;  // empty: any address
  std::optional<RateSpec> rate;
  bool empty() const { return allowed.empty() && !rate; }
  // "allow 10.0.0.0/8,192.0.2.7/32; rate 10/s" or "" when unrestricted.
  std::string Describe() const;
};

// Validates and stores restrictions for a new key (nothing is stored when both are empty).
Status SaveKeyRestriction(store::SqlConnection& c, int64_t key_id,
                          const std::vector<std::string>& allowed_networks,
                          const std::string& rate_limit);

// The key's restrictions; an empty KeyRestriction when it has none.
StatusOr<KeyRestriction> LoadKeyRestriction(store::SqlConnection& c, int64_t key_id);

// Every key's restrictions, keyed by key id (for `keygate key list`).
StatusOr<std::map<int64_t, KeyRestriction>> LoadAllKeyRestrictions(store::SqlConnection& c);

// (db, key id) -> restrictions, valid while the auth generation is the one they were read under
// and for at most ttl_seconds (0: no limit).
class RestrictionCache {
 public:
  explicit RestrictionCache(size_t capacity = 65536, int64_t ttl_seconds = 60)
      : capacity_(capacity), ttl_(std::chrono::seconds(ttl_seconds)) {}
  StatusOr<KeyRestriction> Get(store::SqlConnection& c, const std::string& db, int64_t key_id,
                               int64_t generation);
  void Clear();
  // At start-up, before the cache is shared.
  void SetTtlSeconds(int64_t ttl_seconds) { ttl_ = std::chrono::seconds(ttl_seconds); }

 private:
  struct Entry {
    int64_t generation;
    std::chrono::steady_clock::time_point loaded;
    KeyRestriction restriction;
  };
  size_t capacity_;
  std::chrono::steady_clock::duration ttl_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace keygate::auth
