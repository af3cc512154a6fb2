// Cell conversions and database-name validation shared by every backend.
#include "store/sql.h"

#include <cstdlib>

namespace keygate::store {

namespace {
thread_local uint64_t statements_on_this_thread = 0;
}  // namespace

void CountStatement() { ++statements_on_this_thread; }
uint64_t StatementsOnThisThread() { return statements_on_this_thread; }

std::optional<int64_t> StampedValue::Find(const CommitStamp& now) const {
  const uint64_t before = sequence_.load(std::memory_order_acquire);
  if ((before & 1) != 0 || !valid_.load(std::memory_order_relaxed)) return std::nullopt;
  bool same = true;
  for (size_t i = 0; i < now.size(); ++i) {
    same = same && stamp_[i].load(std::memory_order_relaxed) == now[i];
  }
  const int64_t value = value_.load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (!same || sequence_.load(std::memory_order_relaxed) != before) return std::nullopt;
  return value;
}

void StampedValue::Remember(const CommitStamp& stamp, int64_t value) {
  std::lock_guard<std::mutex> lock(write_mu_);
  sequence_.fetch_add(1, std::memory_order_relaxed);  // odd: readers ignore what follows
  std::atomic_thread_fence(std::memory_order_release);
  for (size_t i = 0; i < stamp.size(); ++i) stamp_[i].store(stamp[i], std::memory_order_relaxed);
  value_.store(value, std::memory_order_relaxed);
  valid_.store(true, std::memory_order_relaxed);
  sequence_.fetch_add(1, std::memory_order_release);
}

bool IsNull(const SqlValue& v) { return std::holds_alternative<std::monostate>(v); }

int64_t AsInt(const SqlValue& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) {
    if (*s == "t" || *s == "true") return 1;
    if (*s == "f" || *s == "false") return 0;
    return std::strtoll(s->c_str(), nullptr, 10);
  }
  return 0;
}

double AsDouble(const SqlValue& v) {
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0.0;
}

bool AsBool(const SqlValue& v) { return AsInt(v) != 0; }

std::string AsText(const SqlValue& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return "";
}

std::string TakeText(SqlValue& v) {
  if (auto* s = std::get_if<std::string>(&v)) return std::move(*s);
  return AsText(v);
}

std::optional<std::string> AsOptionalText(const SqlValue& v) {
  if (IsNull(v)) return std::nullopt;
  return AsText(v);
}

bool IsValidDatabaseName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(name[0])) return false;
  for (char c : name) {
    if (!alnum(c) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace keygate::store
