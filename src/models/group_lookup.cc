// Listing groups and resolving a group named by an administrator.
#include "models/group_lookup.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "store/group_catalog.h"

namespace keygate::models {

namespace {

// Lower case, and no spaces around '/', so "Sales/User" and "sales / user" compare equal.
std::string Normalize(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t') {
      size_t j = s.find_first_not_of(" \t", i);
      bool next_slash = j != std::string::npos && s[j] == '/';
      bool prev_slash = !out.empty() && out.back() == '/';
      if (next_slash || prev_slash || out.empty() || j == std::string::npos) continue;
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Quoted(const GroupInfo& g) {
  return "\"" + g.full_name + "\"" + (g.xml_id.empty() ? "" : " (" + g.xml_id + ")");
}

}  // namespace

StatusOr<std::vector<GroupInfo>> ListGroups(store::SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto rows, store::AllGroups(c));
  std::map<int64_t, size_t> by_id;
  std::vector<GroupInfo> out;
  out.reserve(rows.size());
  for (store::GroupRow& r : rows) {
    GroupInfo g;
    g.id = r.id;
    g.name = std::move(r.name);
    g.category = r.category.value_or("");
    g.full_name = g.category.empty() ? g.name : g.category + " / " + g.name;
    g.api_key_duration = r.api_key_duration;
    g.xml_id = r.xml_id.value_or("");
    g.members = r.members;
    out.push_back(std::move(g));
  }
  std::sort(out.begin(), out.end(),
            [](const GroupInfo& a, const GroupInfo& b) { return a.full_name < b.full_name; });
  for (size_t i = 0; i < out.size(); ++i) by_id[out[i].id] = i;
  KG_ASSIGN_OR_RETURN(auto implied, store::GroupImplications(c));
  for (const auto& [gid, hid] : implied) {
    auto it = by_id.find(gid);
    if (it != by_id.end()) out[it->second].implied_ids.push_back(hid);
  }
  return out;
}

StatusOr<GroupInfo> ResolveGroup(store::SqlConnection& c, const std::string& spec) {
  KG_ASSIGN_OR_RETURN(auto groups, ListGroups(c));
  const std::string want = Normalize(spec);
  std::vector<const GroupInfo*> matches;
  for (const auto& g : groups) {
    if (g.xml_id == spec || Normalize(g.full_name) == want) matches.push_back(&g);
  }
  if (matches.empty()) {
    for (const auto& g : groups) {
      if (Normalize(g.name) == want) matches.push_back(&g);
    }
  }
  if (matches.size() == 1) return *matches[0];
  if (matches.size() > 1) {
    std::string msg = "group \"" + spec + "\" is ambiguous; say which one:";
    for (const auto* g : matches) msg += "\n  " + Quoted(*g);
    return UserError(msg);
  }
  std::vector<std::pair<size_t, const GroupInfo*>> scored;
  for (const auto& g : groups) {
    size_t d =
        std::min(EditDistance(want, Normalize(g.full_name)), EditDistance(want, Normalize(g.name)));
    if (!g.xml_id.empty()) d = std::min(d, EditDistance(spec, g.xml_id));
    // A prefix typed slightly wrong ("Sales / Users") is close to every group it begins.
    const std::string full = Normalize(g.full_name);
    d = std::min(d, EditDistance(want, full.substr(0, want.size())) + 1);
    bool contains = full.find(want) != std::string::npos;
    scored.emplace_back(contains ? 0 : d, &g);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string msg = "no group \"" + spec + "\"";
  size_t shown = 0;
  for (const auto& [d, g] : scored) {
    if (shown == 5 || d > std::max<size_t>(4, want.size() / 2)) break;
    msg += (shown == 0 ? "; did you mean:" : "") + std::string("\n  ") + Quoted(*g);
    ++shown;
  }
  if (shown == 0) msg += "; `keygate group list --db DB` lists the groups";
  return UserError(msg);
}

}  // namespace keygate::models
