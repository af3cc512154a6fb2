// `keygate db attach|detach`: keygate on an existing Odoo 17/18/19 PostgreSQL database
// (store/postgres/pg_attach.h). PostgreSQL only: the connection options may be given here
// (--db-host, --db-port, --db-user, --db-sslmode) as well as in the environment or -c FILE.
#include "cli/commands.h"
#include "store/postgres/pg_backend.h"

namespace keygate::cli {

namespace {

store::PgBackend* PgBackendOf(CliContext& ctx) {
  return dynamic_cast<store::PgBackend*>(ctx.backend.get());
}

constexpr const char* kNeedsPostgres =
    "attaching to an Odoo database needs PostgreSQL: give --db-host (and --db-port, --db-user) "
    "or set db_host in the configuration";

Status Attach(CliContext& ctx, const std::string& name) {
  store::PgBackend* pg = PgBackendOf(ctx);
  if (pg == nullptr) return Fail(kNeedsPostgres);
  auto result = pg->Attach(name);
  if (!result.ok()) return Fail(result.status());
  if (result->already_attached) {
    std::cerr << "keygate was already attached to Odoo " << result->odoo.version << " database \""
              << name << "\"; refreshed its views over Odoo's tables";
    if (result->migrations_applied > 0) {
      std::cerr << " and applied " << result->migrations_applied << " migration(s)";
    }
    std::cerr << ".\n";
    return Status::Ok();
  }
  std::cerr << "Attached keygate to Odoo " << result->odoo.version << " database \"" << name
            << "\".\n"
            << "Created schema \"keygate\" in it: keygate's own tables (sessions, auth events, "
               "key metadata), views over Odoo's tables and the consent record "
               "(keygate.keygate_attachment). Nothing of Odoo's was changed.\n"
            << "keygate now reads Odoo's users, groups, access rights, record rules and API keys; "
               "serve it with the same connection options, e.g. keygate serve --db-host ...\n";
  return Status::Ok();
}

Status Detach(CliContext& ctx, const std::string& name) {
  store::PgBackend* pg = PgBackendOf(ctx);
  if (pg == nullptr) return Fail(kNeedsPostgres);
  if (Status s = pg->Detach(name); !s.ok()) return Fail(s);
  std::cerr << "Detached keygate from database \"" << name
            << "\": dropped schema \"keygate\". Odoo's tables were not touched; API keys made "
               "with keygate stay in Odoo's res_users_apikeys.\n";
  return Status::Ok();
}

// The PostgreSQL connection options, as overrides of the configuration.
void AddConnectionOptions(CLI::App* cmd, Registration reg) {
  struct Spec {
    const char* flag;
    const char* name;
    const char* help;
  };
  static const Spec kSpecs[] = {
      {"--db-host", "db_host", "PostgreSQL server of the Odoo database"},
      {"--db-port", "db_port", "PostgreSQL port (default 5432)"},
      {"--db-user", "db_user",
       "PostgreSQL role (the password comes from KEYGATE_DB_PASSWORD or "
       "db_password in -c FILE)"},
      {"--db-sslmode", "db_sslmode", "libpq sslmode"},
  };
  for (const Spec& s : kSpecs) {
    std::string name = s.name;
    cmd->add_option_function<std::string>(
        s.flag, [reg, name](const std::string& v) { (*reg.options)[name] = v; }, s.help);
  }
}

}  // namespace

void RegisterDbAttachCommands(CLI::App& db, Registration reg) {
  auto* attach = db.add_subcommand(
      "attach",
      "Attach keygate to an existing Odoo 17 or 18 PostgreSQL database (creates only schema "
      "\"keygate\" in it; idempotent)");
  auto name = std::make_shared<std::string>();
  attach->add_option("NAME", *name, "The Odoo database")->required();
  AddConnectionOptions(attach, reg);
  attach->callback([=] { *reg.selected = [=](CliContext& c) { return Attach(c, *name); }; });

  auto* detach = db.add_subcommand(
      "detach", "Remove keygate's schema from an attached Odoo database (Odoo's data stays)");
  auto detach_name = std::make_shared<std::string>();
  detach->add_option("NAME", *detach_name, "The Odoo database")->required();
  AddConnectionOptions(detach, reg);
  detach->callback([=] { *reg.selected = [=](CliContext& c) { return Detach(c, *detach_name); }; });
}

}  // namespace keygate::cli
