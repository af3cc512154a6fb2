// Migration bookkeeping in portable SQL: one keygate_migration row per applied file.
#include "store/migrations.h"

#include <algorithm>
#include <set>

#include "common/clock.h"

namespace keygate::store {

namespace {

// Stored timestamps are computed here rather than in SQL so that every backend writes the same
// UTC text.
std::string NowText() { return FormatUtc(DefaultClock().NowUnix()); }

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS keygate_migration ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "NNNN_name.sql" -> NNNN; -1 when the name does not follow the pattern.
int64_t VersionOf(std::string_view name) {
  constexpr std::string_view kSuffix = ".sql";
  size_t digits = 0;
  while (digits < name.size() && IsDigit(name[digits])) ++digits;
  if (digits == 0 || digits > 9) return -1;
  if (name.size() < digits + 1 + 1 + kSuffix.size()) return -1;  // "_" + at least one char
  if (name[digits] != '_') return -1;
  if (name.substr(name.size() - kSuffix.size()) != kSuffix) return -1;
  int64_t v = 0;
  for (size_t i = 0; i < digits; ++i) v = v * 10 + (name[i] - '0');
  return v > 0 ? v : -1;
}

StatusOr<std::set<int64_t>> AppliedVersions(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(ResultSet rs, c.Query("SELECT version FROM keygate_migration", {}));
  std::set<int64_t> out;
  for (const auto& row : rs.rows()) out.insert(AsInt(row[0]));
  return out;
}

// Runs one file and records it, all or nothing. Re-checks inside the transaction so that a
// concurrent migrator that got there first is not repeated.
Status ApplyOne(SqlConnection& c, const MigrationFile& m, bool& applied) {
  applied = false;
  Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  KG_ASSIGN_OR_RETURN(
      ResultSet seen,
      c.Query("SELECT version FROM keygate_migration WHERE version = ?", {SqlValue(m.version)}));
  if (!seen.empty()) return Status::Ok();  // rolled back by tx; nothing to do
  KG_RETURN_IF_ERROR(c.ExecScript(m.sql));
  KG_RETURN_IF_ERROR(c.Exec("INSERT INTO keygate_migration (version, name, applied_at) "
                            "VALUES (?, ?, ?)",
                            {SqlValue(m.version), SqlValue(m.name), SqlValue(NowText())})
                         .status());
  KG_RETURN_IF_ERROR(tx.Commit());
  applied = true;
  return Status::Ok();
}

}  // namespace

StatusOr<std::vector<MigrationFile>> ParseMigrations(const std::vector<EmbeddedFile>& files) {
  std::vector<MigrationFile> out;
  out.reserve(files.size());
  for (const EmbeddedFile& f : files) {
    int64_t v = VersionOf(f.name);
    if (v < 0) {
      return InternalError("migration file \"" + std::string(f.name) +
                           "\" is not named NNNN_name.sql");
    }
    out.push_back({v, std::string(f.name), f.content});
  }
  std::sort(out.begin(), out.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return a.version < b.version; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return InternalError("migration files \"" + out[i - 1].name + "\" and \"" + out[i].name +
                           "\" share a version");
    }
  }
  return out;
}

StatusOr<int64_t> AppliedSchemaVersion(SqlConnection& c) {
  KG_RETURN_IF_ERROR(c.Exec(kCreateTable, {}).status());
  KG_ASSIGN_OR_RETURN(std::set<int64_t> applied, AppliedVersions(c));
  return applied.empty() ? int64_t{0} : *applied.rbegin();
}

StatusOr<int> Migrate(SqlConnection& c, const std::vector<EmbeddedFile>& files) {
  KG_ASSIGN_OR_RETURN(std::vector<MigrationFile> known, ParseMigrations(files));
  KG_RETURN_IF_ERROR(c.Exec(kCreateTable, {}).status());
  KG_ASSIGN_OR_RETURN(std::set<int64_t> applied, AppliedVersions(c));
  int64_t newest_known = known.empty() ? 0 : known.back().version;
  if (!applied.empty() && *applied.rbegin() > newest_known) {
    return Unavailable("the database schema is at version " + std::to_string(*applied.rbegin()) +
                       ", newer than this keygate supports (" + std::to_string(newest_known) +
                       "); upgrade keygate to use this database");
  }
  int count = 0;
  for (const MigrationFile& m : known) {
    if (applied.count(m.version)) continue;
    bool did = false;
    KG_RETURN_IF_ERROR(ApplyOne(c, m, did));
    if (did) ++count;
  }
  return count;
}

}  // namespace keygate::store
