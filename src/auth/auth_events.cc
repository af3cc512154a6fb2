// The auth event log: storage, queries and the buffered background writer.
#include "auth/auth_events.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

#include "common/log.h"

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

const char* EventOutcomeName(bool success) { return success ? "success" : "failure"; }

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
  KG_ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT 1 FROM res_users_apikeys WHERE \"index\" = ? LIMIT 1", {index}));
  return !rs.empty();
}

Status InsertAuthEvents(store::SqlConnection& c, const std::vector<AuthEvent>& events) {
  if (events.empty()) return Status::Ok();
  store::Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  for (const auto& e : events) {
    // Empty texts and absent ids are stored as NULL.
    store::SqlParams p(12);
    const std::string* texts[] = {&e.create_date,  &e.db,         &e.channel, &e.login,
                                  nullptr,         nullptr,       nullptr,    &e.client_ip,
                                  &e.peer_address, &e.user_agent, nullptr,    &e.reason};
    for (size_t i = 0; i < p.size(); ++i) {
      if (texts[i] && !texts[i]->empty()) p[i] = *texts[i];
    }
    if (e.uid) p[4] = *e.uid;
    if (e.key_id) p[5] = *e.key_id;
    if (e.key_index) p[6] = *e.key_index;
    p[10] = std::string(EventOutcomeName(e.success));
    KG_RETURN_IF_ERROR(
        c.Exec("INSERT INTO keygate_auth_event (create_date, db, channel, login, uid, key_id, "
               "key_index, client_ip, peer_address, user_agent, outcome, reason) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               p)
            .status());
    // Last use of a key rides on its successful attempts: written here, in the same batch, so
    // that no request waits on a write. A key revoked meanwhile has no row to update.
    if (e.success && e.key_id && e.key_use) {
      KG_RETURN_IF_ERROR(
          c.Exec("INSERT INTO keygate_key_meta (key_id, last_used_at, last_used_ip, "
                 "last_used_channel, use_count) SELECT id, ?, ?, ?, 1 FROM res_users_apikeys "
                 "WHERE id = ? ON CONFLICT (key_id) DO UPDATE SET "
                 "last_used_at = excluded.last_used_at, last_used_ip = excluded.last_used_ip, "
                 "last_used_channel = excluded.last_used_channel, "
                 "use_count = keygate_key_meta.use_count + 1",
                 {e.create_date.substr(0, 19), e.client_ip, e.channel, *e.key_id})
              .status());
    }
  }
  return tx.Commit();
}

StatusOr<std::vector<AuthEvent>> QueryAuthEvents(store::SqlConnection& c, const EventFilter& f) {
  std::string sql =
      "SELECT create_date, db, channel, login, uid, key_id, key_index, client_ip, peer_address, "
      "user_agent, outcome, reason FROM keygate_auth_event WHERE 1 = 1";
  store::SqlParams params;
  if (f.since) {
    sql += " AND create_date >= ?";
    params.emplace_back(std::in_place_type<std::string>, *f.since);
  }
  if (f.login) {
    sql += " AND login = ?";
    params.emplace_back(std::in_place_type<std::string>, *f.login);
  }
  if (f.ip) {
    sql += " AND (client_ip = ? OR peer_address = ?)";
    params.emplace_back(std::in_place_type<std::string>, *f.ip);
    params.emplace_back(std::in_place_type<std::string>, *f.ip);
  }
  if (f.success) {
    sql += " AND outcome = ?";
    params.emplace_back(std::in_place_type<std::string>, EventOutcomeName(*f.success));
  }
  sql += " ORDER BY create_date DESC, id DESC LIMIT ?";
  params.emplace_back(std::in_place_type<int64_t>, f.limit);
  KG_ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
  std::vector<AuthEvent> out;
  for (const auto& r : rs.rows()) {
    AuthEvent e;
    e.create_date = store::AsText(r[0]);
    e.db = store::AsText(r[1]);
    e.channel = store::AsText(r[2]);
    e.login = store::AsText(r[3]);
    if (!store::IsNull(r[4])) e.uid = store::AsInt(r[4]);
    if (!store::IsNull(r[5])) e.key_id = store::AsInt(r[5]);
    e.key_index = store::AsOptionalText(r[6]);
    e.client_ip = store::AsText(r[7]);
    e.peer_address = store::AsText(r[8]);
    e.user_agent = store::AsText(r[9]);
    e.success = store::AsText(r[10]) == EventOutcomeName(true);
    e.reason = store::AsText(r[11]);
    out.push_back(std::move(e));
  }
  return out;
}

StatusOr<int64_t> PurgeAuthEvents(store::SqlConnection& c, const std::string& before) {
  return c.Exec("DELETE FROM keygate_auth_event WHERE create_date < ?", {before});
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
  std::lock_guard<std::mutex> lock(mu_);
  if (buffer_.size() >= capacity_) {
    ++dropped_;
    return;
  }
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
        store::Transaction tx(**conn);
        s = tx.Begin();
        for (const auto& [k, v] : rows) {
          if (!s.ok()) break;
          s = (*conn)
                  ->Exec(
                      "INSERT INTO keygate_key_usage (key_id, model, operation, last_used_at, "
                      "use_count) SELECT id, ?, ?, ?, ? FROM res_users_apikeys WHERE id = ? "
                      "ON CONFLICT (key_id, model, operation) DO UPDATE SET "
                      "last_used_at = excluded.last_used_at, "
                      "use_count = keygate_key_usage.use_count + excluded.use_count",
                      {k.model, k.operation, v.last_used_at, v.count, k.key_id})
                  .status();
        }
        if (s.ok()) s = tx.Commit();
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
      s = conn.ok() ? InsertAuthEvents(**conn, events) : conn.status();
    }
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
        buffer_.insert(buffer_.begin(), events.begin(), events.begin() + kept);
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
