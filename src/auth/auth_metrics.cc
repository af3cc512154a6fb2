// Registration of the authentication metrics.
#include "auth/auth_metrics.h"

namespace keygate::auth {

namespace {

// /metrics may be read by more people than the event log: reasons that would tell a guesser
// which logins exist (unknown, archived) or that a password is right (refused for want of the
// second factor) are counted as wrong passwords there. The event log keeps them apart.
AuthReason PublicReason(AuthReason reason) {
  const bool tells = reason == AuthReason::kUnknownLogin || reason == AuthReason::kUserArchived ||
                     reason == AuthReason::kPasswordRefused2fa;
  return tells ? AuthReason::kWrongPassword : reason;
}

}  // namespace

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
    const auto reason = static_cast<AuthReason>(i);
    if (PublicReason(reason) != reason) continue;
    m.failures[i] = &registry.AddCounter("keygate_auth_failures_total", kFailures,
                                         {{"reason", ReasonName(reason)}});
  }
  m.other_failure =
      &registry.AddCounter("keygate_auth_failures_total", kFailures, {{"reason", "other"}});
  return m;
}

void AuthMetrics::CountFailure(AuthReason reason) const {
  size_t i = static_cast<size_t>(PublicReason(reason));
  metrics::Counter* c = i > 0 && i < kReasons ? failures[i] : other_failure;
  if (c) c->Inc();
}

}  // namespace keygate::auth
