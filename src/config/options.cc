// Option parsing and precedence (command line > KEYGATE_* environment > INI file > defaults).
#include "config/options.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "common/strings.h"

namespace keygate::config {

namespace {

StatusOr<bool> ParseBool(const std::string& name, const std::string& v) {
  const std::string l = Lower(v);
  if (l == "true" || l == "1" || l == "yes" || l == "on") return true;
  if (l == "false" || l == "0" || l == "no" || l == "off" || l.empty()) return false;
  return InvalidRequest("option " + name + ": expected True or False, got '" + v + "'");
}

StatusOr<int64_t> ParseInt(const std::string& name, const std::string& v, int64_t lo, int64_t hi) {
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || n < lo || n > hi) {
    return InvalidRequest("option " + name + ": expected a whole number from " +
                          std::to_string(lo) + " to " + std::to_string(hi) + ", got '" + v + "'");
  }
  return static_cast<int64_t>(n);
}

// A number of seconds, fractions allowed ("0.2", "5").
StatusOr<double> ParseSeconds(const std::string& name, const std::string& v, double lo, double hi) {
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || errno != 0 || !(d >= lo && d <= hi)) {
    return InvalidRequest("option " + name + ": expected a number of seconds from " +
                          std::to_string(lo).substr(0, 4) + " to " + std::to_string(int64_t(hi)) +
                          ", got '" + v.substr(0, 32) + "'");
  }
  return d;
}

}  // namespace

const std::vector<OptionSpec>& OptionSpecs() {
  static const std::vector<OptionSpec> specs = {
      {"http_interface", "address to listen on (default 127.0.0.1)"},
      {"http_port", "port to listen on (default 8069; 0 picks a free port)"},
      {"tls_cert",
       "PEM file of the certificate chain to serve HTTPS with on http_port (with tls_key; default "
       "unset: plain HTTP)"},
      {"tls_key", "PEM file of the private key of tls_cert (default unset)"},
      {"admin_http_interface",
       "address of the admin listener serving /metrics and /healthz (default 127.0.0.1)"},
      {"admin_http_port",
       "port of the admin listener serving /metrics and /healthz, which then leave the main "
       "port; 0 picks a free port (default unset: /healthz on http_port, /metrics nowhere unless "
       "public_metrics)"},
      {"public_metrics",
       "serve /metrics on http_port when admin_http_port is unset (default False: traffic "
       "figures are not for the public side)"},
      {"data_dir", "directory holding <db>.sqlite files (default ./data)"},
      {"db_host", "PostgreSQL server host or socket directory; unset: SQLite files in data_dir"},
      {"db_port", "PostgreSQL server port (default 5432)"},
      {"db_user", "PostgreSQL user (default: libpq's, the system user name)"},
      {"db_password", "PostgreSQL password (default none)"},
      {"db_sslmode",
       "PostgreSQL sslmode: disable, allow, prefer, require, verify-ca, verify-full "
       "(default prefer)"},
      {"db_maxconn", "most PostgreSQL connections open per database (default 64)"},
      {"db_statement_timeout_ms",
       "longest a statement may run (SQLite or PostgreSQL), in milliseconds; 0: no limit "
       "(default 30000)"},
      {"list_db", "allow db.list and /web/database/list (default True)"},
      {"dbfilter", "regular expression restricting the databases served; %h and %d as in Odoo"},
      {"proxy_mode", "trust X-Forwarded-* headers from a reverse proxy (default False)"},
      {"trusted_proxies",
       "addresses/networks of the reverse proxies whose X-Forwarded-For is believed when "
       "proxy_mode is on, e.g. 127.0.0.1/32, 10.0.0.0/8 (default none)"},
      {"server_version", "Odoo version to present: 17.0, 18.0 or 19.0 (default 18.0)"},
      {"http_threads", "worker threads running requests (default 8)"},
      {"max_password_checks",
       "password hashes run at once; an address may hold half of them and a login one, and an "
       "attempt past them is refused at once (default 0: half of http_threads)"},
      {"max_request_bytes", "largest request body accepted, in bytes (default 16777216)"},
      {"max_connections_per_address",
       "open connections one client address may hold; past it new ones are closed at once "
       "(trusted proxies are exempt; 0: no cap; default 128)"},
      {"refusal_delay_ms",
       "how late a refusal is answered, in milliseconds: a request that cannot be read, after "
       "its refusal; a refused credential, after its arrival (and no sooner than a password "
       "check takes); 0: at once (default 1000)"},
      {"credential_cache_size", "verified credentials kept in memory (default 8192)"},
      {"policy_cache_size",
       "users whose access policy each serving thread keeps per database (default 1024)"},
      {"credential_cache_ttl_seconds",
       "longest a verified credential is trusted from the cache, in seconds; 0 = as long as "
       "nothing changes (default 60)"},
      {"db_listen",
       "PostgreSQL: learn of revoked keys and other credential changes by LISTEN/NOTIFY instead "
       "of a query per call (default True; off behind a pooler without LISTEN)"},
      {"apikey_session_login", "let API keys log in to web sessions (default False, as Odoo)"},
      {"session_idle_seconds", "web session idle lifetime in seconds (default 604800)"},
      {"session_max_seconds", "web session absolute lifetime in seconds (default 7776000)"},
      {"auth_event_retention_days", "days auth events are kept; 0 keeps them (default 90)"},
      {"maintenance_interval_seconds",
       "seconds between purges of expired keys, ended sessions and old events (default 3600)"},
      {"detect_enabled", "run failed-authentication detection in the server (default True)"},
      {"event_flush_ms",
       "milliseconds between writes of buffered auth events and key last use (default 200)"},
      {"detect_interval_seconds",
       "seconds between detection passes over new auth events, fractions allowed (default 5)"},
      {"detect_window_seconds", "the window detection thresholds count in (default 300)"},
      {"detect_bruteforce_failures",
       "failures for one login from one address within the window that make a brute-force "
       "alert (default 10)"},
      {"detect_spray_logins",
       "distinct logins failing from one address within the window that make a spraying "
       "alert (default 5)"},
      {"detect_distributed_addresses",
       "distinct addresses failing for one login within the window that make a distributed "
       "attack alert (default 5)"},
      {"detect_access_errors",
       "AccessErrors of one key within the window that make a permission-probing alert "
       "(default 10)"},
      {"detect_new_network",
       "alert when a key is used from a network (/24, /64) it was never used from (default "
       "True)"},
      {"alert_webhook_url", "http(s) URL receiving each alert as a JSON POST (default none)"},
      {"alert_webhook_attempts", "webhook attempts per alert before giving up (default 5)"},
      {"alert_webhook_backoff_seconds",
       "delay before the first webhook retry, doubled after each failure (default 1)"},
      {"console_doctor_urls",
       "http(s) URLs, separated by commas, that the console's Doctor page may check besides this "
       "server (default none: this server only)"},
      {"upstream_url",
       "gateway mode: the http:// or https:// URL of the Odoo keygate forwards to, e.g. "
       "http://127.0.0.1:8070 (default unset: keygate serves its own databases)"},
      {"upstream_ca_file",
       "gateway mode: PEM file of the certificate authorities that an https:// upstream's "
       "certificate is verified against (default unset: the system's)"},
      {"upstream_max_request_bytes",
       "gateway mode: largest request body forwarded to the upstream, in bytes (default "
       "134217728)"},
      {"upstream_max_connections",
       "gateway mode: keep-alive connections to the upstream at most (default 32)"},
      {"upstream_timeout_seconds",
       "gateway mode: longest the upstream may take to answer one request (default 120)"},
  };
  return specs;
}

Status SetOption(Options& o, const std::string& name, const std::string& value) {
  if (name == "tls_cert") {
    o.tls_cert = value == "False" ? "" : value;
  } else if (name == "tls_key") {
    o.tls_key = value == "False" ? "" : value;
  } else if (name == "http_interface") {
    o.http_interface = value;
  } else if (name == "http_port") {
    KG_ASSIGN_OR_RETURN(int64_t p, ParseInt(name, value, 0, 65535));
    o.http_port = static_cast<uint16_t>(p);
  } else if (name == "admin_http_interface") {
    if (value.empty()) return InvalidRequest("option admin_http_interface: must not be empty");
    o.admin_http_interface = value;
  } else if (name == "admin_http_port") {
    if (value.empty() || value == "False") {
      o.admin_http_port.reset();
    } else {
      KG_ASSIGN_OR_RETURN(int64_t p, ParseInt(name, value, 0, 65535));
      o.admin_http_port = static_cast<uint16_t>(p);
    }
  } else if (name == "data_dir") {
    if (value.empty()) return InvalidRequest("option data_dir: must not be empty");
    o.data_dir = value;
  } else if (name == "db_host") {
    // odoo.conf writes "False" for an unset connection setting.
    o.db_host = value == "False" ? "" : value;
  } else if (name == "db_port") {
    if (value == "False" || value.empty()) {
      o.db_port = 5432;
    } else {
      KG_ASSIGN_OR_RETURN(int64_t p, ParseInt(name, value, 1, 65535));
      o.db_port = static_cast<int>(p);
    }
  } else if (name == "db_user") {
    o.db_user = value == "False" ? "" : value;
  } else if (name == "db_password") {
    o.db_password = value == "False" ? "" : value;
  } else if (name == "db_sslmode") {
    static const char* kModes[] = {"disable", "allow",     "prefer",
                                   "require", "verify-ca", "verify-full"};
    if (std::find(std::begin(kModes), std::end(kModes), value) == std::end(kModes)) {
      return InvalidRequest(
          "option db_sslmode: expected disable, allow, prefer, require, "
          "verify-ca or verify-full, got '" +
          value.substr(0, 32) + "'");
    }
    o.db_sslmode = value;
  } else if (name == "db_maxconn") {
    KG_ASSIGN_OR_RETURN(int64_t n, ParseInt(name, value, 1, 10000));
    o.db_maxconn = static_cast<int>(n);
  } else if (name == "db_statement_timeout_ms") {
    KG_ASSIGN_OR_RETURN(o.db_statement_timeout_ms, ParseInt(name, value, 0, int64_t{1} << 31));
  } else if (name == "list_db") {
    KG_ASSIGN_OR_RETURN(o.list_db, ParseBool(name, value));
  } else if (name == "dbfilter") {
    o.dbfilter = value;
  } else if (name == "proxy_mode") {
    KG_ASSIGN_OR_RETURN(o.proxy_mode, ParseBool(name, value));
  } else if (name == "trusted_proxies") {
    o.trusted_proxies = value;  // validated by `keygate serve` (auth/ip_network.h)
  } else if (name == "auth_event_retention_days") {
    KG_ASSIGN_OR_RETURN(o.auth_event_retention_days, ParseInt(name, value, 0, 36500));
  } else if (name == "maintenance_interval_seconds") {
    KG_ASSIGN_OR_RETURN(o.maintenance_interval_seconds,
                        ParseInt(name, value, 1, int64_t{86400} * 7));
  } else if (name == "detect_enabled") {
    KG_ASSIGN_OR_RETURN(o.detect_enabled, ParseBool(name, value));
  } else if (name == "event_flush_ms") {
    KG_ASSIGN_OR_RETURN(o.event_flush_ms, ParseInt(name, value, 10, 3600000));
  } else if (name == "detect_interval_seconds") {
    KG_ASSIGN_OR_RETURN(o.detect_interval_seconds, ParseSeconds(name, value, 0.01, 86400));
  } else if (name == "detect_window_seconds") {
    KG_ASSIGN_OR_RETURN(o.detect_window_seconds, ParseInt(name, value, 1, int64_t{86400} * 7));
  } else if (name == "detect_bruteforce_failures") {
    KG_ASSIGN_OR_RETURN(o.detect_bruteforce_failures, ParseInt(name, value, 1, 1000000));
  } else if (name == "detect_spray_logins") {
    KG_ASSIGN_OR_RETURN(o.detect_spray_logins, ParseInt(name, value, 2, 1000000));
  } else if (name == "detect_distributed_addresses") {
    KG_ASSIGN_OR_RETURN(o.detect_distributed_addresses, ParseInt(name, value, 2, 1000000));
  } else if (name == "detect_access_errors") {
    KG_ASSIGN_OR_RETURN(o.detect_access_errors, ParseInt(name, value, 1, 1000000));
  } else if (name == "detect_new_network") {
    KG_ASSIGN_OR_RETURN(o.detect_new_network, ParseBool(name, value));
  } else if (name == "alert_webhook_url") {
    if (!value.empty() && value != "False" && value.rfind("http://", 0) != 0 &&
        value.rfind("https://", 0) != 0) {
      return InvalidRequest("option alert_webhook_url: expected an http:// or https:// URL");
    }
    o.alert_webhook_url = value == "False" ? "" : value;
  } else if (name == "console_doctor_urls") {
    std::string item;
    for (char c : value + ",") {
      if (c != ',' && c != ' ' && c != '\t') {
        item += c;
        continue;
      }
      if (!item.empty() && item.rfind("http://", 0) != 0 && item.rfind("https://", 0) != 0) {
        return InvalidRequest(
            "option console_doctor_urls: expected http:// or https:// URLs "
            "separated by commas, got '" +
            item.substr(0, 64) + "'");
      }
      item.clear();
    }
    o.console_doctor_urls = value;
  } else if (name == "alert_webhook_attempts") {
    KG_ASSIGN_OR_RETURN(o.alert_webhook_attempts, ParseInt(name, value, 1, 100));
  } else if (name == "alert_webhook_backoff_seconds") {
    KG_ASSIGN_OR_RETURN(o.alert_webhook_backoff_seconds, ParseSeconds(name, value, 0.01, 3600));
  } else if (name == "server_version") {
    if (value != "17.0" && value != "18.0" && value != "19.0") {
      return InvalidRequest("option server_version: expected 17.0, 18.0 or 19.0, got '" + value +
                            "'");
    }
    o.server_version = value;
  } else if (name == "max_password_checks") {
    KG_ASSIGN_OR_RETURN(int64_t n, ParseInt(name, value, 0, 1024));
    o.max_password_checks = static_cast<int>(n);
  } else if (name == "http_threads") {
    KG_ASSIGN_OR_RETURN(int64_t n, ParseInt(name, value, 1, 256));
    o.http_threads = static_cast<int>(n);
  } else if (name == "max_connections_per_address") {
    KG_ASSIGN_OR_RETURN(int64_t n, ParseInt(name, value, 0, 1000000));
    o.max_connections_per_address = static_cast<size_t>(n);
  } else if (name == "refusal_delay_ms") {
    KG_ASSIGN_OR_RETURN(o.refusal_delay_ms, ParseInt(name, value, 0, 60000));
  } else if (name == "max_request_bytes") {
    KG_ASSIGN_OR_RETURN(int64_t n, ParseInt(name, value, 1024, int64_t{1} << 32));
    o.max_request_bytes = static_cast<size_t>(n);
  } else if (name == "credential_cache_ttl_seconds") {
    KG_ASSIGN_OR_RETURN(o.credential_cache_ttl_seconds, ParseInt(name, value, 0, int64_t{1} << 32));
  } else if (name == "db_listen") {
    KG_ASSIGN_OR_RETURN(o.db_listen, ParseBool(name, value));
  } else if (name == "credential_cache_size") {
    KG_ASSIGN_OR_RETURN(int64_t n, ParseInt(name, value, 0, 10000000));
    o.credential_cache_size = static_cast<size_t>(n);
  } else if (name == "policy_cache_size") {
    KG_ASSIGN_OR_RETURN(int64_t n, ParseInt(name, value, 0, 10000000));
    o.policy_cache_size = static_cast<size_t>(n);
  } else if (name == "public_metrics") {
    KG_ASSIGN_OR_RETURN(o.public_metrics, ParseBool(name, value));
  } else if (name == "apikey_session_login") {
    KG_ASSIGN_OR_RETURN(o.apikey_session_login, ParseBool(name, value));
  } else if (name == "session_idle_seconds") {
    KG_ASSIGN_OR_RETURN(o.session_idle_seconds, ParseInt(name, value, 60, int64_t{1} << 40));
  } else if (name == "session_max_seconds") {
    KG_ASSIGN_OR_RETURN(o.session_max_seconds, ParseInt(name, value, 60, int64_t{1} << 40));
  } else if (name == "upstream_url") {
    o.upstream_url = value == "False" ? "" : value;
  } else if (name == "upstream_ca_file") {
    o.upstream_ca_file = value == "False" ? "" : value;
  } else if (name == "upstream_max_request_bytes") {
    KG_ASSIGN_OR_RETURN(int64_t n, ParseInt(name, value, 1024, int64_t{1} << 34));
    o.upstream_max_request_bytes = static_cast<size_t>(n);
  } else if (name == "upstream_max_connections") {
    KG_ASSIGN_OR_RETURN(int64_t n, ParseInt(name, value, 1, 4096));
    o.upstream_max_connections = static_cast<int>(n);
  } else if (name == "upstream_timeout_seconds") {
    KG_ASSIGN_OR_RETURN(o.upstream_timeout_seconds, ParseInt(name, value, 1, 86400));
  } else {
    return InvalidRequest("unknown option '" + name + "'");
  }
  return Status::Ok();
}

StatusOr<std::map<std::string, std::string>> ParseIni(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  std::string section;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    std::string t(Trim(line));
    if (t.empty() || t[0] == ';' || t[0] == '#') continue;
    if (t.front() == '[') {
      if (t.back() != ']') {
        return InvalidRequest("config line " + std::to_string(lineno) + ": unterminated section");
      }
      section = std::string(Trim(t.substr(1, t.size() - 2)));
      continue;
    }
    size_t eq = t.find_first_of("=:");
    if (eq == std::string::npos) {
      return InvalidRequest("config line " + std::to_string(lineno) + ": expected 'key = value'");
    }
    if (section != "options") continue;
    std::string key(Trim(t.substr(0, eq)));
    std::string value(Trim(t.substr(eq + 1)));
    if (value == "False" || value == "None") value = value == "False" ? "False" : "";
    out[key] = value;
  }
  return out;
}

StatusOr<Options> LoadOptions(const std::optional<std::string>& config_file,
                              const std::map<std::string, std::string>& overrides) {
  Options o;
  if (config_file) {
    std::ifstream f(*config_file);
    if (!f) return InvalidRequest("cannot read config file " + *config_file);
    std::stringstream ss;
    ss << f.rdbuf();
    KG_ASSIGN_OR_RETURN(auto ini, ParseIni(ss.str()));
    for (const auto& [k, v] : ini) {
      Status s = SetOption(o, k, v);
      if (!s.ok()) return InvalidRequest(*config_file + ": " + s.message());
    }
  }
  for (const auto& spec : OptionSpecs()) {
    std::string env = "KEYGATE_";
    for (char c : spec.name) env += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (const char* v = std::getenv(env.c_str())) {
      Status s = SetOption(o, spec.name, v);
      if (!s.ok()) return InvalidRequest(env + ": " + s.message());
    }
  }
  for (const auto& [k, v] : overrides) KG_RETURN_IF_ERROR(SetOption(o, k, v));
  return o;
}

}  // namespace keygate::config
