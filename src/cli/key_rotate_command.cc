// `keygate key rotate --db DB ID [--grace 24h]`: makes the successor (printed alone on stdout,
// once, like `key new`) and keeps the old key valid for the grace period.
#include "auth/key_lifecycle.h"
#include "cli/commands.h"
#include "services/key_admin.h"

namespace keygate::cli {

namespace {

struct RotateArgs {
  std::string db;
  int64_t id = 0;
  std::string grace = "24h";
};

Status Rotate(CliContext& ctx, const RotateArgs& a) {
  auto grace = auth::ParseDuration(a.grace);
  if (!grace.ok()) return Fail(grace.status());
  auto conn = Connect(ctx, a.db);
  if (!conn.ok()) return Fail(conn.status());
  auto rotated = services::RotateKey(**conn, a.id, a.grace);
  if (!rotated.ok()) return Fail(rotated.status());
  std::cout << rotated->successor.plaintext << std::endl;
  std::cerr << "Rotated API key " << a.id << ": its successor is key " << rotated->successor.id
            << " (same user, name, scope and restrictions).\n";
  if (*grace > 0) {
    std::cerr << "The old key keeps working until " << rotated->old_key_valid_until
              << " UTC; then it fails like a wrong key (reason \"rotated\").\n";
  } else {
    std::cerr << "The old key stopped working now (reason \"rotated\").\n";
  }
  std::cerr << "Copy the new key now: it is shown only once.\n";
  return Status::Ok();
}

}  // namespace

void RegisterKeyRotateCommand(CLI::App& key, Registration reg) {
  auto a = std::make_shared<RotateArgs>();
  auto* rotate = key.add_subcommand(
      "rotate", "Replace a key by a successor, keeping the old one valid for a grace period");
  rotate->add_option("--db", a->db, "Database")->required();
  rotate->add_option("ID", a->id, "Key id, from key list")->required();
  rotate->add_option("--grace", a->grace,
                     "How long the old key keeps working: 90s, 30m, 24h (default), 7d; 0 = none");
  rotate->callback([=] { *reg.selected = [=](CliContext& c) { return Rotate(c, *a); }; });
}

}  // namespace keygate::cli
