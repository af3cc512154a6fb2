// The URL of a server keygate calls: the doctor's target, an alert webhook, the gateway's
// upstream Odoo. One parser for all of them, so that every place accepts the same forms
// (http and https, IPv6 literals in brackets, an explicit port, a path prefix).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace keygate::http {

struct ClientUrl {
  std::string scheme;     // "http" or "https"
  std::string host;       // without brackets for IPv6 literals
  std::string port;       // explicit or the scheme's default
  std::string path;       // the path exactly as given ("" when none)
  std::string base_path;  // the path as a prefix: "" or "/prefix" (no trailing '/')
  std::string query;      // what followed '?', without it (a fragment is dropped)
  bool default_port = true;

  bool tls() const { return scheme == "https"; }
  // "scheme://host[:port]base_path", for messages.
  std::string ToString() const;
  // The Host header: the host (IPv6 in brackets) and the port unless it is the default.
  std::string HostHeader() const;
  // The request target the URL itself names: its path ("/" when none) and query.
  std::string Target() const;
};

// Parses scheme://host[:port][/path][?query][#fragment]. Errors are kInvalidRequest and start
// with `what` (the option or flag that held the text, e.g. "--url").
StatusOr<ClientUrl> ParseClientUrl(std::string_view text, std::string_view what);

}  // namespace keygate::http
