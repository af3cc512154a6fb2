// The process-wide verified-credential cache: (db, uid, SHA-256 of the secret) -> grant, so that
// a key or password verified once costs no PBKDF2 on later calls. Plaintext secrets never enter it.
// An entry is trusted only while the database's auth generation (bumped by triggers on every
// change a grant depends on, by any process) is the one it was verified under, while the key
// has not expired, and for at most ttl_seconds after it was verified: the safety net should a
// change ever go unnoticed (store/postgres/pg_auth_listener.h learns of changes by notification).
// Bounded: least recently used entries are evicted. Failures are never cached.
// Thread-safety: thread-safe (sharded mutexes).
#pragma once

#include <array>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace keygate::auth {

struct Grant {
  int64_t uid = 0;
  std::string login;                        // the user's login when the grant was verified
  std::optional<int64_t> key_id;            // set when the secret was an API key
  std::optional<std::string> key_scope;     // the key's scope (NULL = global)
  std::optional<int64_t> key_expires_unix;  // the key's expiration, if any
};

class CredentialCache {
 public:
  // ttl_seconds 0: entries live as long as their generation.
  explicit CredentialCache(size_t capacity, int64_t ttl_seconds = 0);

  // The digest used as the cache key; computed once per request.
  static std::string Digest(const std::string& db, int64_t uid, const std::string& secret);

  // A grant still valid under `generation` at `now_unix`, or none (and the stale entry is dropped).
  std::optional<Grant> Find(const std::string& digest, int64_t generation, int64_t now_unix);
  // Records a grant verified at `now_unix` under `generation`.
  void Insert(const std::string& digest, const Grant& grant, int64_t generation, int64_t now_unix);
  void Clear();
  size_t size() const;

 private:
  struct Entry {
    std::string digest;
    Grant grant;
    int64_t generation;
    int64_t verified_unix;
  };
  struct Shard {
    mutable std::mutex mu;
    std::list<Entry> lru;  // front = most recent
    std::unordered_map<std::string, std::list<Entry>::iterator> index;
  };
  static constexpr size_t kShards = 16;
  Shard& ShardFor(const std::string& digest);

  size_t per_shard_capacity_;
  int64_t ttl_seconds_;
  std::array<Shard, kShards> shards_;
};

}  // namespace keygate::auth
