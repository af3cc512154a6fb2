// libqrencode -> half-block text, dark modules drawn as spaces on a light quiet zone so the code
// reads on dark and light terminals alike.
#include "cli/terminal_qr.h"

#include <qrencode.h>

#include <memory>

namespace keygate::cli {

StatusOr<std::string> TerminalQr(const std::string& text) {
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
  if (!code) return InternalError("cannot encode the QR code");
  const int n = code->width;
  const int quiet = 4;  // the quiet zone the QR specification asks for
  auto dark = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= n || y >= n) return false;
    return (code->data[y * n + x] & 1) != 0;
  };
  std::string out;
  for (int y = -quiet; y < n + quiet; y += 2) {
    for (int x = -quiet; x < n + quiet; ++x) {
      bool top = dark(x, y);
      bool bottom = dark(x, y + 1);
      // Light = block drawn, dark = blank.
      if (!top && !bottom) {
        out += "\u2588";
      } else if (!top) {
        out += "\u2580";
      } else if (!bottom) {
        out += "\u2584";
      } else {
        out += " ";
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace keygate::cli
