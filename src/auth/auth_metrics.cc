// Registration of the authentication metrics.
#include "auth/auth_metrics.h"

namespace keygate::auth {

AuthMetrics AuthMetrics::Register(metrics::Registry& registry) {
  AuthMetrics m;
  m.cache_hits = &registry.AddCounter("keygate_credential_cache_hits_total",
                                      "Credential checks answered from the verified-credential "
                                      "cache (no hash computed).");
  m.cache_misses = &registry.AddCounter(
      "keygate_credential_cache_misses_total",
      "Credential checks not found in the verified-credential cache (checked against storage).");
  const char* kVerify =
      "PBKDF2-SHA512 verifications and the time they took, by kind (key: an API key's 6000 "
      "rounds, password: a user's password).";
  m.key_verify_seconds = &registry.AddHistogram("keygate_pbkdf2_verify_seconds", kVerify,
                                                metrics::LatencyBuckets(), {{"kind", "key"}});
  m.password_verify_seconds = &registry.AddHistogram(
      "keygate_pbkdf2_verify_seconds", kVerify, metrics::LatencyBuckets(), {{"kind", "password"}});
  const char* kFailures = "Failed authentication attempts by reason (as in the auth event log).";
  for (size_t i = 1; i < kReasons; ++i) {
    m.failures[i] = &registry.AddCounter("keygate_auth_failures_total", kFailures,
                                         {{"reason", ReasonName(static_cast<AuthReason>(i))}});
  }
  m.other_failure =
      &registry.AddCounter("keygate_auth_failures_total", kFailures, {{"reason", "other"}});
  return m;
}

void AuthMetrics::CountFailure(AuthReason reason) const {
  size_t i = static_cast<size_t>(reason);
  metrics::Counter* c = i > 0 && i < kReasons ? failures[i] : other_failure;
  if (c) c->Inc();
}

}  // namespace keygate::auth
