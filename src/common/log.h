// One-line structured server log on stderr: "2026-11-27 16:00:00 WARNING auth: message".
// Callers must never pass a secret (API key, password, TOTP secret) into a log line.
// Thread-safety: thread-safe (one write per line).
#pragma once

#include <string_view>

namespace keygate {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

void Log(LogLevel level, std::string_view component, std::string_view message);
void SetMinLogLevel(LogLevel level);

}  // namespace keygate
