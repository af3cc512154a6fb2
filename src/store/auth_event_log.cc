// keygate_auth_event, the last use of keys and keygate_key_usage (see auth_event_log.h).
#include "store/auth_event_log.h"

#include <utility>

namespace keygate::store {

namespace {

std::optional<int64_t> OptInt(const SqlValue& v) {
  if (IsNull(v)) return std::nullopt;
  return AsInt(v);
}

}  // namespace

const char* EventOutcomeName(bool success) { return success ? "success" : "failure"; }

Status AppendAuthEvents(SqlConnection& c, const std::vector<AuthEvent>& events) {
  if (events.empty()) return Status::Ok();
  Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  for (const auto& e : events) {
    // Empty texts and absent ids are stored as NULL.
    SqlParams p(12);
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

StatusOr<std::vector<AuthEvent>> ListAuthEvents(SqlConnection& c, const EventFilter& f) {
  std::string sql =
      "SELECT create_date, db, channel, login, uid, key_id, key_index, client_ip, peer_address, "
      "user_agent, outcome, reason FROM keygate_auth_event WHERE 1 = 1";
  SqlParams params;
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
      c.Query("SELECT " + bucket + ", outcome, reason, count(*) FROM keygate_auth_event WHERE " +
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
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT create_date FROM keygate_auth_event WHERE "
                                       "key_index = ? ORDER BY create_date DESC LIMIT 1",
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
  KG_ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT key_id, client_ip, MIN(login), MIN(create_date), MAX(create_date), "
                       "COUNT(*) FROM keygate_auth_event WHERE outcome = ? AND key_id "
                       "IS NOT NULL AND create_date >= ? GROUP BY key_id, client_ip",
                       {EventOutcomeName(true), since}));
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
                              "AND outcome = ? AND create_date < ?",
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
