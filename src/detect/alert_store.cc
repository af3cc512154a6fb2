// Detection's reads of the event log and its writes of networks and alerts.
#include "detect/alert_store.h"

#include "auth/auth_events.h"

namespace keygate::detect {

namespace {

std::optional<int64_t> OptInt(const store::SqlValue& v) {
  if (store::IsNull(v)) return std::nullopt;
  return store::AsInt(v);
}

store::SqlValue TextOrNull(const std::string& s) {
  if (s.empty()) return std::monostate{};
  return s;
}

}  // namespace

StatusOr<std::vector<DetectEvent>> LoadFailures(store::SqlConnection& c, const std::string& since,
                                                int64_t limit) {
  KG_ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT create_date, channel, login, uid, key_id, client_ip, peer_address, "
                       "reason FROM keygate_auth_event WHERE outcome = ? AND "
                       "create_date >= ? ORDER BY create_date, id LIMIT ?",
                       {auth::EventOutcomeName(false), since, limit}));
  std::vector<DetectEvent> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) {
    DetectEvent e;
    e.time = store::AsText(r[0]);
    e.channel = store::AsText(r[1]);
    e.login = store::AsText(r[2]);
    e.uid = OptInt(r[3]);
    e.key_id = OptInt(r[4]);
    e.client_ip = store::AsText(r[5]);
    e.peer_address = store::AsText(r[6]);
    e.success = false;
    e.reason = store::AsText(r[7]);
    out.push_back(std::move(e));
  }
  return out;
}

StatusOr<std::vector<KeyUse>> LoadKeyUses(store::SqlConnection& c, const std::string& since) {
  KG_ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT key_id, client_ip, MIN(login), MIN(create_date), MAX(create_date), "
                       "COUNT(*) FROM keygate_auth_event WHERE outcome = 'success' AND key_id "
                       "IS NOT NULL AND create_date >= ? GROUP BY key_id, client_ip",
                       {since}));
  std::vector<KeyUse> out;
  for (const auto& r : rs.rows()) {
    KeyUse u;
    u.key_id = store::AsInt(r[0]);
    u.client_ip = store::AsText(r[1]);
    u.login = store::AsText(r[2]);
    u.first_seen = store::AsText(r[3]);
    u.last_seen = store::AsText(r[4]);
    u.count = store::AsInt(r[5]);
    out.push_back(std::move(u));
  }
  return out;
}

StatusOr<std::map<int64_t, std::set<std::string>>> LoadKnownNetworks(
    store::SqlConnection& c, const std::set<int64_t>& key_ids, const std::string& before) {
  std::map<int64_t, std::set<std::string>> out;
  for (int64_t key_id : key_ids) {
    KG_ASSIGN_OR_RETURN(
        auto rs, c.Query("SELECT network FROM keygate_key_network WHERE key_id = ?", {key_id}));
    std::set<std::string>& nets = out[key_id];
    for (const auto& r : rs.rows()) nets.insert(store::AsText(r[0]));
    if (!nets.empty()) continue;
    KG_ASSIGN_OR_RETURN(
        auto history,
        c.Query("SELECT DISTINCT client_ip FROM keygate_auth_event WHERE key_id = ? AND "
                "outcome = 'success' AND create_date < ?",
                {key_id, before}));
    for (const auto& r : history.rows()) {
      if (auto net = NetworkOf(store::AsText(r[0]))) nets.insert(*net);
    }
  }
  return out;
}

Status RememberNetworks(store::SqlConnection& c, const std::vector<KeyNetwork>& networks) {
  if (networks.empty()) return Status::Ok();
  store::Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  for (const auto& n : networks) {
    KG_RETURN_IF_ERROR(
        c.Exec("INSERT INTO keygate_key_network (key_id, network, first_seen, last_seen) "
               "VALUES (?, ?, ?, ?) ON CONFLICT (key_id, network) DO UPDATE SET last_seen = "
               "CASE WHEN excluded.last_seen > keygate_key_network.last_seen "
               "THEN excluded.last_seen ELSE keygate_key_network.last_seen END",
               {n.key_id, n.network, n.first_seen, n.last_seen})
            .status());
  }
  return tx.Commit();
}

StatusOr<std::map<std::string, int64_t>> LoadCoverage(store::SqlConnection& c,
                                                      const std::string& since,
                                                      int64_t window_seconds) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT kind, subject, MAX(first_seen) FROM keygate_alert "
                                       "WHERE first_seen >= ? GROUP BY kind, subject",
                                       {since}));
  std::map<std::string, int64_t> out;
  for (const auto& r : rs.rows()) {
    auto ms = ParseEventMillis(store::AsText(r[2]));
    if (!ms) continue;
    out[AlertKey(store::AsText(r[0]), store::AsText(r[1]))] = *ms + window_seconds * 1000;
  }
  return out;
}

StatusOr<std::optional<StoredAlert>> RecordAlert(store::SqlConnection& c, const Alert& a,
                                                 const std::string& now_utc) {
  store::SqlParams p = {now_utc,
                        a.kind,
                        a.severity,
                        a.subject,
                        TextOrNull(a.login),
                        TextOrNull(a.client_ip),
                        a.key_id ? store::SqlValue(*a.key_id) : store::SqlValue(),
                        a.count,
                        a.first_seen,
                        a.last_seen,
                        a.message,
                        a.recommendation};
  KG_ASSIGN_OR_RETURN(
      int64_t n,
      c.Exec("INSERT INTO keygate_alert (create_date, kind, severity, subject, login, client_ip, "
             "key_id, count, first_seen, last_seen, message, recommendation) VALUES (?, ?, ?, ?, "
             "?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, subject, first_seen) DO NOTHING",
             p));
  if (n == 0) return std::optional<StoredAlert>();
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id FROM keygate_alert WHERE kind = ? AND "
                                       "subject = ? AND first_seen = ?",
                                       {a.kind, a.subject, a.first_seen}));
  StoredAlert s;
  s.id = rs.empty() ? 0 : store::AsInt(rs.rows()[0][0]);
  s.create_date = now_utc;
  s.alert = a;
  return std::optional<StoredAlert>(std::move(s));
}

StatusOr<std::vector<StoredAlert>> ListAlerts(store::SqlConnection& c, const std::string& since,
                                              int64_t limit) {
  KG_ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT id, create_date, kind, severity, subject, login, client_ip, key_id, "
                       "count, first_seen, last_seen, message, recommendation FROM keygate_alert "
                       "WHERE create_date >= ? ORDER BY create_date DESC, id DESC LIMIT ?",
                       {since, limit}));
  std::vector<StoredAlert> out;
  for (const auto& r : rs.rows()) {
    StoredAlert s;
    s.id = store::AsInt(r[0]);
    s.create_date = store::AsText(r[1]);
    s.alert.kind = store::AsText(r[2]);
    s.alert.severity = store::AsText(r[3]);
    s.alert.subject = store::AsText(r[4]);
    s.alert.login = store::AsText(r[5]);
    s.alert.client_ip = store::AsText(r[6]);
    s.alert.key_id = OptInt(r[7]);
    s.alert.count = store::AsInt(r[8]);
    s.alert.first_seen = store::AsText(r[9]);
    s.alert.last_seen = store::AsText(r[10]);
    s.alert.message = store::AsText(r[11]);
    s.alert.recommendation = store::AsText(r[12]);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace keygate::detect
