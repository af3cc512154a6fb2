// `keygate serve`: wires storage, authentication, models and the HTTP front end, then serves until
// SIGINT or SIGTERM.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "auth/auth_events.h"
#include "auth/auth_metrics.h"
#include "auth/authenticator.h"
#include "auth/credential_cache.h"
#include "auth/ip_network.h"
#include "auth/maintenance.h"
#include "cli/commands.h"
#include "common/log.h"
#include "console/console_handler.h"
#include "detect/detector.h"
#include "gateway/gateway_handler.h"
#include "http/server.h"
#include "metrics/registry.h"
#include "models/registry.h"
#include "services/auth_defences.h"
#include "services/server_context.h"
#include "store/generation_source.h"
#include "store/postgres/pg_auth_listener.h"
#include "store/postgres/pg_backend.h"
#include "web/admin_endpoints.h"
#include "web/request_metrics.h"
#include "web/router.h"

namespace keygate::cli {

namespace {

// "127.0.0.1" or "[::1]", for the "serving on http://..." lines.
std::string UrlHost(const std::string& interface) {
  return interface.find(':') != std::string::npos ? "[" + interface + "]" : interface;
}

// The process gauges of GET /metrics, read at scrape time.
void RegisterProcessMetrics(metrics::Registry& registry, const auth::AuthEventLog& events,
                            const auth::CredentialCache& cache) {
  const auto start = std::chrono::steady_clock::now();
  registry.AddCallback(
      "keygate_uptime_seconds", "Seconds since the server started.", metrics::MetricType::kGauge,
      [start] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      });
  registry.AddCallback("keygate_auth_events_dropped_total",
                       "Auth events dropped because the event log buffer was full.",
                       metrics::MetricType::kCounter,
                       [&events] { return static_cast<double>(events.dropped()); });
  registry.AddCallback(
      "keygate_credential_cache_entries", "Verified credentials held in the credential cache.",
      metrics::MetricType::kGauge, [&cache] { return static_cast<double>(cache.size()); });
}

Status Serve(CliContext& ctx) {
  auto registry = models::Registry::LoadEmbedded();
  if (!registry.ok()) return Fail(registry.status());
  auto trusted = auth::ParseIpNetworkList(ctx.options.trusted_proxies);
  if (!trusted.ok()) return Fail("option trusted_proxies: " + trusted.status().message());
  if (!trusted->empty() && !ctx.options.proxy_mode) {
    Log(LogLevel::kWarning, "server",
        "trusted_proxies is set but proxy_mode is off: forwarding headers are ignored");
  }
  auth::CredentialCache cache(ctx.options.credential_cache_size,
                              ctx.options.credential_cache_ttl_seconds);
  // On PostgreSQL the auth generation comes from LISTEN/NOTIFY (one watcher thread per database,
  // started on its first call); elsewhere, or with db_listen off, it is read on every call.
  std::unique_ptr<store::PgAuthListener> listener;
  store::GenerationSource* generations = &store::PerCallGenerationSource();
  if (auto* pg = dynamic_cast<store::PgBackend*>(ctx.backend.get());
      pg != nullptr && ctx.options.db_listen) {
    listener = std::make_unique<store::PgAuthListener>(pg->options().connect);
    generations = listener.get();
  }
  auth::Authenticator authenticator(cache, DefaultClock(), *generations);
  // GET /metrics: series resolved once here, counted lock-free on the request path.
  metrics::Registry metrics_registry;
  const auth::AuthMetrics auth_metrics = auth::AuthMetrics::Register(metrics_registry);
  authenticator.set_metrics(&auth_metrics);
  web::RequestMetrics request_metrics(metrics_registry);

  services::ServerContext sctx;
  sctx.options = ctx.options;
  sctx.backend = ctx.backend.get();
  sctx.authenticator = &authenticator;
  sctx.registry = &*registry;
  sctx.clock = &DefaultClock();
  services::Defences defences;
  defences.trusted_proxies = *trusted;
  defences.restrictions.SetTtlSeconds(ctx.options.credential_cache_ttl_seconds);
  if (listener) {
    // After a reconnect nothing cached before it is trusted (the database may even be new).
    listener->SetResyncCallback([&cache, &defences](const std::string&) {
      cache.Clear();
      defences.restrictions.Clear();
    });
  }
  defences.metrics = &auth_metrics;
  auth::PasswordSlots password_slots(
      auth::PasswordSlots::LimitsFor(ctx.options.http_threads, ctx.options.max_password_checks));
  defences.password_slots = &password_slots;
  sctx.defences = &defences;

  // Gateway mode: everything but keygate's own pages goes to the upstream Odoo.
  std::unique_ptr<gateway::Gateway> gate;
  if (!ctx.options.upstream_url.empty()) {
    auto url = gateway::ParseUpstreamUrl(ctx.options.upstream_url);
    if (!url.ok()) return Fail(url.status());
    gateway::UpstreamLimits limits;
    limits.max_connections = ctx.options.upstream_max_connections;
    limits.answer_timeout = std::chrono::seconds(ctx.options.upstream_timeout_seconds);
    std::shared_ptr<http::TlsClientContext> tls;
    if (url->tls()) {
      auto made = http::TlsClientContext::Make(ctx.options.upstream_ca_file);
      if (!made.ok())
        return Fail(InvalidRequest("option upstream_ca_file: " + made.status().message()));
      tls = *made;
    }
    gate = std::make_unique<gateway::Gateway>(*url, limits, tls, DefaultClock());
    gate->trusted_proxies = *trusted;
    gate->max_request_bytes = ctx.options.upstream_max_request_bytes;
  }

  http::ServerOptions hopts;
  hopts.interface = ctx.options.http_interface;
  hopts.port = ctx.options.http_port;
  // In gateway mode one limit for the server, the larger: forwarded bodies are held to
  // upstream_max_request_bytes by the gateway, keygate's own routes to max_request_bytes.
  hopts.max_body_bytes =
      gate ? std::max(ctx.options.max_request_bytes, ctx.options.upstream_max_request_bytes)
           : ctx.options.max_request_bytes;
  hopts.worker_threads = ctx.options.http_threads;
  hopts.max_connections_per_address = ctx.options.max_connections_per_address;
  hopts.refusal_delay = std::chrono::milliseconds(ctx.options.refusal_delay_ms);
  hopts.tls_cert_file = ctx.options.tls_cert;
  hopts.tls_key_file = ctx.options.tls_key;
  // Long answers relayed from the upstream Odoo may pause as long as Odoo may take to answer.
  hopts.relay_stall_seconds = static_cast<int>(
      std::clamp<int64_t>(ctx.options.upstream_timeout_seconds, 1, int64_t{24} * 3600));
  // Uploads that keygate only passes through go to Odoo as they arrive.
  if (gate) hopts.stream_request_body = gateway::StreamsUpload;
  if (ctx.options.proxy_mode && !defences.trusted_proxies.empty()) {
    // Everyone behind a trusted proxy shares its address: the proxy is not capped.
    hopts.exempt_from_address_cap = [&defences](const std::string& peer) {
      return auth::AnyContains(defences.trusted_proxies, peer);
    };
  }

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Background threads start after the mask so that only the waiter below sees the signals.
  auth::AuthEventLog events(*ctx.backend, auth::AuthEventLog::kDefaultCapacity,
                            static_cast<int>(ctx.options.event_flush_ms));
  events.Start();
  defences.events = &events;
  RegisterProcessMetrics(metrics_registry, events, cache);
  auth::MaintenanceSettings msettings;
  msettings.interval_seconds = ctx.options.maintenance_interval_seconds;
  msettings.event_retention_days = ctx.options.auth_event_retention_days;
  msettings.session_idle_seconds = ctx.options.session_idle_seconds;
  msettings.session_max_seconds = ctx.options.session_max_seconds;
  auth::Maintenance maintenance(*ctx.backend, DefaultClock(), msettings);
  // Failed-authentication detection over the event log, with the webhook on its own thread.
  auto started_webhook = detect::StartWebhookFromOptions(ctx.options);
  if (!started_webhook.ok()) return Fail(started_webhook.status());
  std::unique_ptr<detect::WebhookSender> webhook = std::move(*started_webhook);
  detect::Detector detector(*ctx.backend, DefaultClock(), detect::SettingsFromOptions(ctx.options),
                            webhook.get());
  detect::DetectorThread detection(detector, events, DefaultClock(),
                                   ctx.options.detect_interval_seconds,
                                   ctx.options.detect_window_seconds);

  // /metrics, /healthz and the web console (/keygate): on their own listener when
  // admin_http_port is set (and then not on the public port), else on the public port in front
  // of the router, /metrics there only with public_metrics.
  http::Handler app = web::InstrumentHandler(
      gate ? gateway::MakeGatewayHandler(sctx, *gate) : web::MakeRouter(sctx), &request_metrics);
  // The console names the public port in its snippets (on the admin listener) and its Doctor
  // page checks it (0 until bound).
  std::atomic<int> public_port{ctx.options.http_port};
  std::unique_ptr<http::Server> admin;
  if (ctx.options.admin_http_port) {
    http::ServerOptions aopts;
    aopts.interface = ctx.options.admin_http_interface;
    aopts.port = *ctx.options.admin_http_port;
    aopts.max_body_bytes = size_t{64} * 1024;
    aopts.worker_threads = 2;
    aopts.refusal_delay = std::chrono::milliseconds(ctx.options.refusal_delay_ms);
    http::Handler admin_handler = web::MakeAdminHandler(
        sctx, &metrics_registry,
        console::WithConsole(
            console::MakeConsoleHandler(sctx, true, [&public_port] { return public_port.load(); }),
            nullptr));
    if (gate) admin_handler = gateway::WithUpstreamHealth(std::move(admin_handler), *gate);
    admin = std::make_unique<http::Server>(aopts, std::move(admin_handler));
    Status admin_started = admin->Start();
    if (!admin_started.ok()) return Fail("admin listener: " + admin_started.message());
    Log(LogLevel::kInfo, "server",
        "keygate admin on http://" + UrlHost(aopts.interface) + ":" +
            std::to_string(admin->port()) + " (/metrics, /healthz, console /keygate)");
  } else {
    app = web::MakeAdminHandler(
        sctx, ctx.options.public_metrics ? &metrics_registry : nullptr,
        console::WithConsole(
            console::MakeConsoleHandler(sctx, false, [&public_port] { return public_port.load(); }),
            std::move(app)));
    if (gate) app = gateway::WithUpstreamHealth(std::move(app), *gate);
    if (!ctx.options.public_metrics) {
      Log(LogLevel::kInfo, "server",
          "/metrics is not served: set admin_http_port to serve it on an admin listener (or "
          "public_metrics = True to serve it on " +
              std::to_string(hopts.port) + ")");
    }
  }
  http::Server server(hopts, std::move(app));
  Status started = server.Start();
  if (!started.ok()) return Fail(started);
  public_port = server.port();
  // Housekeeping (which deletes expired keys) and detection only once this server is listening:
  // a second `serve` that cannot bind its port changes nothing before it exits.
  maintenance.Start();
  if (ctx.options.detect_enabled) detection.Start();
  Log(LogLevel::kInfo, "server",
      "keygate serving on " + std::string(hopts.tls_cert_file.empty() ? "http" : "https") + "://" +
          UrlHost(hopts.interface) + ":" + std::to_string(server.port()) + " (data_dir " +
          ctx.options.data_dir + ", Odoo " + ctx.options.server_version + ")" +
          (gate ? ", gateway to " + gate->upstream.url().ToString() : std::string()));

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    Log(LogLevel::kInfo, "server", "stopping on signal " + std::to_string(sig));
    server.Stop();
    if (admin) admin->Stop();
  });
  server.Wait();
  // Wake the waiter if the server stopped by itself.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (admin) admin->Stop();
  // No request runs any more: write the buffered auth events, stop the housekeeping.
  maintenance.Stop();
  events.Stop();
  detection.Stop();
  if (webhook) webhook->Stop();
  if (listener) listener->Stop();
  return Status::Ok();
}

}  // namespace

void RegisterServeCommand(CLI::App& app, Registration reg) {
  CLI::App* serve = app.add_subcommand("serve", "Serve Odoo's external API over HTTP");
  for (const auto& spec : config::OptionSpecs()) {
    if (spec.name == "data_dir") continue;
    std::string flag = "--" + spec.name;
    for (char& c : flag) {
      if (c == '_') c = '-';
    }
    std::string name = spec.name;
    CLI::Option* option =
        serve
            ->add_option_function<std::string>(
                flag, [reg, name](const std::string& v) { (*reg.options)[name] = v; }, spec.help)
            ->type_name("VALUE");
    // A boolean option (the one parser, config::SetOption, takes True and refuses other words)
    // may be given alone: `--list-db` is `--list-db True`.
    config::Options probe;
    if (config::SetOption(probe, name, "True").ok() &&
        !config::SetOption(probe, name, "maybe").ok()) {
      option->expected(0, 1)->type_name("[BOOL]");
    }
  }
  serve->callback([reg] { *reg.selected = Serve; });
}

}  // namespace keygate::cli
