// The one way a fuzz target reports a broken invariant: print what broke, then abort(), which
// libFuzzer records as a crash (with the input) and the corpus replay as a failed test.
// Thread-safety: stateless.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace keygate::fuzz {

[[noreturn]] inline void InvariantBroken(std::string_view what) {
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

// Aborts with `what` unless `condition` holds.
inline void Check(bool condition, std::string_view what) {
  if (!condition) InvariantBroken(what);
}

}  // namespace keygate::fuzz
