// Python snippet for a new key.
#include "console/key_snippet.h"

#include <cstdio>

namespace keygate::console {

std::string RpcBaseUrl(const ConsoleEnv& env, const services::CallerInfo& caller) {
  const std::string scheme = caller.https ? "https://" : "http://";
  std::string host = caller.host.empty() ? env.server->options.http_interface : caller.host;
  if (!env.on_admin_listener) return scheme + host;
  // Drop the admin port: "[::1]:9090" -> "[::1]", "example.org:9090" -> "example.org".
  const size_t bracket = host.rfind(']');
  const size_t colon = host.rfind(':');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    host.resize(colon);
  }
  const int port = env.rpc_port ? env.rpc_port() : env.server->options.http_port;
  return "http://" + host + ":" + std::to_string(port);
}

std::string PythonString(const std::string& text) {
  std::string s = "\"";
  for (unsigned char c : text) {
    if (c == '\\' || c == '"') {
      s += '\\';
      s += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      s += buf;
    } else {
      s += static_cast<char>(c);
    }
  }
  return s + "\"";
}

std::string PythonSnippet(const std::string& base_url, const std::string& db,
                          const std::string& login, const std::string& key) {
  return "import xmlrpc.client\n\n"
         "url = " +
         PythonString(base_url) + "\ndb = " + PythonString(db) +
         "\nlogin = " + PythonString(login) + "\nkey = " + PythonString(key) +
         "  # the API key, in place of the password\n\n"
         "common = xmlrpc.client.ServerProxy(f\"{url}/xmlrpc/2/common\")\n"
         "uid = common.authenticate(db, login, key, {})\n"
         "models = xmlrpc.client.ServerProxy(f\"{url}/xmlrpc/2/object\")\n"
         "print(models.execute_kw(db, uid, key, \"res.users\", \"read\", [[uid], [\"login\"]]))\n";
}

}  // namespace keygate::console
