// The auth event log: storage, queries and the buffered background writer.
#include "auth/auth_events.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <map>

#include "common/log.h"
#include "store/repositories.h"

namespace keygate::auth {

namespace {

bool LooksLikeKey(const std::string& s) {
  if (s.size() != 40) return false;
  for (char ch : s) {
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string FormatUtcMillis(int64_t unix_millis) {
  std::time_t t = static_cast<std::time_t>(unix_millis / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(unix_millis % 1000));
  return buf;
}

std::optional<std::string> KeyIndexForEvent(const std::string& secret, bool index_exists) {
  if (!index_exists || !LooksLikeKey(secret)) return std::nullopt;
  return secret.substr(0, 8);
}

StatusOr<bool> KeyIndexExists(store::SqlConnection& c, const std::string& index) {
  return store::ApiKeys(c).IndexInUse(index);
}

AuthEventLog::AuthEventLog(store::Backend& backend, size_t capacity, int flush_interval_ms)
    : backend_(backend), capacity_(capacity), flush_interval_ms_(flush_interval_ms) {}

AuthEventLog::~AuthEventLog() { Stop(); }

void AuthEventLog::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void AuthEventLog::Record(AuthEvent event) {
  std::string key;
  if (store::RolledUp(event)) key = store::RollupKey(event);
  std::lock_guard<std::mutex> lock(mu_);
  if (!key.empty()) {
    auto held = buffered_rollups_.find(key);
    if (held != buffered_rollups_.end()) {
      AuthEvent& row = buffer_[held->second];
      row.calls += event.calls;
      row.last_date = std::max(row.last_date.empty() ? row.create_date : row.last_date,
                               event.last_date.empty() ? event.create_date : event.last_date);
      return;
    }
  }
  if (buffer_.size() >= capacity_) {
    ++dropped_;
    return;
  }
  if (!key.empty()) buffered_rollups_.emplace(std::move(key), buffer_.size());
  buffer_.push_back(std::move(event));
}

void AuthEventLog::RecordKeyUsage(const std::string& db, int64_t key_id, const std::string& model,
                                  const std::string& operation, const std::string& when_utc) {
  std::lock_guard<std::mutex> lock(mu_);
  UsageKey k{db, key_id, model, operation};
  auto it = usage_.find(k);
  if (it == usage_.end()) {
    if (usage_.size() >= capacity_) return;  // the next flush makes room
    it = usage_.emplace(std::move(k), UsageValue{}).first;
  }
  it->second.last_used_at = when_utc;
  it->second.count++;
}

void AuthEventLog::FlushKeyUsage() {
  std::map<UsageKey, UsageValue> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(usage_);
  }
  std::map<std::string, std::vector<std::pair<UsageKey, UsageValue>>> by_db;
  for (auto& [k, v] : batch) by_db[k.db].emplace_back(k, v);
  for (const auto& [db, rows] : by_db) {
    auto database = backend_.Open(db);
    Status s = database.status();
    if (s.ok()) {
      auto conn = (*database)->Acquire();
      s = conn.status();
      if (s.ok()) {
        std::vector<store::KeyUsage> usage;
        usage.reserve(rows.size());
        for (const auto& [k, v] : rows) {
          usage.push_back({k.key_id, k.model, k.operation, v.last_used_at, v.count});
        }
        s = store::AddKeyUsage(**conn, usage);
      }
    }
    if (!s.ok()) {
      Log(LogLevel::kWarning, "events",
          "could not write key usage to db:" + db + ": " + s.message());
    }
  }
}

std::vector<std::string> AuthEventLog::TakeWrittenDatabases() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out(written_.begin(), written_.end());
  written_.clear();
  return out;
}

uint64_t AuthEventLog::dropped() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

void AuthEventLog::Flush() {
  std::lock_guard<std::mutex> flush_lock(flush_mu_);
  std::deque<AuthEvent> batch;
  uint64_t newly_dropped = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(buffer_);
    buffered_rollups_.clear();
    newly_dropped = dropped_ - dropped_reported_;
    dropped_reported_ = dropped_;
  }
  if (newly_dropped > 0) {
    Log(LogLevel::kWarning, "events",
        "auth event buffer full: " + std::to_string(newly_dropped) +
            " event(s) dropped (the database could not keep up)");
  }
  std::map<std::string, std::vector<AuthEvent>> by_db;
  for (auto& e : batch) by_db[e.db].push_back(std::move(e));
  for (const auto& [db, events] : by_db) {
    auto database = backend_.Open(db);
    Status s = database.status();
    if (s.ok()) {
      auto conn = (*database)->Acquire();
      store::OpenRollups& open = open_rollups_[db];
      s = conn.ok() ? InsertAuthEvents(**conn, events, &open) : conn.status();
    }
    if (s.code() == StatusCode::kDatabaseNotFound) open_rollups_.erase(db);
    if (s.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      written_.insert(db);
    }
    if (!s.ok()) {
      // A passing failure (the database server restarting, no free connection) must not lose
      // the events: they go back in front of the buffer for the next flush, as far as it has
      // room. A database that no longer exists keeps nothing.
      size_t kept = 0;
      if (s.code() != StatusCode::kDatabaseNotFound) {
        std::lock_guard<std::mutex> lock(mu_);
        const size_t room = capacity_ > buffer_.size() ? capacity_ - buffer_.size() : 0;
        kept = std::min(room, events.size());
        buffer_.insert(buffer_.begin(), events.begin(),
                       events.begin() + static_cast<std::ptrdiff_t>(kept));
        // Positions moved: later successes start rows of their own in the buffer.
        buffered_rollups_.clear();
        dropped_ += events.size() - kept;
      }
      Log(LogLevel::kWarning, "events",
          "could not write " + std::to_string(events.size()) + " auth event(s) to db:" + db + ": " +
              s.message() + (kept > 0 ? "; kept " + std::to_string(kept) + " for a retry" : ""));
    }
  }
  FlushKeyUsage();
}

void AuthEventLog::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  Flush();
}

void AuthEventLog::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::milliseconds(flush_interval_ms_));
    if (stopping_) break;
    if (buffer_.empty() && dropped_ == dropped_reported_) continue;
    lock.unlock();
    Flush();
    lock.lock();
  }
}

}  // namespace keygate::auth
