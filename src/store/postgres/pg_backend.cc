// PgBackend: database names to PostgreSQL databases, the cache of open databases,
// create/drop/list.
#include "store/postgres/pg_backend.h"

#include <algorithm>
#include <iostream>

#include "store/migrations.h"
#include "store/postgres/pg_attach.h"
#include "store/postgres/pg_migrations.h"

namespace keygate::store {

namespace {

// How long "this database is not keygate's" is believed: another process may be creating it.
constexpr std::chrono::seconds kNegativeTtl(5);

// Names echo untrusted input; keep error messages bounded.
std::string Quoted(const std::string& name) {
  constexpr size_t kMax = 64;
  return "\"" + (name.size() > kMax ? name.substr(0, kMax) + "..." : name) + "\"";
}

// A valid database name (IsValidDatabaseName) holds no '"', so quoting it is enough.
std::string Ident(const std::string& name) { return "\"" + name + "\""; }

// keygate's own database, or an Odoo database keygate is attached to.
StatusOr<bool> HasKeygateSchema(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(DatabaseKind kind, InspectDatabase(c));
  return kind == DatabaseKind::kKeygate || kind == DatabaseKind::kAttached;
}

PgConnectOptions AttachedOptions(PgConnectOptions o) {
  o.search_path = kAttachedSearchPath;
  return o;
}

}  // namespace

void PgDatabase::Close() { pool_->Close(DatabaseNotFound(name_)); }

PgBackend::PgBackend(PgBackendOptions options)
    : PgBackend(std::move(options), keygate::PostgresMigrations()) {}

PgBackend::PgBackend(PgBackendOptions options, std::vector<EmbeddedFile> migrations)
    : options_(std::move(options)),
      migrations_(std::move(migrations)),
      attach_migrations_(keygate::PostgresAttachMigrations()) {}

PgBackend::~PgBackend() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [name, db] : open_) db->Close();
}

StatusOr<std::unique_ptr<PgConnection>> PgBackend::Admin() {
  return PgConnection::Open(options_.connect, options_.maintenance_db);
}

StatusOr<std::optional<int64_t>> PgBackend::OidOf(const std::string& name) {
  KG_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> admin, Admin());
  KG_ASSIGN_OR_RETURN(
      ResultSet rs,
      admin->Query("SELECT oid FROM pg_database WHERE datname = ? AND NOT datistemplate",
                   {SqlValue(name)}));
  if (rs.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(AsInt(rs.rows()[0][0]));
}

StatusOr<bool> PgBackend::IsKeygate(int64_t oid, const std::string& name) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = keygate_oids_.find(oid);
    if (it != keygate_oids_.end()) return it->second;
    auto neg = negative_until_.find(oid);
    if (neg != negative_until_.end() && neg->second > std::chrono::steady_clock::now()) {
      return false;
    }
  }
  auto conn = PgConnection::Open(options_.connect, name);
  if (!conn.ok()) {
    // Dropped meanwhile, or not ours to connect to: not a keygate database for us.
    if (conn.status().code() == StatusCode::kDatabaseNotFound) return false;
    return conn.status();
  }
  KG_ASSIGN_OR_RETURN(bool ours, HasKeygateSchema(**conn));
  std::lock_guard<std::mutex> lock(mu_);
  if (ours) {
    keygate_oids_[oid] = true;
    negative_until_.erase(oid);
  } else {
    negative_until_[oid] = std::chrono::steady_clock::now() + kNegativeTtl;
  }
  return ours;
}

void PgBackend::Forget(const std::string& name) {
  std::shared_ptr<PgDatabase> db;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = open_.find(name);
    if (it == open_.end()) return;
    db = std::move(it->second);
    open_.erase(it);
  }
  db->Close();
}

StatusOr<std::shared_ptr<Database>> PgBackend::Open(const std::string& name) {
  if (!IsValidDatabaseName(name)) return DatabaseNotFound(name);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = open_.find(name);
    if (it != open_.end()) return std::shared_ptr<Database>(it->second);
  }
  KG_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn,
                      PgConnection::Open(options_.connect, name));
  KG_ASSIGN_OR_RETURN(DatabaseKind kind, InspectDatabase(*conn));
  if (kind == DatabaseKind::kOdoo) return UserError(NotAttachedMessage(name));
  if (kind == DatabaseKind::kOther) return DatabaseNotFound(name);
  const bool attached = kind == DatabaseKind::kAttached;
  const PgConnectOptions connect = attached ? AttachedOptions(options_.connect) : options_.connect;
  if (attached) {
    KG_ASSIGN_OR_RETURN(conn, PgConnection::Open(connect, name));
    KG_RETURN_IF_ERROR(Migrate(*conn, attach_migrations_).status());
  } else {
    KG_RETURN_IF_ERROR(Migrate(*conn, migrations_).status());
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(name);
  if (it != open_.end()) return std::shared_ptr<Database>(it->second);  // another thread won
  auto pool = PgPool::Make(connect, name, options_.max_connections);
  pool->Put(std::move(conn));
  auto db = std::make_shared<PgDatabase>(name, std::move(pool), attached);
  open_[name] = db;
  return std::shared_ptr<Database>(std::move(db));
}

Status PgBackend::Create(const std::string& name) {
  if (!IsValidDatabaseName(name)) return UserError("Invalid database name: " + Quoted(name));
  {
    KG_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> admin, Admin());
    KG_ASSIGN_OR_RETURN(ResultSet taken, admin->Query("SELECT 1 FROM pg_database WHERE datname = ?",
                                                      {SqlValue(name)}));
    if (!taken.empty()) return UserError("database " + Quoted(name) + " already exists");
    Status s = admin->ExecScript("CREATE DATABASE " + Ident(name) +
                                 " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    if (s.code() == StatusCode::kUserError) {
      return UserError("database " + Quoted(name) + " already exists");
    }
    KG_RETURN_IF_ERROR(s);
  }
  Status s = [&]() -> Status {
    KG_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn,
                        PgConnection::Open(options_.connect, name));
    return Migrate(*conn, migrations_).status();
  }();
  if (!s.ok()) {
    auto admin = Admin();
    if (admin.ok())
      (void)(*admin)->ExecScript("DROP DATABASE IF EXISTS " + Ident(name) + " WITH (FORCE)");
  }
  return s;
}

Status PgBackend::Drop(const std::string& name) {
  if (!IsValidDatabaseName(name)) return DatabaseNotFound(name);
  KG_ASSIGN_OR_RETURN(std::optional<int64_t> oid, OidOf(name));
  if (!oid) {
    Forget(name);
    return DatabaseNotFound(name);
  }
  KG_ASSIGN_OR_RETURN(bool ours, IsKeygate(*oid, name));
  if (!ours) return DatabaseNotFound(name);
  {
    // Odoo's database is not keygate's to drop.
    KG_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn,
                        PgConnection::Open(options_.connect, name));
    KG_ASSIGN_OR_RETURN(DatabaseKind kind, InspectDatabase(*conn));
    if (kind == DatabaseKind::kAttached) {
      return UserError("database " + Quoted(name) +
                       " is an Odoo database keygate is attached to: keygate never drops it "
                       "(`keygate db detach " +
                       name + "` removes keygate's schema from it)");
    }
  }
  Forget(name);
  KG_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> admin, Admin());
  // FORCE ends the sessions other processes (servers, the CLI) still have on it.
  Status s = admin->ExecScript("DROP DATABASE " + Ident(name) + " WITH (FORCE)");
  {
    std::lock_guard<std::mutex> lock(mu_);
    keygate_oids_.erase(*oid);
    negative_until_.erase(*oid);
  }
  if (s.code() == StatusCode::kDatabaseNotFound) return DatabaseNotFound(name);
  return s;
}

StatusOr<std::vector<std::string>> PgBackend::List() {
  std::vector<std::pair<int64_t, std::string>> candidates;
  {
    KG_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> admin, Admin());
    KG_ASSIGN_OR_RETURN(ResultSet rs, admin->Query("SELECT oid, datname FROM pg_database WHERE "
                                                   "NOT datistemplate AND datallowconn AND "
                                                   "datname <> ? ORDER BY datname",
                                                   {SqlValue(options_.maintenance_db)}));
    for (const auto& row : rs.rows()) {
      std::string name = AsText(row[1]);
      if (IsValidDatabaseName(name)) candidates.emplace_back(AsInt(row[0]), std::move(name));
    }
  }
  std::vector<std::string> names;
  for (auto& [oid, name] : candidates) {
    KG_ASSIGN_OR_RETURN(bool ours, IsKeygate(oid, name));
    if (ours) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool PgBackend::Exists(const std::string& name) {
  if (!IsValidDatabaseName(name)) return false;
  auto oid = OidOf(name);
  if (!oid.ok() || !*oid) return false;
  auto ours = IsKeygate(**oid, name);
  return ours.ok() && *ours;
}

StatusOr<AttachResult> PgBackend::Attach(const std::string& name) {
  if (!IsValidDatabaseName(name)) return UserError("Invalid database name: " + Quoted(name));
  KG_ASSIGN_OR_RETURN(std::optional<int64_t> oid, OidOf(name));
  if (!oid) return DatabaseNotFound(name);
  KG_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn,
                      PgConnection::Open(AttachedOptions(options_.connect), name));
  KG_ASSIGN_OR_RETURN(AttachResult result, AttachOdooDatabase(*conn, name, attach_migrations_));
  std::lock_guard<std::mutex> lock(mu_);
  keygate_oids_[*oid] = true;
  negative_until_.erase(*oid);
  return result;
}

Status PgBackend::Detach(const std::string& name) {
  if (!IsValidDatabaseName(name)) return DatabaseNotFound(name);
  KG_ASSIGN_OR_RETURN(std::optional<int64_t> oid, OidOf(name));
  if (!oid) return DatabaseNotFound(name);
  Forget(name);
  KG_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn,
                      PgConnection::Open(options_.connect, name));
  KG_RETURN_IF_ERROR(DetachOdooDatabase(*conn, name));
  std::lock_guard<std::mutex> lock(mu_);
  keygate_oids_.erase(*oid);
  negative_until_.erase(*oid);
  return Status::Ok();
}

}  // namespace keygate::store
