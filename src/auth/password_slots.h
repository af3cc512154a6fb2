// How many password hashes may run at once, and how fairly they are shared. A password check
// costs a worker about half a second (600,000 PBKDF2 rounds): without a bound, a burst of
// password logins takes every worker and keys wait behind it. PasswordSlots holds at most
// `total` hashes at once, at most `per_login` for one login and `per_address` for one client
// address, so that one flood cannot take every slot. There is no queue: an attempt past a bound
// is refused at once, so that no worker stalls waiting. API keys and cached grants never take a
// slot (services/auth_defences.cc takes one only when a password hash follows).
// Thread-safety: thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace keygate::auth {

// The AccessDenied text of an attempt refused for want of a slot (reason password_check_busy).
inline constexpr char kPasswordCheckBusyMessage[] =
    "Too many password checks at once, please retry in a moment";

class PasswordSlots {
 public:
  struct Limits {
    size_t total = 4;
    size_t per_login = 1;
    size_t per_address = 2;
  };

  // The limits for a server with `workers` worker threads and `total` slots (0: half the
  // workers, at least one): an address may hold half the slots, a login one.
  static Limits LimitsFor(int workers, int total);

  explicit PasswordSlots(Limits limits) : limits_(limits) {}
  PasswordSlots(const PasswordSlots&) = delete;
  PasswordSlots& operator=(const PasswordSlots&) = delete;

  // One slot, released when destroyed.
  class Slot {
   public:
    Slot(Slot&& other) noexcept;
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

   private:
    friend class PasswordSlots;
    Slot(PasswordSlots* owner, std::string login, std::string address)
        : owner_(owner), login_(std::move(login)), address_(std::move(address)) {}
    PasswordSlots* owner_;
    std::string login_;
    std::string address_;
  };

  // A slot for a hash of `login`'s password asked from `address`, or none when a bound is
  // reached.
  std::optional<Slot> TryAcquire(const std::string& login, const std::string& address);

  const Limits& limits() const { return limits_; }
  size_t in_use() const;

 private:
  void Release(const std::string& login, const std::string& address);

  const Limits limits_;
  mutable std::mutex mu_;
  size_t in_use_ = 0;                                   // guarded by mu_
  std::unordered_map<std::string, size_t> by_login_;    // guarded by mu_
  std::unordered_map<std::string, size_t> by_address_;  // guarded by mu_
};

}  // namespace keygate::auth
