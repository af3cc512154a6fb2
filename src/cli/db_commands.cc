// `keygate db create|list|drop`.
#include "cli/commands.h"

namespace keygate::cli {

namespace {

Status Create(CliContext& ctx, const std::string& name, bool demo) {
  Status s = ctx.backend->Create(name);
  if (!s.ok()) return Fail(s);
  if (auto conn = ConnectWithAccess(ctx, name); !conn.ok()) return Fail(conn.status());
  if (demo) {
    auto conn = Connect(ctx, name);
    if (!conn.ok()) return Fail(conn.status());
    store::Transaction tx(**conn);
    if (Status b = tx.Begin(); !b.ok()) return Fail(b);
    if (Status d = SeedDemoData(**conn); !d.ok()) return Fail(d);
    if (Status c = tx.Commit(); !c.ok()) return Fail(c);
  }
  std::cerr << "Created database \"" << name << "\" in " << ctx.options.data_dir << "\n";
  if (demo) {
    std::cerr << "Demo data: administrator login \"admin\", password \"admin\" (uid 2), and "
                 "demo partners.\n"
              << "Make an API key for it:  keygate key new --db " << name
              << " admin --name \"Integration with App X\""
              << (ctx.data_dir_source == "the default" ? "" : " --data-dir " + ctx.options.data_dir)
              << "\n";
  }
  return Status::Ok();
}

Status List(CliContext& ctx, bool json) {
  auto dbs = ctx.backend->List();
  if (!dbs.ok()) return Fail(dbs.status());
  if (json) {
    std::cout << "[";
    for (size_t i = 0; i < dbs->size(); ++i) std::cout << (i ? "," : "") << JsonString((*dbs)[i]);
    std::cout << "]\n";
    return Status::Ok();
  }
  for (const auto& d : *dbs) std::cout << d << "\n";
  return Status::Ok();
}

Status Drop(CliContext& ctx, const std::string& name) {
  Status s = ctx.backend->Drop(name);
  if (!s.ok()) return Fail(s);
  std::cerr << "Dropped database \"" << name << "\"\n";
  return Status::Ok();
}

}  // namespace

void RegisterDbCommands(CLI::App& app, Registration reg) {
  CLI::App* db = app.add_subcommand("db", "Create, list and drop databases; attach to Odoo's");
  db->require_subcommand(1);

  auto* create = db->add_subcommand("create", "Create a database (with --demo: demo data)");
  auto name = std::make_shared<std::string>();
  auto demo = std::make_shared<bool>(false);
  create->add_option("NAME", *name, "Database name")->required();
  create->add_flag("--demo", *demo, "Seed an administrator (admin/admin) and demo partners");
  create->callback([=] { *reg.selected = [=](CliContext& c) { return Create(c, *name, *demo); }; });

  auto* list = db->add_subcommand("list", "List databases, one per line");
  auto json = std::make_shared<bool>(false);
  list->add_flag("--json", *json, "JSON output: an array of names");
  list->callback([=] { *reg.selected = [=](CliContext& c) { return List(c, *json); }; });

  auto* drop = db->add_subcommand("drop", "Delete a database and everything in it");
  auto drop_name = std::make_shared<std::string>();
  drop->add_option("NAME", *drop_name, "Database name")->required();
  drop->callback([=] { *reg.selected = [=](CliContext& c) { return Drop(c, *drop_name); }; });

  RegisterDbAttachCommands(*db, reg);
}

}  // namespace keygate::cli
