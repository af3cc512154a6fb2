// Attaching keygate to an Odoo database: inspection, version detection, consent, migrations.
#include "store/postgres/pg_attach.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "common/clock.h"
#include "store/migrations.h"

#ifndef KEYGATE_VERSION
#define KEYGATE_VERSION "unknown"
#endif

namespace keygate::store {

namespace {

constexpr int kMinOdooMajor = 17;
constexpr int kMaxOdooMajor = 19;

std::string Quoted(const std::string& name) {
  constexpr size_t kMax = 64;
  return "\"" + (name.size() > kMax ? name.substr(0, kMax) + "..." : name) + "\"";
}

// The operating-system user running the command, for the consent row.
std::string OsUser() {
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  const char* user = std::getenv("USER");
  return user ? user : "";
}

// The role must be able to add the schema and to use Odoo's tables as Odoo's own role does;
// checked first, so that a role without rights gets a reason rather than a storage error.
Status CheckRights(SqlConnection& c, const std::string& db) {
  KG_ASSIGN_OR_RETURN(
      ResultSet rights,
      c.Query("SELECT current_user, has_database_privilege(current_database(), 'CREATE') "
              "OR EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'keygate'), "
              "has_table_privilege('public.res_users_apikeys', 'SELECT, INSERT, DELETE') "
              "AND has_table_privilege('public.res_users', 'SELECT, UPDATE') "
              "AND has_table_privilege('public.res_groups_users_rel', 'SELECT, INSERT, DELETE')",
              {}));
  if (!rights.empty()) {
    const auto& row = rights.rows()[0];
    const std::string role = AsText(row[0]);
    if (!AsBool(row[1])) {
      return UserError("the PostgreSQL role \"" + role + "\" may not create a schema in database " +
                       Quoted(db) + " (GRANT CREATE ON DATABASE, or attach as Odoo's role)");
    }
    if (!AsBool(row[2])) {
      return UserError("the PostgreSQL role \"" + role +
                       "\" may not read and write Odoo's tables " + "in database " + Quoted(db) +
                       " (attach as Odoo's role)");
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<DatabaseKind> InspectDatabase(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(ResultSet rs,
                      c.Query("SELECT to_regclass('keygate.keygate_attachment') IS NOT NULL, "
                              "to_regclass('public.keygate_migration') IS NOT NULL, "
                              "to_regclass('public.res_users') IS NOT NULL "
                              "AND to_regclass('public.ir_module_module') IS NOT NULL",
                              {}));
  if (rs.empty()) return DatabaseKind::kOther;
  const auto& row = rs.rows()[0];
  if (AsBool(row[0])) return DatabaseKind::kAttached;
  if (AsBool(row[1])) return DatabaseKind::kKeygate;
  if (AsBool(row[2])) return DatabaseKind::kOdoo;
  return DatabaseKind::kOther;
}

std::string NotAttachedMessage(const std::string& db) {
  return "database " + Quoted(db) +
         " is an Odoo database keygate is not attached to; attach it first with `keygate db "
         "attach " +
         db + "` (with the same --db-host/--db-port/--db-user options)";
}

StatusOr<OdooVersion> DetectOdooVersion(SqlConnection& c, const std::string& db) {
  KG_ASSIGN_OR_RETURN(DatabaseKind kind, InspectDatabase(c));
  if (kind == DatabaseKind::kKeygate) {
    return UserError("database " + Quoted(db) +
                     " is a keygate database (made by `keygate db create`), not an Odoo one");
  }
  if (kind == DatabaseKind::kOther) {
    return UserError("database " + Quoted(db) +
                     " is not an Odoo database (no res_users or ir_module_module table)");
  }
  KG_ASSIGN_OR_RETURN(ResultSet rs, c.Query("SELECT latest_version FROM public.ir_module_module "
                                            "WHERE name = 'base' AND state = 'installed'",
                                            {}));
  if (rs.empty() || IsNull(rs.rows()[0][0])) {
    return UserError("database " + Quoted(db) +
                     " is not an Odoo database keygate can read: module base is not installed");
  }
  OdooVersion v;
  v.version = AsText(rs.rows()[0][0]);
  // "17.0.1.3"; a SaaS series such as "saas~17.2.1.3" is not supported.
  size_t digits = 0;
  while (digits < v.version.size() && digits < 4 && v.version[digits] >= '0' &&
         v.version[digits] <= '9') {
    ++digits;
  }
  if (digits > 0) v.major = std::atoi(v.version.substr(0, digits).c_str());
  if (v.major < kMinOdooMajor || v.major > kMaxOdooMajor || digits == v.version.size() ||
      v.version[digits] != '.') {
    return UserError("database " + Quoted(db) + " is Odoo " + v.version +
                     ": keygate attaches to Odoo 17, 18 and 19 only");
  }
  // Translated names became jsonb in Odoo 16; the views rely on it. Odoo 19's groups have a
  // privilege instead of a category: migrations/postgres_attach/0008_odoo19.sql.
  KG_ASSIGN_OR_RETURN(ResultSet name_type,
                      c.Query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                              "WHERE attrelid = to_regclass('public.res_groups') "
                              "AND attname = 'name' AND NOT attisdropped",
                              {}));
  if (name_type.empty() || AsText(name_type.rows()[0][0]) != "jsonb") {
    return UserError("database " + Quoted(db) +
                     " does not have the tables of Odoo 17 to 19 (res_groups.name is not jsonb)");
  }
  return v;
}

StatusOr<AttachResult> AttachOdooDatabase(SqlConnection& c, const std::string& db,
                                          const std::vector<EmbeddedFile>& migrations) {
  AttachResult result;
  Transaction tx(c);
  KG_RETURN_IF_ERROR(tx.Begin());
  KG_ASSIGN_OR_RETURN(DatabaseKind kind, InspectDatabase(c));
  if (kind == DatabaseKind::kOdoo || kind == DatabaseKind::kAttached) {
    KG_RETURN_IF_ERROR(CheckRights(c, db));
  }
  KG_ASSIGN_OR_RETURN(result.odoo, DetectOdooVersion(c, db));
  KG_RETURN_IF_ERROR(
      c.ExecScript("CREATE SCHEMA IF NOT EXISTS keygate;\n"
                   "CREATE TABLE IF NOT EXISTS keygate.keygate_attachment (\n"
                   "  id SERIAL PRIMARY KEY,\n"
                   "  attached_at TEXT NOT NULL,\n"
                   "  odoo_version TEXT NOT NULL,\n"
                   "  os_user TEXT,\n"
                   "  db_user TEXT,\n"
                   "  keygate_version TEXT NOT NULL\n"
                   ");"));
  KG_ASSIGN_OR_RETURN(ResultSet consent,
                      c.Query("SELECT id FROM keygate.keygate_attachment ORDER BY id LIMIT 1", {}));
  result.already_attached = !consent.empty();
  if (!result.already_attached) {
    KG_RETURN_IF_ERROR(
        c.Exec("INSERT INTO keygate.keygate_attachment (attached_at, odoo_version, "
               "os_user, db_user, keygate_version) "
               "VALUES (?, ?, ?, current_user, ?)",
               {SqlValue(FormatUtc(DefaultClock().NowUnix())), SqlValue(result.odoo.version),
                SqlValue(OsUser()), SqlValue(std::string(KEYGATE_VERSION))})
            .status());
  }
  KG_ASSIGN_OR_RETURN(result.migrations_applied, Migrate(c, migrations));
  // Refreshes the views of an earlier attach: Odoo modules installed since may add columns.
  if (result.already_attached) {
    KG_RETURN_IF_ERROR(c.Query("SELECT keygate.keygate_build_views()", {}).status());
  }
  KG_RETURN_IF_ERROR(tx.Commit());
  return result;
}

Status DetachOdooDatabase(SqlConnection& c, const std::string& db) {
  KG_ASSIGN_OR_RETURN(DatabaseKind kind, InspectDatabase(c));
  if (kind != DatabaseKind::kAttached) {
    return UserError("keygate is not attached to database " + Quoted(db));
  }
  return c.ExecScript("DROP SCHEMA keygate CASCADE");
}

}  // namespace keygate::store
