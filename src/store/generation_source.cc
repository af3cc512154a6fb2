// The per-call generation source, and the wait for the watchers of other processes.
#include "store/generation_source.h"

#include <algorithm>
#include <thread>

#include "store/repositories.h"

namespace keygate::store {

StatusOr<int64_t> QueryGenerationSource::Current(SqlConnection& c, const std::string& /*db*/) {
  StampedValue* memo = c.generation_memo();
  // The stamp first: a commit after it makes the next stamp differ, whatever the read saw.
  const std::optional<CommitStamp> stamp = memo ? c.CommitStampNow() : std::nullopt;
  if (stamp) {
    if (std::optional<int64_t> known = memo->Find(*stamp)) return *known;
  }
  KG_ASSIGN_OR_RETURN(int64_t generation, AuthGeneration(c));
  if (stamp) memo->Remember(*stamp, generation);
  return generation;
}

GenerationSource& PerCallGenerationSource() {
  static QueryGenerationSource source;
  return source;
}

StatusOr<int> WaitForWatchers(SqlConnection& c, int64_t generation,
                              std::chrono::milliseconds timeout) {
  if (c.dialect().name() != "postgresql") return 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  while (true) {
    // Every watcher session of this database, with the generation it shows.
    KG_ASSIGN_OR_RETURN(ResultSet rows,
                        c.Query("SELECT substr(application_name, ?) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND application_name LIKE ?",
                                {static_cast<int64_t>(kWatcherSessionName.size() + 1),
                                 std::string(kWatcherSessionName) + "%"}));
    int behind = 0;
    for (const auto& row : rows.rows()) {
      if (AsInt(row[0]) < generation) ++behind;
    }
    if (behind == 0 || std::chrono::steady_clock::now() >= deadline) return behind;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

}  // namespace keygate::store
