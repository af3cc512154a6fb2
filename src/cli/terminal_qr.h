// Draws a QR code in a terminal with Unicode half blocks (two modules per character cell), so
// `keygate user totp enable` can be scanned straight from the screen.
// Thread-safety: pure function (libqrencode is reentrant).
#pragma once

#include <string>

#include "common/status.h"

namespace keygate::cli {

StatusOr<std::string> TerminalQr(const std::string& text);

}  // namespace keygate::cli
