// keygate_alert and keygate_key_network (see alerts.h).
#include "store/alerts.h"

#include <utility>

namespace keygate::store {

namespace {

SqlValue TextOrNull(const std::string& s) {
  if (s.empty()) return std::monostate{};
  return s;
}

}  // namespace

StatusOr<std::optional<int64_t>> InsertAlert(SqlConnection& c, const AlertRecord& a,
                                             const std::string& now_utc) {
  SqlParams p = {now_utc,
                 a.kind,
                 a.severity,
                 a.subject,
                 TextOrNull(a.login),
                 TextOrNull(a.client_ip),
                 a.key_id ? SqlValue(*a.key_id) : SqlValue(),
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
  if (n == 0) return std::optional<int64_t>();
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id FROM keygate_alert WHERE kind = ? AND "
                                       "subject = ? AND first_seen = ?",
                                       {a.kind, a.subject, a.first_seen}));
  return std::optional<int64_t>(rs.empty() ? 0 : AsInt(rs.rows()[0][0]));
}

StatusOr<std::vector<StoredAlertRow>> ListAlertRows(SqlConnection& c, const std::string& since,
                                                    int64_t limit) {
  KG_ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT id, create_date, kind, severity, subject, login, client_ip, key_id, "
                       "count, first_seen, last_seen, message, recommendation FROM keygate_alert "
                       "WHERE create_date >= ? ORDER BY create_date DESC, id DESC LIMIT ?",
                       {since, limit}));
  std::vector<StoredAlertRow> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) {
    StoredAlertRow s;
    s.id = AsInt(r[0]);
    s.create_date = AsText(r[1]);
    s.alert.kind = AsText(r[2]);
    s.alert.severity = AsText(r[3]);
    s.alert.subject = AsText(r[4]);
    s.alert.login = AsText(r[5]);
    s.alert.client_ip = AsText(r[6]);
    if (!IsNull(r[7])) s.alert.key_id = AsInt(r[7]);
    s.alert.count = AsInt(r[8]);
    s.alert.first_seen = AsText(r[9]);
    s.alert.last_seen = AsText(r[10]);
    s.alert.message = AsText(r[11]);
    s.alert.recommendation = AsText(r[12]);
    out.push_back(std::move(s));
  }
  return out;
}

StatusOr<std::vector<AlertCoverageRow>> LatestAlertsSince(SqlConnection& c,
                                                          const std::string& since) {
  KG_ASSIGN_OR_RETURN(auto rs, c.Query("SELECT kind, subject, MAX(first_seen) FROM keygate_alert "
                                       "WHERE first_seen >= ? GROUP BY kind, subject",
                                       {since}));
  std::vector<AlertCoverageRow> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) out.push_back({AsText(r[0]), AsText(r[1]), AsText(r[2])});
  return out;
}

StatusOr<int64_t> DeleteAlertsBefore(SqlConnection& c, const std::string& before) {
  return c.Exec("DELETE FROM keygate_alert WHERE create_date < ?", {before});
}

StatusOr<std::vector<std::string>> NetworksOfKey(SqlConnection& c, int64_t key_id) {
  KG_ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT network FROM keygate_key_network WHERE key_id = ?", {key_id}));
  std::vector<std::string> out;
  out.reserve(rs.size());
  for (const auto& r : rs.rows()) out.push_back(AsText(r[0]));
  return out;
}

Status UpsertKeyNetworks(SqlConnection& c, const std::vector<KeyNetworkRow>& networks) {
  if (networks.empty()) return Status::Ok();
  Transaction tx(c);
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

Status DeleteKeyNetworksBefore(SqlConnection& c, const std::string& before) {
  return c.Exec("DELETE FROM keygate_key_network WHERE last_seen < ?", {before}).status();
}

}  // namespace keygate::store
