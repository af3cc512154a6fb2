// The per-call generation source.
#include "store/generation_source.h"

#include "store/repositories.h"

namespace keygate::store {

StatusOr<int64_t> QueryGenerationSource::Current(SqlConnection& c, const std::string& /*db*/) {
  return AuthGeneration(c);
}

GenerationSource& PerCallGenerationSource() {
  static QueryGenerationSource source;
  return source;
}

}  // namespace keygate::store
