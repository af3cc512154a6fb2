// The per-thread policy memo (see policy_cache.h).
#include "models/policy_cache.h"

#include <algorithm>
#include <chrono>

namespace keygate::models {

// One database's memo on a thread, with the database it belongs to: a memo whose database was
// closed (its weak pointer expired) is dropped, so a new database at the same address never
// inherits it.
struct PolicyMemoSlot {
  std::weak_ptr<store::Database> database;
  const store::Database* address = nullptr;
  PolicyMemo memo;
};

namespace {

thread_local std::vector<std::unique_ptr<PolicyMemoSlot>> memo_slots;

int64_t SteadySeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

PolicyMemo& PolicyMemo::ForThisThread(const std::shared_ptr<store::Database>& db,
                                      int64_t generation, const PolicyMemoLimits& limits) {
  const int64_t now = SteadySeconds();
  PolicyMemoSlot* slot = nullptr;
  for (auto& s : memo_slots) {
    if (s->address == db.get() && !s->database.expired()) {
      slot = s.get();
      break;
    }
  }
  if (slot == nullptr) {
    memo_slots.erase(std::remove_if(memo_slots.begin(), memo_slots.end(),
                                    [](const auto& s) { return s->database.expired(); }),
                     memo_slots.end());
    auto fresh = std::make_unique<PolicyMemoSlot>();
    fresh->database = db;
    fresh->address = db.get();
    fresh->memo.Reset(generation, limits, now);
    slot = memo_slots.emplace_back(std::move(fresh)).get();
  } else {
    const PolicyMemo& m = slot->memo;
    const bool expired =
        m.limits_.ttl_seconds > 0 && now - m.started_seconds_ >= m.limits_.ttl_seconds;
    if (m.generation_ != generation || expired || m.limits_.users != limits.users ||
        m.limits_.ttl_seconds != limits.ttl_seconds) {
      slot->memo.Reset(generation, limits, now);
    }
  }
  return slot->memo;
}

void PolicyMemo::Reset(int64_t generation, const PolicyMemoLimits& limits, int64_t now_seconds) {
  generation_ = generation;
  limits_ = limits;
  started_seconds_ = now_seconds;
  users_.clear();
  models_.clear();
  scopes_.clear();
  access_data_checked = false;
}

std::shared_ptr<UserAccessRows> PolicyMemo::FindUser(int64_t uid) const {
  auto it = users_.find(uid);
  return it == users_.end() ? nullptr : it->second;
}

void PolicyMemo::PutUser(int64_t uid, std::shared_ptr<UserAccessRows> rows) {
  if (users_.size() >= limits_.users) users_.clear();
  if (limits_.users > 0) users_[uid] = std::move(rows);
}

std::shared_ptr<const StatusOr<KeyScope>> PolicyMemo::FindScope(
    const std::optional<std::string>& stored) const {
  auto it = scopes_.find(stored);
  return it == scopes_.end() ? nullptr : it->second;
}

void PolicyMemo::PutScope(const std::optional<std::string>& stored,
                          std::shared_ptr<const StatusOr<KeyScope>> scope) {
  if (scopes_.size() >= limits_.users) scopes_.clear();
  if (limits_.users > 0) scopes_[stored] = std::move(scope);
}

std::shared_ptr<const ModelAccessRows> PolicyMemo::FindModel(std::string_view model) const {
  auto it = models_.find(model);
  return it == models_.end() ? nullptr : it->second;
}

void PolicyMemo::PutModel(const std::string& model, std::shared_ptr<const ModelAccessRows> rows) {
  models_[model] = std::move(rows);
}

}  // namespace keygate::models
