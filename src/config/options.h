// keygate's settings, read as Odoo administrators expect: an odoo.conf-style INI file
// ([options] section, Odoo's option names where the meaning is the same), KEYGATE_* environment
// variables, and command-line flags. Precedence: command line > environment > file > default.
// Thread-safety: a value type, built once at start-up and then read-only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace keygate::config {

struct Options {
  std::string http_interface = "127.0.0.1";
  uint16_t http_port = 8069;
  std::string data_dir = "./data";
  // PostgreSQL (store/postgres) when db_host is set; SQLite files in data_dir otherwise.
  std::string db_host;
  int db_port = 5432;
  std::string db_user;
  std::string db_password;  // never printed or logged
  std::string db_sslmode = "prefer";
  int db_maxconn = 64;                      // connections per database
  int64_t db_statement_timeout_ms = 30000;  // longest a statement may run
  bool list_db = true;
  std::string dbfilter;  // Odoo's dbfilter regex ('' = all)
  bool proxy_mode = false;
  std::string trusted_proxies;  // CIDR list: peers whose X-Forwarded-For is believed (proxy_mode)
  std::string server_version = "18.0";  // 17.0, 18.0 or 19.0: version() and JSON-RPC error codes
  int http_threads = 8;                 // worker threads running requests (SQL, hashing)
  size_t max_request_bytes = 16 * 1024 * 1024;  // larger bodies get HTTP 413
  size_t credential_cache_size = 8192;          // verified (db, uid, secret) grants kept
  bool apikey_session_login = false;  // let API keys open web sessions (Odoo refuses them)
  int64_t session_idle_seconds = 7 * 24 * 3600;  // Odoo's SESSION_LIFETIME
  int64_t session_max_seconds = 90 * 24 * 3600;  // absolute session lifetime
  int64_t auth_event_retention_days = 90;        // keygate_auth_event rows kept; 0 = forever
  int64_t maintenance_interval_seconds = 3600;   // purge of expired keys, sessions, old events
};

// One option's metadata: its odoo.conf/INI name, what it means, and how to set it from text.
struct OptionSpec {
  std::string name;  // e.g. "http_port"; env var is KEYGATE_HTTP_PORT, flag --http-port
  std::string help;
};
const std::vector<OptionSpec>& OptionSpecs();

// Sets one option from text; kInvalidRequest with a clear message on a bad value or unknown name.
Status SetOption(Options& options, const std::string& name, const std::string& value);

// Parses an INI text: `[options]` section, `key = value` lines, ';' and '#' comments. Unknown keys
// in [options] are errors (a typo must not silently do nothing); other sections are ignored.
StatusOr<std::map<std::string, std::string>> ParseIni(const std::string& text);

// Builds the options: defaults, then the file (if any), then the environment, then `overrides`
// (the command line: option name -> text).
StatusOr<Options> LoadOptions(const std::optional<std::string>& config_file,
                              const std::map<std::string, std::string>& overrides);

}  // namespace keygate::config
