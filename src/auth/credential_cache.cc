// Sharded LRU of verified credentials.
#include "auth/credential_cache.h"

#include "crypto/digest.h"

namespace keygate::auth {

CredentialCache::CredentialCache(size_t capacity, int64_t ttl_seconds)
    : per_shard_capacity_(capacity == 0 ? 0 : (capacity + kShards - 1) / kShards),
      ttl_seconds_(ttl_seconds) {}

std::string CredentialCache::Digest(const std::string& db, int64_t uid, const std::string& secret) {
  // Length-prefixed fields so that no two (db, uid, secret) triples share an encoding.
  std::string material;
  material.reserve(db.size() + secret.size() + 48);
  material += std::to_string(db.size());
  material += ':';
  material += db;
  material += ':';
  material += std::to_string(uid);
  material += ':';
  material += secret;
  return crypto::Sha256(material);
}

CredentialCache::Shard& CredentialCache::ShardFor(const std::string& digest) {
  size_t h = digest.empty() ? 0 : static_cast<unsigned char>(digest[0]);
  return shards_[h % kShards];
}

std::optional<Grant> CredentialCache::Find(const std::string& digest, int64_t generation,
                                           int64_t now_unix) {
  Shard& s = ShardFor(digest);
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.index.find(digest);
  if (it == s.index.end()) return std::nullopt;
  const Entry& e = *it->second;
  bool expired = e.grant.key_expires_unix && *e.grant.key_expires_unix < now_unix;
  bool too_old = ttl_seconds_ > 0 && now_unix - e.verified_unix >= ttl_seconds_;
  if (e.generation != generation || expired || too_old) {
    s.lru.erase(it->second);
    s.index.erase(it);
    return std::nullopt;
  }
  s.lru.splice(s.lru.begin(), s.lru, it->second);
  return e.grant;
}

void CredentialCache::Insert(const std::string& digest, const Grant& grant, int64_t generation,
                             int64_t now_unix) {
  if (per_shard_capacity_ == 0) return;
  Shard& s = ShardFor(digest);
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.index.find(digest);
  if (it != s.index.end()) {
    it->second->grant = grant;
    it->second->generation = generation;
    it->second->verified_unix = now_unix;
    s.lru.splice(s.lru.begin(), s.lru, it->second);
    return;
  }
  s.lru.push_front(Entry{digest, grant, generation, now_unix});
  s.index.emplace(digest, s.lru.begin());
  while (s.lru.size() > per_shard_capacity_) {
    s.index.erase(s.lru.back().digest);
    s.lru.pop_back();
  }
}

void CredentialCache::Clear() {
  for (auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    s.lru.clear();
    s.index.clear();
  }
}

size_t CredentialCache::size() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    n += s.lru.size();
  }
  return n;
}

}  // namespace keygate::auth
