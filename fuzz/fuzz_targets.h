// The fuzz entry points as ordinary functions, so the same code runs under libFuzzer
// (xmlrpc_fuzz, json_fuzz) and in the always-built fuzz_corpus_test.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>

namespace keygate::fuzz {

// Each feeds `data` to the parsers and, on success, to the serialisers, and checks the
// invariants of the codec. Returns false when an invariant does not hold (a bug); a rejected
// input is not a failure.
bool FuzzXmlRpc(const uint8_t* data, size_t size);
bool FuzzJson(const uint8_t* data, size_t size);

}  // namespace keygate::fuzz
