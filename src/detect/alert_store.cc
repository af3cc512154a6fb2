// Detection's reads of the event log and its writes of networks and alerts, through the
// tables' owners in store/ (auth_event_log.h, alerts.h).
#include "detect/alert_store.h"

#include <utility>

#include "store/alerts.h"
#include "store/auth_event_log.h"

namespace keygate::detect {

namespace {

store::AlertRecord ToRecord(const Alert& a) {
  return {a.kind,  a.severity,   a.subject,   a.login,   a.client_ip,     a.key_id,
          a.count, a.first_seen, a.last_seen, a.message, a.recommendation};
}

Alert FromRecord(store::AlertRecord r) {
  Alert a;
  a.kind = std::move(r.kind);
  a.severity = std::move(r.severity);
  a.subject = std::move(r.subject);
  a.login = std::move(r.login);
  a.client_ip = std::move(r.client_ip);
  a.key_id = r.key_id;
  a.count = r.count;
  a.first_seen = std::move(r.first_seen);
  a.last_seen = std::move(r.last_seen);
  a.message = std::move(r.message);
  a.recommendation = std::move(r.recommendation);
  return a;
}

}  // namespace

StatusOr<std::vector<DetectEvent>> LoadFailures(store::SqlConnection& c, const std::string& since,
                                                int64_t limit) {
  KG_ASSIGN_OR_RETURN(auto events, store::FailedEventsSince(c, since, limit));
  std::vector<DetectEvent> out;
  out.reserve(events.size());
  for (auto& ev : events) {
    DetectEvent e;
    e.time = std::move(ev.create_date);
    e.channel = std::move(ev.channel);
    e.login = std::move(ev.login);
    e.uid = ev.uid;
    e.key_id = ev.key_id;
    e.client_ip = std::move(ev.client_ip);
    e.peer_address = std::move(ev.peer_address);
    e.success = false;
    e.reason = std::move(ev.reason);
    out.push_back(std::move(e));
  }
  return out;
}

StatusOr<std::vector<KeyUse>> LoadKeyUses(store::SqlConnection& c, const std::string& since) {
  KG_ASSIGN_OR_RETURN(auto rows, store::KeyUsesSince(c, since));
  std::vector<KeyUse> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    out.push_back({r.key_id, std::move(r.login), std::move(r.client_ip), std::move(r.first_seen),
                   std::move(r.last_seen), r.count});
  }
  return out;
}

StatusOr<std::map<int64_t, std::set<std::string>>> LoadKnownNetworks(
    store::SqlConnection& c, const std::set<int64_t>& key_ids, const std::string& before) {
  std::map<int64_t, std::set<std::string>> out;
  for (int64_t key_id : key_ids) {
    KG_ASSIGN_OR_RETURN(auto known, store::NetworksOfKey(c, key_id));
    std::set<std::string>& nets = out[key_id];
    nets.insert(known.begin(), known.end());
    if (!nets.empty()) continue;
    KG_ASSIGN_OR_RETURN(auto addresses, store::AddressesKeyUsedFrom(c, key_id, before));
    for (const std::string& address : addresses) {
      if (auto net = NetworkOf(address)) nets.insert(*net);
    }
  }
  return out;
}

Status RememberNetworks(store::SqlConnection& c, const std::vector<KeyNetwork>& networks) {
  std::vector<store::KeyNetworkRow> rows;
  rows.reserve(networks.size());
  for (const auto& n : networks) rows.push_back({n.key_id, n.network, n.first_seen, n.last_seen});
  return store::UpsertKeyNetworks(c, rows);
}

StatusOr<std::map<std::string, int64_t>> LoadCoverage(store::SqlConnection& c,
                                                      const std::string& since,
                                                      int64_t window_seconds) {
  KG_ASSIGN_OR_RETURN(auto rows, store::LatestAlertsSince(c, since));
  std::map<std::string, int64_t> out;
  for (const auto& r : rows) {
    auto ms = ParseEventMillis(r.latest_first_seen);
    if (!ms) continue;
    out[AlertKey(r.kind, r.subject)] = *ms + window_seconds * 1000;
  }
  return out;
}

StatusOr<std::optional<StoredAlert>> RecordAlert(store::SqlConnection& c, const Alert& a,
                                                 const std::string& now_utc) {
  KG_ASSIGN_OR_RETURN(auto id, store::InsertAlert(c, ToRecord(a), now_utc));
  if (!id) return std::optional<StoredAlert>();
  StoredAlert s;
  s.id = *id;
  s.create_date = now_utc;
  s.alert = a;
  return std::optional<StoredAlert>(std::move(s));
}

StatusOr<std::vector<StoredAlert>> ListAlerts(store::SqlConnection& c, const std::string& since,
                                              int64_t limit) {
  KG_ASSIGN_OR_RETURN(auto rows, store::ListAlertRows(c, since, limit));
  std::vector<StoredAlert> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    StoredAlert s;
    s.id = r.id;
    s.create_date = std::move(r.create_date);
    s.alert = FromRecord(std::move(r.alert));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace keygate::detect
