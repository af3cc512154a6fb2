// keygate_auth_event, the last use of keys and keygate_key_usage (see auth_event_log.h).
#include "store/auth_event_log.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace keygate::store {

namespace {

std::optional<int64_t> OptInt(const SqlValue& v) {
  if (IsNull(v)) return std::nullopt;
  return AsInt(v);
}

}  // namespace

const char* EventOutcomeName(bool success) { return success ? "success" : "failure"; }

bool RolledUp(const AuthEvent& e) { return e.success && e.key_use; }

std::string RollupKey(const AuthEvent& e) {
  // Fields joined by a byte no field holds (texts come from logs' sanitized values and
  // addresses; a collision would only merge two counts, never leak).
  constexpr char kSep = '\x1f';
  std::string k = e.create_date.substr(0, 16);
  for (const std::string* text :
       {&e.db, &e.channel, &e.login, &e.client_ip, &e.peer_address, &e.user_agent, &e.reason}) {
    k += kSep;
    k += *text;
  }
  k += kSep;
  k += e.uid ? std::to_string(*e.uid) : "-";
  k += kSep;
  k += e.key_id ? std::to_string(*e.key_id) : "-";
  k += kSep;
  k += e.key_index.value_or("-");
  return k;
}

namespace {

constexpr size_t kMaxOpenRollups = 10000;

// Inserts one row; returns its id.
StatusOr<int64_t> InsertEventRow(SqlConnection& c, const AuthEvent& e) {
  // Empty texts and absent ids are stored as NULL.
  SqlParams p(14);
  const std::string* texts[] = {
      &e.create_date, &e.db,           &e.channel,    &e.login, nullptr,   nullptr, nullptr,
      &e.client_ip,   &e.peer_address, &e.user_agent, nullptr,  &e.reason, nullptr, &e.last_date};
  for (size_t i = 0; i < p.size(); ++i) {
    if (texts[i] && !texts[i]->empty()) p[i] = *texts[i];
  }
  if (e.uid) p[4] = *e.uid;
  if (e.key_id) p[5] = *e.key_id;
  if (e.key_index) p[6] = *e.key_index;
  p[10] = std::string(EventOutcomeName(e.success));
  p[12] = e.calls;
  KG_ASSIGN_OR_RETURN(
      ResultSet rs,
      c.Query("INSERT INTO keygate_auth_event (create_date, db, channel, login, uid, key_id, "
              "key_index, client_ip, peer_address, user_agent, outcome, reason, calls, last_date) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
              p));
  if (rs.empty()) return InternalError("an inserted auth event returned no id");
  return AsInt(rs.rows()[0][0]);
}

// Adds the calls of `e` to the row `id`; false when that row is gone (purged meanwhile).
StatusOr<bool> AddToEventRow(SqlConnection& c, int64_t id, const AuthEvent& e) {
  const std::string& last = e.last_date.empty() ? e.create_date : e.last_date;
  KG_ASSIGN_OR_RETURN(int64_t changed,
                      c.Exec("UPDATE keygate_auth_event SET calls = calls + ?, last_date = ? "
                             "WHERE id = ?",
                             {e.calls, last, id}));
  return changed > 0;
}

}  // namespace

Status AppendAuthEvents(SqlConnection& c, const std::vector<AuthEvent>& events, OpenRollups* open) {
  if (events.empty()) return Status::Ok();
  if (open) {
    // Rows of a past minute take no more calls.
    std::string newest;
    for (const auto& e : events) newest = std::max(newest, e.create_date.substr(0, 16));
    if (newest != open->minute) {
      open->rows.clear();
      open->minute = newest;
    }
  }
  std::unordered_map<std::string, int64_t> made;  // held once committed
  Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  for (const auto& e : events) {
    const bool rolled = open && RolledUp(e) && e.create_date.substr(0, 16) == open->minute;
    bool added = false;
    if (rolled) {
      const std::string key = RollupKey(e);
      std::optional<int64_t> row;
      if (auto m = made.find(key); m != made.end()) {
        row = m->second;
      } else if (auto h = open->rows.find(key); h != open->rows.end()) {
        row = h->second;
      }
      if (row) {
        KG_ASSIGN_OR_RETURN(added, AddToEventRow(c, *row, e));
      }
      if (!added) {
        KG_ASSIGN_OR_RETURN(int64_t id, InsertEventRow(c, e));
        made[key] = id;
      }
    } else {
      KG_RETURN_IF_ERROR(InsertEventRow(c, e).status());
    }
    if (e.success && e.key_id && e.key_use) {
      const std::string& last = e.last_date.empty() ? e.create_date : e.last_date;
      KG_RETURN_IF_ERROR(
          c.Exec("INSERT INTO keygate_key_meta (key_id, last_used_at, last_used_ip, "
                 "last_used_channel, use_count) SELECT id, ?, ?, ?, ? FROM res_users_apikeys "
                 "WHERE id = ? ON CONFLICT (key_id) DO UPDATE SET "
                 "last_used_at = excluded.last_used_at, last_used_ip = excluded.last_used_ip, "
                 "last_used_channel = excluded.last_used_channel, "
                 "use_count = keygate_key_meta.use_count + excluded.use_count",
                 {last.substr(0, 19), e.client_ip, e.channel, e.calls, *e.key_id})
              .status());
    }
  }
  KG_RETURN_IF_ERROR(tx.Commit());
  if (open) {
    // Bounded: successes alike in fewer ways than this a minute (a key's calls vary little)
    // roll up across batches; past it, a batch's own rollup still holds.
    for (auto& [key, id] : made) {
      if (open->rows.size() >= kMaxOpenRollups) break;
      open->rows[key] = id;
    }
  }
  return Status::Ok();
}

namespace {

// "YYYY-MM-DD HH:MM", the start of the minute of a time: no rolled-up row that holds a call at
// or after `since` starts before it.
std::string RowsMinute(const std::string& since) { return since.substr(0, 16); }

}  // namespace

StatusOr<std::vector<AuthEvent>> ListAuthEvents(SqlConnection& c, const EventFilter& f) {
  std::string sql =
      "SELECT create_date, db, channel, login, uid, key_id, key_index, client_ip, peer_address, "
      "user_agent, outcome, reason, calls, last_date, id FROM keygate_auth_event WHERE 1 = 1";
  SqlParams params;
  if (f.since) {
    // A row of rolled-up successes may start before `since` and end after it: it is listed when
    // any of its calls is. It starts in the minute it ends in, which keeps the index usable.
    sql += " AND create_date >= ? AND (create_date >= ? OR last_date >= ?)";
    params.emplace_back(std::in_place_type<std::string>, RowsMinute(*f.since));
    params.emplace_back(std::in_place_type<std::string>, *f.since);
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
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) {
    AuthEvent e;
    e.create_date = AsText(r[0]);
    e.db = AsText(r[1]);
    e.channel = AsText(r[2]);
    e.login = AsText(r[3]);
    e.uid = OptInt(r[4]);
    e.key_id = OptInt(r[5]);
    e.key_index = AsOptionalText(r[6]);
    e.client_ip = AsText(r[7]);
    e.peer_address = AsText(r[8]);
    e.user_agent = AsText(r[9]);
    e.success = AsText(r[10]) == EventOutcomeName(true);
    e.reason = AsText(r[11]);
    e.calls = AsInt(r[12]);
    e.last_date = AsText(r[13]);
    e.id = AsInt(r[14]);
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

// Not an authentication: a change made from the console (console/console_actions.h).
constexpr char kNotConsoleChange[] = " AND reason NOT LIKE 'console!_%' ESCAPE '!'";

StatusOr<std::vector<FailureCount>> TopFailing(SqlConnection& c, const std::string& column,
                                               const std::string& since, int64_t limit) {
  KG_ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT " + column + ", count(*) FROM keygate_auth_event WHERE " +
                  "create_date >= ? AND outcome = 'failure' AND " + column + " IS NOT NULL AND " +
                  column + " <> ''" + kNotConsoleChange + " GROUP BY " + column +
                  " ORDER BY count(*) DESC, " + column + " LIMIT ?",
              {since, limit}));
  std::vector<FailureCount> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) out.push_back({AsText(r[0]), AsInt(r[1])});
  return out;
}

}  // namespace

StatusOr<std::vector<EventCount>> CountAuthEventsSince(SqlConnection& c, const std::string& since,
                                                       int bucket_chars) {
  if (bucket_chars < 1 || bucket_chars > 23) {
    return InvalidRequest("a time bucket is 1 to 23 characters of the date");
  }
  const std::string bucket = "substr(create_date, 1, " + std::to_string(bucket_chars) + ")";
  KG_ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT " + bucket + ", outcome, reason, SUM(calls) FROM keygate_auth_event WHERE " +
                  "create_date >= ?" + kNotConsoleChange + " GROUP BY " + bucket +
                  ", outcome, reason ORDER BY 1, 2 DESC, 3",
              {since}));
  std::vector<EventCount> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) {
    out.push_back(
        {AsText(r[0]), AsText(r[1]) == EventOutcomeName(true), AsText(r[2]), AsInt(r[3])});
  }
  return out;
}

StatusOr<std::vector<FailureCount>> TopFailingLogins(SqlConnection& c, const std::string& since,
                                                     int64_t limit) {
  return TopFailing(c, "login", since, limit);
}

StatusOr<std::vector<FailureCount>> TopFailingAddresses(SqlConnection& c, const std::string& since,
                                                        int64_t limit) {
  return TopFailing(c, "client_ip", since, limit);
}

StatusOr<std::string> LastEventWithKeyIndex(SqlConnection& c, const std::string& index) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT MAX(COALESCE(last_date, create_date)) FROM "
                                       "keygate_auth_event WHERE key_index = ?",
                                       {index}));
  if (rs.empty()) return std::string();
  return AsText(rs.rows()[0][0]);
}

StatusOr<int64_t> DeleteAuthEventsBefore(SqlConnection& c, const std::string& before) {
  return c.Exec("DELETE FROM keygate_auth_event WHERE create_date < ?", {before});
}

StatusOr<std::vector<AuthEvent>> FailedEventsSince(SqlConnection& c, const std::string& since,
                                                   int64_t limit) {
  KG_ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT create_date, channel, login, uid, key_id, client_ip, peer_address, "
                       "reason FROM keygate_auth_event WHERE outcome = ? AND "
                       "create_date >= ? ORDER BY create_date, id LIMIT ?",
                       {EventOutcomeName(false), since, limit}));
  std::vector<AuthEvent> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) {
    AuthEvent e;
    e.create_date = AsText(r[0]);
    e.channel = AsText(r[1]);
    e.login = AsText(r[2]);
    e.uid = OptInt(r[3]);
    e.key_id = OptInt(r[4]);
    e.client_ip = AsText(r[5]);
    e.peer_address = AsText(r[6]);
    e.success = false;
    e.reason = AsText(r[7]);
    out.push_back(std::move(e));
  }
  return out;
}

StatusOr<std::vector<KeyUseRow>> KeyUsesSince(SqlConnection& c, const std::string& since) {
  KG_ASSIGN_OR_RETURN(auto rs,
                      c.Query("SELECT key_id, client_ip, MIN(login), MIN(create_date), "
                              "MAX(COALESCE(last_date, create_date)), SUM(calls) FROM "
                              "keygate_auth_event WHERE outcome = ? AND key_id "
                              "IS NOT NULL AND create_date >= ? AND (create_date >= ? OR "
                              "last_date >= ?)" +
                                  std::string(kNotConsoleChange) + " GROUP BY key_id, client_ip",
                              {EventOutcomeName(true), RowsMinute(since), since, since}));
  std::vector<KeyUseRow> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) {
    KeyUseRow u;
    u.key_id = AsInt(r[0]);
    u.client_ip = AsText(r[1]);
    u.login = AsText(r[2]);
    u.first_seen = AsText(r[3]);
    u.last_seen = AsText(r[4]);
    u.count = AsInt(r[5]);
    out.push_back(std::move(u));
  }
  return out;
}

StatusOr<std::vector<std::string>> AddressesKeyUsedFrom(SqlConnection& c, int64_t key_id,
                                                        const std::string& before) {
  KG_ASSIGN_OR_RETURN(auto rs,
                      c.Query("SELECT DISTINCT client_ip FROM keygate_auth_event WHERE key_id = ? "
                              "AND outcome = ? AND create_date < ?" +
                                  std::string(kNotConsoleChange),
                              {key_id, EventOutcomeName(true), before}));
  std::vector<std::string> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) out.push_back(AsText(r[0]));
  return out;
}

Status AddKeyUsage(SqlConnection& c, const std::vector<KeyUsage>& usage) {
  if (usage.empty()) return Status::Ok();
  Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  for (const KeyUsage& u : usage) {
    KG_RETURN_IF_ERROR(
        c.Exec("INSERT INTO keygate_key_usage (key_id, model, operation, last_used_at, "
               "use_count) SELECT id, ?, ?, ?, ? FROM res_users_apikeys WHERE id = ? "
               "ON CONFLICT (key_id, model, operation) DO UPDATE SET "
               "last_used_at = excluded.last_used_at, "
               "use_count = keygate_key_usage.use_count + excluded.use_count",
               {u.model, u.operation, u.last_used_at, u.count, u.key_id})
            .status());
  }
  return tx.Commit();
}

StatusOr<std::vector<std::pair<std::string, std::string>>> KeyOperationsSince(
    SqlConnection& c, int64_t key_id, const std::string& since) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT model, operation FROM keygate_key_usage WHERE "
                                       "key_id = ? AND last_used_at >= ? ORDER BY model, operation",
                                       {key_id, since}));
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) out.emplace_back(AsText(r[0]), AsText(r[1]));
  return out;
}

StatusOr<std::vector<KeyUsage>> AllKeyUsage(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT key_id, model, operation, last_used_at, use_count "
                                       "FROM keygate_key_usage"));
  std::vector<KeyUsage> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) {
    out.push_back({AsInt(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsInt(r[4])});
  }
  return out;
}

}  // namespace keygate::store
