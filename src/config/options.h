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
  // The admin listener (/metrics, /healthz); when admin_http_port is unset /healthz is on
  // http_port, and /metrics too if public_metrics.
  std::string admin_http_interface = "127.0.0.1";
  std::optional<uint16_t> admin_http_port;  // 0 = any free port
  // Without the admin listener, /metrics is served on http_port only when this is set.
  bool public_metrics = false;
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
  // Password hashes at once (auth/password_slots.h); 0: half of http_threads, at least one.
  int max_password_checks = 0;
  size_t max_request_bytes = size_t{16} * 1024 * 1024;  // larger bodies get HTTP 413
  // Open connections one client address may hold (0: no cap); trusted proxies are exempt.
  size_t max_connections_per_address = 128;
  // How late a refusal is answered, in milliseconds: a request that cannot be read (HTTP 413, 431,
  // 400; XML or JSON malformed or past a bound) that long after it was refused, and every refused
  // credential (wrong, unknown, on cooldown, over its key's limits, password checks busy) no
  // sooner than that after it arrived, nor than a password check takes. A client looping on
  // refusals then gets one answer per delay per connection, so max_connections_per_address
  // bounds what one address can make the server do, and the timing of a refusal does not tell
  // its reason. The answer waits on a timer of the network loop: no worker waits.
  int64_t refusal_delay_ms = 1000;
  size_t credential_cache_size = 8192;        // verified (db, uid, secret) grants kept
  int64_t credential_cache_ttl_seconds = 60;  // longest a cached grant is trusted; 0 = no limit
  size_t policy_cache_size = 1024;            // users whose access policy each serving thread keeps
  bool db_listen = true;              // PostgreSQL: learn of credential changes by LISTEN/NOTIFY
  bool apikey_session_login = false;  // let API keys open web sessions (Odoo refuses them)
  int64_t session_idle_seconds = int64_t{7} * 24 * 3600;  // Odoo's SESSION_LIFETIME
  int64_t session_max_seconds = int64_t{90} * 24 * 3600;  // absolute session lifetime
  int64_t auth_event_retention_days = 90;       // keygate_auth_event rows kept; 0 = forever
  int64_t maintenance_interval_seconds = 3600;  // purge of expired keys, sessions, old events
  // Failed-authentication detection (src/detect) and alert delivery.
  bool detect_enabled = true;           // the server's background detector
  double detect_interval_seconds = 5;   // between passes over new events
  int64_t event_flush_ms = 200;         // between writes of buffered auth events and key last use
  int64_t detect_window_seconds = 300;  // the window every threshold counts in
  int64_t detect_bruteforce_failures = 10;   // failures for one login from one address
  int64_t detect_spray_logins = 5;           // distinct logins failing from one address
  int64_t detect_distributed_addresses = 5;  // distinct addresses failing for one login
  int64_t detect_access_errors = 10;         // AccessErrors of one key (permission probing)
  bool detect_new_network = true;            // alert on a key used from a new /24 or /64
  std::string alert_webhook_url;             // JSON POST of each alert ('' = none)
  int64_t alert_webhook_attempts = 5;        // tries per alert before giving up
  double alert_webhook_backoff_seconds = 1;  // first retry delay, doubled each time (max 300)
  // Servers the console's Doctor page may check besides this one (http(s) URLs, comma-separated).
  std::string console_doctor_urls;
  // Gateway mode (src/gateway): the Odoo keygate stands in front of ('' = keygate serves itself).
  std::string tls_cert;  // HTTPS on http_port: certificate chain (PEM), with tls_key
  std::string tls_key;
  std::string upstream_url;
  std::string upstream_ca_file;  // empty: the system's certificate authorities
  size_t upstream_max_request_bytes = size_t{128} * 1024 * 1024;  // forwarded bodies (Odoo's own)
  int upstream_max_connections = 32;       // keep-alive connections to the upstream at most
  int64_t upstream_timeout_seconds = 120;  // longest the upstream may take to answer a request

  bool operator==(const Options&) const = default;
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
