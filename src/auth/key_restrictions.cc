// Per-key restrictions: parsing, storage and the per-process cache.
#include "auth/key_restrictions.h"

#include <cmath>
#include <cstdio>

#include "store/key_metadata.h"

namespace keygate::auth {

namespace {

std::string FormatCount(double n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", n);
  return buf;
}

std::string JoinNetworks(const std::vector<IpNetwork>& nets) {
  std::string out;
  for (const auto& n : nets) {
    if (!out.empty()) out += ",";
    out += n.ToString();
  }
  return out;
}

}  // namespace

StatusOr<RateSpec> ParseRate(std::string_view text) {
  auto bad = [&] {
    return InvalidRequest("invalid rate limit '" + std::string(text) +
                          "': expected COUNT/UNIT, e.g. 10/s, 600/min or 1000/h");
  };
  size_t slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash > 12) return bad();
  std::string count_text(text.substr(0, slash));
  std::string unit(text.substr(slash + 1));
  char* end = nullptr;
  double count = std::strtod(count_text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(count) || count <= 0 || count > 1e9) return bad();
  for (char ch : count_text) {
    if (!(std::isdigit(static_cast<unsigned char>(ch)) || ch == '.')) return bad();
  }
  RateSpec r;
  r.count = count;
  std::string canonical;
  if (unit == "s" || unit == "sec" || unit == "second") {
    r.period_seconds = 1;
    canonical = "s";
  } else if (unit == "m" || unit == "min" || unit == "minute") {
    r.period_seconds = 60;
    canonical = "min";
  } else if (unit == "h" || unit == "hour") {
    r.period_seconds = 3600;
    canonical = "h";
  } else if (unit == "d" || unit == "day") {
    r.period_seconds = 86400;
    canonical = "d";
  } else {
    return bad();
  }
  r.text = FormatCount(count) + "/" + canonical;
  return r;
}

std::string KeyRestriction::Describe() const {
  std::string out;
  if (!allowed.empty()) out = "allow " + JoinNetworks(allowed);
  if (rate) out += (out.empty() ? "" : "; ") + std::string("rate ") + rate->text;
  return out;
}

Status SaveKeyRestriction(store::SqlConnection& c, int64_t key_id,
                          const std::vector<std::string>& allowed_networks,
                          const std::string& rate_limit) {
  std::vector<IpNetwork> nets;
  for (const auto& text : allowed_networks) {
    KG_ASSIGN_OR_RETURN(auto list, ParseIpNetworkList(text));
    nets.insert(nets.end(), list.begin(), list.end());
  }
  std::optional<RateSpec> rate;
  if (!rate_limit.empty()) {
    KG_ASSIGN_OR_RETURN(rate, ParseRate(rate_limit));
  }
  if (nets.empty() && !rate) return Status::Ok();
  store::KeyRestrictionRow row;
  if (!nets.empty()) row.allowed_networks = JoinNetworks(nets);
  if (rate) row.rate_limit = rate->text;
  return store::UpsertKeyRestriction(c, key_id, row);
}

namespace {

// A stored row that no longer parses (edited by hand) denies everything rather than nothing.
KeyRestriction FromRow(const store::KeyRestrictionRow& r) {
  KeyRestriction k;
  if (r.allowed_networks) {
    auto nets = ParseIpNetworkList(*r.allowed_networks);
    if (nets.ok() && !nets->empty()) {
      k.allowed = *nets;
    } else {
      k.allowed.push_back(*ParseIpNetwork("0.0.0.0/32"));  // matches no real client
    }
  }
  if (r.rate_limit) {
    auto rate = ParseRate(*r.rate_limit);
    if (rate.ok()) k.rate = *rate;
  }
  return k;
}

}  // namespace

StatusOr<KeyRestriction> LoadKeyRestriction(store::SqlConnection& c, int64_t key_id) {
  KG_ASSIGN_OR_RETURN(auto row, store::FindKeyRestriction(c, key_id));
  if (!row) return KeyRestriction{};
  return FromRow(*row);
}

StatusOr<std::map<int64_t, KeyRestriction>> LoadAllKeyRestrictions(store::SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rows, store::AllKeyRestrictions(c));
  std::map<int64_t, KeyRestriction> out;
  for (const auto& [key_id, row] : rows) out[key_id] = FromRow(row);
  return out;
}

StatusOr<KeyRestriction> RestrictionCache::Get(store::SqlConnection& c, const std::string& db,
                                               int64_t key_id, int64_t generation) {
  const std::string k = db + '\n' + std::to_string(key_id);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(k);
    if (it != entries_.end() && it->second.generation == generation &&
        (ttl_.count() == 0 || now - it->second.loaded < ttl_)) {
      return it->second.restriction;
    }
  }
  KG_ASSIGN_OR_RETURN(KeyRestriction r, LoadKeyRestriction(c, key_id));
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= capacity_) entries_.clear();  // rare; refilled from the table
  entries_[k] = Entry{generation, now, r};
  return r;
}

void RestrictionCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
}

}  // namespace keygate::auth
