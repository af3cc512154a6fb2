// The ready-to-paste Python snippet shown with a new key: xmlrpc.client against this server's
// RPC port, authenticating with the key in place of the password. Plain text; the page escapes it.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "console/console_env.h"
#include "services/server_context.h"

namespace keygate::console {

// The URL clients use for RPC: this request's scheme and host on the public port; on the admin
// listener, the same host name with http_port.
std::string RpcBaseUrl(const ConsoleEnv& env, const services::CallerInfo& caller);

// A Python string literal ("..." with \ " and control characters escaped).
std::string PythonString(const std::string& text);

std::string PythonSnippet(const std::string& base_url, const std::string& db,
                          const std::string& login, const std::string& key);

}  // namespace keygate::console
