// The `keygate` command line: global options (accepted before or after the subcommand, at any
// depth, and shown in every --help), unknown commands and options named with the closest
// match, option resolution, and the one place that prints a command's outcome and chooses the
// exit code (cli_context.h).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "cli/commands.h"
#include "cli/version.h"
#include "common/close_matches.h"
#include "store/postgres/pg_backend.h"
#include "store/sqlite/sqlite_backend.h"

namespace keygate::cli {

namespace {

constexpr const char* kGlobalGroup = "Global options (before or after the command)";

struct GlobalArgs {
  std::string config_file;
  std::map<std::string, std::string> overrides;
};

// -c/--config and --data-dir on `app` and on every command below it.
void AddGlobalOptions(CLI::App& app, GlobalArgs& g) {
  app.add_option_function<std::string>(
         "-c,--config", [&g](const std::string& v) { g.config_file = v; },
         "odoo.conf-style configuration file ([options] section)")
      ->type_name("FILE")
      ->group(kGlobalGroup);
  app.add_option_function<std::string>(
         "--data-dir", [&g](const std::string& v) { g.overrides["data_dir"] = v; },
         "Directory holding <db>.sqlite files (default ./data)")
      ->type_name("DIR")
      ->group(kGlobalGroup);
  for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return !s->get_name().empty(); })) {
    AddGlobalOptions(*sub, g);
  }
}

std::vector<CLI::App*> Commands(CLI::App& app) {
  return app.get_subcommands([](CLI::App* s) { return !s->get_name().empty(); });
}

std::string PathOf(const CLI::App& app) {
  std::string path = app.get_name();
  for (const CLI::App* p = app.get_parent(); p != nullptr; p = p->get_parent()) {
    if (!p->get_name().empty()) path.insert(0, p->get_name() + " ");
  }
  return path;
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

bool IsHelpToken(const std::string& t) {
  return t == "-h" || t == "--help" || t == "--help-all" || t == "--version";
}

// The command the arguments name (the deepest one reached), and the mistake CLI11 would report
// without saying what to type instead: an unknown command, an unknown option, or a command
// group given without its command. Option values are skipped, so they are never taken for
// commands.
struct Scan {
  CLI::App* command = nullptr;
  Status problem;
};

Scan ScanArguments(CLI::App& app, int argc, char** argv) {
  Scan scan;
  scan.command = &app;
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    const std::string token = argv[i];
    CLI::App* cur = scan.command;
    if (token == "--") break;
    if (IsHelpToken(token)) {
      help = true;
      continue;
    }
    if (token.size() > 1 && token[0] == '-') {
      std::string name = token.substr(0, token.find('='));
      const CLI::Option* opt = cur->get_option_no_throw(name);
      if (opt == nullptr) {
        if (name.size() > 2 && name[1] != '-') continue;  // "-5", combined short flags
        std::vector<std::string> names;
        for (const CLI::Option* o : cur->get_options()) {
          for (const auto& l : o->get_lnames()) names.push_back("--" + l);
        }
        auto close = CloseMatches(name, names);
        scan.problem =
            InvalidRequest("unknown option " + Quoted(name) + " for " + Quoted(PathOf(*cur)) +
                           (close.empty() ? "" : "; did you mean " + Quoted(close.front()) + "?") +
                           " (" + PathOf(*cur) + " --help lists its options)");
        return scan;
      }
      if (token.find('=') == std::string::npos && opt->get_type_size_max() > 0) ++i;
      continue;
    }
    auto commands = Commands(*cur);
    if (commands.empty()) continue;  // a positional argument of a leaf command
    auto named = std::find_if(commands.begin(), commands.end(),
                              [&](CLI::App* c) { return c->check_name(token); });
    if (named != commands.end()) {
      scan.command = *named;
      continue;
    }
    std::vector<std::string> names;
    names.reserve(commands.size());
    for (CLI::App* c : commands) names.push_back(c->get_name());
    auto close = CloseMatches(token, names);
    scan.problem = InvalidRequest(
        "unknown command " + Quoted(PathOf(*cur) + " " + token) +
        (close.empty() ? ""
                       : "; did you mean " + Quoted(PathOf(*cur) + " " + close.front()) + "?") +
        " (" + PathOf(*cur) + " --help lists the commands)");
    return scan;
  }
  CLI::App* cur = scan.command;
  if (!help && cur->get_require_subcommand_min() > 0) {
    std::string names;
    for (CLI::App* c : Commands(*cur)) names += (names.empty() ? "" : ", ") + c->get_name();
    scan.problem = InvalidRequest(Quoted(PathOf(*cur)) + " needs a command: " + names + " (" +
                                  PathOf(*cur) + " --help)");
  }
  return scan;
}

// Where data_dir came from, for messages.
std::string DataDirSource(const GlobalArgs& g, const config::Options& options) {
  if (g.overrides.count("data_dir") != 0) return "--data-dir";
  if (std::getenv("KEYGATE_DATA_DIR") != nullptr) return "KEYGATE_DATA_DIR";
  if (!g.config_file.empty() && options.data_dir != config::Options{}.data_dir) {
    return "data_dir in " + g.config_file;
  }
  return "the default";
}

// Commands that may run on a data directory that does not exist yet (they create it, or do not
// use it).
bool MayCreateDataDir(const std::string& path) {
  static const std::set<std::string> kCommands = {"keygate db create", "keygate serve",
                                                  "keygate version", "keygate completion"};
  return kCommands.count(path) != 0;
}

std::unique_ptr<store::Backend> MakeBackend(const config::Options& o) {
  if (!o.db_host.empty()) {
    store::PgBackendOptions pg;
    pg.connect.host = o.db_host;
    pg.connect.port = o.db_port;
    pg.connect.user = o.db_user;
    pg.connect.password = o.db_password;
    pg.connect.sslmode = o.db_sslmode;
    pg.connect.statement_timeout_ms = o.db_statement_timeout_ms;
    pg.max_connections = static_cast<size_t>(o.db_maxconn);
    return std::make_unique<store::PgBackend>(std::move(pg));
  }
  auto sqlite = std::make_unique<store::SqliteBackend>(o.data_dir);
  sqlite->set_statement_timeout_ms(o.db_statement_timeout_ms);
  return sqlite;
}

Status Run(int argc, char** argv) {
  CLI::App app{
      "keygate: an API-key authentication server for Odoo's external API (XML-RPC, JSON-RPC).\n"
      "Options also come from -c FILE (odoo.conf format, [options] section) and KEYGATE_* "
      "environment variables; precedence: flag > environment > file > default.\n"
      "Exit status: 0 ok, 1 error, 2 a negative answer (access check: denied; audit --fail-on: "
      "findings).",
      "keygate"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.set_version_flag("--version", VersionText());

  GlobalArgs globals;
  Action selected;
  Registration reg{&selected, &globals.overrides};
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
  RegisterVersionCommand(app, reg);
  RegisterCompletionCommand(app, reg);
  AddGlobalOptions(app, globals);

  Scan scan = ScanArguments(app, argc, argv);
  if (!scan.problem.ok()) return scan.problem;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --help-all, --version: printed on stdout
      app.exit(e);
      return Status::Ok();
    }
    return InvalidRequest(std::string(e.what()) + " (" + PathOf(*scan.command) + " --help)");
  }
  std::optional<std::string> file;
  if (!globals.config_file.empty()) file = globals.config_file;
  KG_ASSIGN_OR_RETURN(config::Options options, config::LoadOptions(file, globals.overrides));

  CliContext ctx;
  ctx.options = std::move(options);
  ctx.data_dir_source = DataDirSource(globals, ctx.options);
  const std::string path = PathOf(*scan.command);
  // The doctor reads a data directory only when one is named (doctor_command.cc).
  bool uses_data_dir =
      !MayCreateDataDir(path) && (path != "keygate doctor" || ctx.data_dir_source != "the default");
  if (ctx.options.db_host.empty() && uses_data_dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(ctx.options.data_dir, ec)) {
      return InvalidRequest("data directory \"" + ctx.options.data_dir + "\" (" +
                            ctx.data_dir_source +
                            ") does not exist; give the directory of your databases, or create "
                            "a database there with: keygate db create NAME --data-dir " +
                            ctx.options.data_dir);
    }
  }
  ctx.backend = MakeBackend(ctx.options);
  if (!selected) return InvalidRequest("no command given (keygate --help)");
  Status outcome = selected(ctx);
  if (path != "keygate serve") ConfirmAuthChanges(ctx);
  return outcome;
}

}  // namespace

int RunCli(int argc, char** argv) {
  Status outcome = Run(argc, argv);
  PrintOutcome(outcome);
  return ExitCode(outcome);
}

}  // namespace keygate::cli
