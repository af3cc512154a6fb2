// Names of auth reasons, read back.
#include "auth/auth_reason.h"

namespace keygate::auth {

std::optional<AuthReason> ParseReason(std::string_view name) {
  for (int i = 0; i < kAuthReasonCount; ++i) {
    const auto reason = static_cast<AuthReason>(i);
    if (name == ReasonName(reason)) return reason;
  }
  return std::nullopt;
}

}  // namespace keygate::auth
