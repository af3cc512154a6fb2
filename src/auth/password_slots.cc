// The bounded, fairly shared password-hash slots (see password_slots.h).
#include "auth/password_slots.h"

#include <algorithm>

namespace keygate::auth {

PasswordSlots::Limits PasswordSlots::LimitsFor(int workers, int total) {
  Limits l;
  l.total = total > 0 ? static_cast<size_t>(total) : static_cast<size_t>(std::max(1, workers / 2));
  l.per_address = std::max<size_t>(1, l.total / 2);
  l.per_login = 1;
  return l;
}

PasswordSlots::Slot::Slot(Slot&& other) noexcept
    : owner_(other.owner_), login_(std::move(other.login_)), address_(std::move(other.address_)) {
  other.owner_ = nullptr;
}

PasswordSlots::Slot::~Slot() {
  if (owner_ != nullptr) owner_->Release(login_, address_);
}

std::optional<PasswordSlots::Slot> PasswordSlots::TryAcquire(const std::string& login,
                                                             const std::string& address) {
  std::lock_guard lock(mu_);
  if (in_use_ >= limits_.total) return std::nullopt;
  auto login_it = by_login_.find(login);
  if (login_it != by_login_.end() && login_it->second >= limits_.per_login) return std::nullopt;
  auto address_it = by_address_.find(address);
  if (address_it != by_address_.end() && address_it->second >= limits_.per_address) {
    return std::nullopt;
  }
  ++in_use_;
  ++by_login_[login];
  ++by_address_[address];
  return Slot(this, login, address);
}

void PasswordSlots::Release(const std::string& login, const std::string& address) {
  std::lock_guard lock(mu_);
  --in_use_;
  if (auto it = by_login_.find(login); it != by_login_.end() && --it->second == 0) {
    by_login_.erase(it);
  }
  if (auto it = by_address_.find(address); it != by_address_.end() && --it->second == 0) {
    by_address_.erase(it);
  }
}

size_t PasswordSlots::in_use() const {
  std::lock_guard lock(mu_);
  return in_use_;
}

}  // namespace keygate::auth
