// `keygate serve`: wires storage, authentication, models and the HTTP front end, then serves until
// SIGINT or SIGTERM.
#include <signal.h>

#include <thread>

#include "auth/auth_events.h"
#include "auth/authenticator.h"
#include "auth/credential_cache.h"
#include "auth/ip_network.h"
#include "auth/maintenance.h"
#include "cli/commands.h"
#include "common/log.h"
#include "http/server.h"
#include "models/registry.h"
#include "services/auth_defences.h"
#include "services/server_context.h"
#include "web/router.h"

namespace keygate::cli {

namespace {

int Serve(CliContext& ctx) {
  auto registry = models::Registry::LoadEmbedded();
  if (!registry.ok()) return Fail(registry.status());
  auto trusted = auth::ParseIpNetworkList(ctx.options.trusted_proxies);
  if (!trusted.ok()) return Fail("option trusted_proxies: " + trusted.status().message());
  if (!trusted->empty() && !ctx.options.proxy_mode) {
    Log(LogLevel::kWarning, "server",
        "trusted_proxies is set but proxy_mode is off: forwarding headers are ignored");
  }
  auth::CredentialCache cache(ctx.options.credential_cache_size);
  auth::Authenticator authenticator(cache, DefaultClock());

  services::ServerContext sctx;
  sctx.options = ctx.options;
  sctx.backend = ctx.backend.get();
  sctx.authenticator = &authenticator;
  sctx.registry = &*registry;
  sctx.clock = &DefaultClock();
  services::Defences defences;
  defences.trusted_proxies = *trusted;
  sctx.defences = &defences;

  http::ServerOptions hopts;
  hopts.interface = ctx.options.http_interface;
  hopts.port = ctx.options.http_port;
  hopts.max_body_bytes = ctx.options.max_request_bytes;
  hopts.worker_threads = ctx.options.http_threads;

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Background threads start after the mask so that only the waiter below sees the signals.
  auth::AuthEventLog events(*ctx.backend);
  events.Start();
  defences.events = &events;
  auth::MaintenanceSettings msettings;
  msettings.interval_seconds = ctx.options.maintenance_interval_seconds;
  msettings.event_retention_days = ctx.options.auth_event_retention_days;
  msettings.session_idle_seconds = ctx.options.session_idle_seconds;
  msettings.session_max_seconds = ctx.options.session_max_seconds;
  auth::Maintenance maintenance(*ctx.backend, DefaultClock(), msettings);
  maintenance.Start();

  http::Server server(hopts, web::MakeRouter(sctx));
  Status started = server.Start();
  if (!started.ok()) return Fail(started);
  std::string host = hopts.interface.find(':') != std::string::npos ? "[" + hopts.interface + "]"
                                                                    : hopts.interface;
  Log(LogLevel::kInfo, "server",
      "keygate serving on http://" + host + ":" + std::to_string(server.port()) + " (data_dir " +
          ctx.options.data_dir + ", Odoo " + ctx.options.server_version + ")");

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    Log(LogLevel::kInfo, "server", "stopping on signal " + std::to_string(sig));
    server.Stop();
  });
  server.Wait();
  // Wake the waiter if the server stopped by itself.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  // No request runs any more: write the buffered auth events, stop the housekeeping.
  maintenance.Stop();
  events.Stop();
  return 0;
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
    serve
        ->add_option_function<std::string>(
            flag, [reg, name](const std::string& v) { (*reg.options)[name] = v; }, spec.help)
        ->type_name("VALUE");
  }
  serve->callback([reg] { *reg.selected = Serve; });
}

}  // namespace keygate::cli
