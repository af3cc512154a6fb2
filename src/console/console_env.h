// What every console page needs: the server's context, the proxy rules for client addresses, and
// where the console is served (which decides the URL shown in the Python snippet); and the
// signed-in administrator of a request.
// Thread-safety: read-only after start-up.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "auth/ip_network.h"
#include "services/server_context.h"

namespace keygate::console {

struct ConsoleEnv {
  const services::ServerContext* server = nullptr;
  std::vector<auth::IpNetwork> trusted_proxies;
  bool on_admin_listener = false;  // served on admin_http_port, not on the RPC port
  std::function<int()> rpc_port;   // the RPC port once bound (empty: options.http_port)
};

// A member of Administration / Settings signed in to one database.
struct Admin {
  std::string db;
  int64_t uid = 0;
  std::string login;
  std::string name;
  std::string cookie;  // the console cookie's value (the session)
  std::string csrf;    // the session's CSRF token, put in every form
};

}  // namespace keygate::console
