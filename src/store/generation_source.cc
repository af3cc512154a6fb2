// The per-call generation source.
#include "store/generation_source.h"

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

}  // namespace keygate::store
