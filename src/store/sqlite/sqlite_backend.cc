// SqliteBackend: database names to files, the cache of open databases, create/drop/list.
#include "store/sqlite/sqlite_backend.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "store/migrations.h"
#include "store/sqlite/sqlite_migrations.h"

namespace keygate::store {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSuffix = ".sqlite";

// Names echo untrusted input; keep error messages bounded.
std::string Quoted(const std::string& name) {
  constexpr size_t kMax = 64;
  return "\"" + (name.size() > kMax ? name.substr(0, kMax) + "..." : name) + "\"";
}

// Removes the database file and SQLite's companions; missing files are fine.
void RemoveFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    fs::remove(path + suffix, ec);
  }
}

}  // namespace

StatusOr<std::shared_ptr<SqliteDatabase>> SqliteDatabase::Open(
    const std::string& name, const std::string& path, const std::vector<EmbeddedFile>& migrations,
    int64_t statement_timeout_ms) {
  KG_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                      SqliteConnection::Open(path, /*create=*/false, statement_timeout_ms));
  KG_RETURN_IF_ERROR(Migrate(*conn, migrations).status());
  auto pool = SqlitePool::Make(path, statement_timeout_ms);
  pool->Put(std::move(conn));
  return std::shared_ptr<SqliteDatabase>(new SqliteDatabase(name, std::move(pool)));
}

StatusOr<ConnectionLease> SqliteDatabase::Acquire() { return pool_->Acquire(); }

void SqliteDatabase::Close() { pool_->Close(DatabaseNotFound(name_)); }

SqliteBackend::SqliteBackend(std::string data_dir)
    : SqliteBackend(std::move(data_dir), keygate::SqliteMigrations()) {}

SqliteBackend::SqliteBackend(std::string data_dir, std::vector<EmbeddedFile> migrations)
    : data_dir_(std::move(data_dir)), migrations_(std::move(migrations)) {}

SqliteBackend::~SqliteBackend() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [name, cached] : open_) cached.db->Close();
}

std::string SqliteBackend::PathFor(const std::string& name) const {
  return (fs::path(data_dir_) / (name + std::string(kSuffix))).string();
}

StatusOr<std::shared_ptr<Database>> SqliteBackend::Open(const std::string& name) {
  if (!IsValidDatabaseName(name)) return DatabaseNotFound(name);
  const std::string path = PathFor(name);
  // Outside the lock: every call of every serving thread passes here.
  struct stat st {};
  bool present = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(name);
  if (it != open_.end()) {
    if (present && it->second.dev == st.st_dev && it->second.ino == st.st_ino) {
      return std::shared_ptr<Database>(it->second.db);
    }
    // Dropped, or dropped and re-created, by another process: the cached handles point at a
    // file that is no longer this database.
    it->second.db->Close();
    open_.erase(it);
  }
  if (!present) return DatabaseNotFound(name);
  KG_ASSIGN_OR_RETURN(std::shared_ptr<SqliteDatabase> db,
                      SqliteDatabase::Open(name, path, migrations_, statement_timeout_ms_));
  open_[name] = Cached{db, st.st_dev, st.st_ino};
  return std::shared_ptr<Database>(std::move(db));
}

Status SqliteBackend::Create(const std::string& name) {
  if (!IsValidDatabaseName(name)) return UserError("Invalid database name: " + Quoted(name));
  std::error_code ec;
  fs::create_directories(data_dir_, ec);
  if (ec) {
    std::cerr << "sqlite: cannot create data directory " << data_dir_ << ": " << ec.message()
              << "\n";
    return Unavailable("cannot create the data directory");
  }
  const std::string path = PathFor(name);
  std::lock_guard<std::mutex> lock(mu_);
  // O_EXCL makes "already exists" atomic, also against another process creating the same name.
  // An empty file is a valid empty SQLite database.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return UserError("database " + Quoted(name) + " already exists");
    std::cerr << "sqlite: cannot create " << path << ": " << std::strerror(errno) << "\n";
    return Unavailable("cannot create the database file");
  }
  ::close(fd);
  // Leftovers from an earlier database of the same name would be replayed into the new file.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
  Status s = [&]() -> Status {
    KG_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                        SqliteConnection::Open(path, /*create=*/false));
    return Migrate(*conn, migrations_).status();
  }();
  if (!s.ok()) RemoveFiles(path);
  return s;
}

Status SqliteBackend::Drop(const std::string& name) {
  if (!IsValidDatabaseName(name)) return DatabaseNotFound(name);
  const std::string path = PathFor(name);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(name);
  if (it != open_.end()) {
    it->second.db->Close();
    open_.erase(it);
  }
  std::error_code ec;
  bool removed = fs::remove(path, ec);
  if (ec) {
    std::cerr << "sqlite: cannot remove " << path << ": " << ec.message() << "\n";
    return Unavailable("cannot remove the database file");
  }
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
  if (!removed) return DatabaseNotFound(name);
  return Status::Ok();
}

StatusOr<std::vector<std::string>> SqliteBackend::List() {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::is_directory(data_dir_, ec)) return names;
  fs::directory_iterator it(data_dir_, ec), end;
  if (ec) {
    std::cerr << "sqlite: cannot list " << data_dir_ << ": " << ec.message() << "\n";
    return Unavailable("cannot list the data directory");
  }
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const fs::path& p = it->path();
    if (p.extension() != kSuffix) continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    std::string stem = p.stem().string();
    if (IsValidDatabaseName(stem)) names.push_back(std::move(stem));
  }
  if (ec) {
    std::cerr << "sqlite: cannot list " << data_dir_ << ": " << ec.message() << "\n";
    return Unavailable("cannot list the data directory");
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool SqliteBackend::Exists(const std::string& name) {
  if (!IsValidDatabaseName(name)) return false;
  struct stat st {};
  return ::stat(PathFor(name).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace keygate::store
