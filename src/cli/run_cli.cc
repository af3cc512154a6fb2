// The `keygate` command line: global options, subcommand dispatch, option resolution.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "store/postgres/pg_backend.h"
#include "store/sqlite/sqlite_backend.h"

namespace keygate::cli {

int RunCli(int argc, char** argv) {
  CLI::App app{
      "keygate: an API-key authentication server for Odoo's external API (XML-RPC, JSON-RPC).\n"
      "Options also come from -c FILE (odoo.conf format, [options] section) and KEYGATE_* "
      "environment variables; precedence: flag > environment > file > default."};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");

  std::string config_file;
  std::map<std::string, std::string> overrides;
  Action selected;
  app.add_option("-c,--config", config_file, "odoo.conf-style configuration file");
  app.add_option_function<std::string>(
         "--data-dir", [&](const std::string& v) { overrides["data_dir"] = v; },
         "Directory holding <db>.sqlite files (default ./data)")
      ->type_name("DIR");

  Registration reg{&selected, &overrides};
  RegisterServeCommand(app, reg);
  RegisterDbCommands(app, reg);
  RegisterUserCommands(app, reg);
  RegisterKeyCommands(app, reg);
  RegisterConfigCommands(app, reg);
  RegisterEventCommands(app, reg);
  RegisterGroupCommands(app, reg);
  RegisterAccessCommands(app, reg);
  RegisterDoctorCommand(app, reg);
  RegisterAuditCommand(app, reg);
  RegisterAlertCommands(app, reg);
  RegisterKeyRotateCommand(*app.get_subcommand("key"), reg);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  std::optional<std::string> file;
  if (!config_file.empty()) file = config_file;
  auto options = config::LoadOptions(file, overrides);
  if (!options.ok()) return Fail(options.status());

  CliContext ctx;
  ctx.options = *options;
  if (!ctx.options.db_host.empty()) {
    store::PgBackendOptions pg;
    pg.connect.host = ctx.options.db_host;
    pg.connect.port = ctx.options.db_port;
    pg.connect.user = ctx.options.db_user;
    pg.connect.password = ctx.options.db_password;
    pg.connect.sslmode = ctx.options.db_sslmode;
    pg.connect.statement_timeout_ms = ctx.options.db_statement_timeout_ms;
    pg.max_connections = static_cast<size_t>(ctx.options.db_maxconn);
    ctx.backend = std::make_unique<store::PgBackend>(std::move(pg));
  } else {
    auto sqlite = std::make_unique<store::SqliteBackend>(ctx.options.data_dir);
    sqlite->set_statement_timeout_ms(ctx.options.db_statement_timeout_ms);
    ctx.backend = std::move(sqlite);
  }
  if (!selected) return Fail("no command given; see --help");
  return selected(ctx);
}

}  // namespace keygate::cli
