// db.list / db_exist / server_version / list_lang.
#include "services/db_service.h"

#include <regex>
#include <unordered_map>

#include "services/arguments.h"
#include "services/odoo_languages.h"

namespace keygate::services {

namespace {

std::string RegexEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\^$.|?*+()[]{}-").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A compiled dbfilter pattern, kept per worker thread: compiling a std::regex costs far more than
// matching one, and every call that names a database is filtered. A pattern holds the request's
// host when the filter uses %h or %d, so the cache is bounded. Throws std::regex_error.
const std::regex& CompiledFilter(const std::string& pattern) {
  constexpr size_t kMaxPatterns = 64;
  thread_local std::unordered_map<std::string, std::regex> cache;
  if (auto it = cache.find(pattern); it != cache.end()) return it->second;
  if (cache.size() >= kMaxPatterns) cache.clear();
  return cache.emplace(pattern, std::regex(pattern)).first->second;
}

// Odoo's odoo.http.db_filter.
StatusOr<std::vector<std::string>> FilterDatabases(const std::vector<std::string>& dbs,
                                                   const std::string& filter,
                                                   const std::string& host) {
  if (filter.empty()) return dbs;
  std::string h = host.substr(0, host.find(':'));
  if (h.rfind("www.", 0) == 0) h = h.substr(4);
  std::string d = h.substr(0, h.find('.'));
  std::string pattern;
  for (size_t i = 0; i < filter.size(); ++i) {
    if (filter[i] == '%' && i + 1 < filter.size() &&
        (filter[i + 1] == 'h' || filter[i + 1] == 'd')) {
      pattern += RegexEscape(filter[i + 1] == 'h' ? h : d);
      ++i;
    } else {
      pattern += filter[i];
    }
  }
  std::vector<std::string> out;
  try {
    const std::regex& re = CompiledFilter(pattern);
    for (const auto& db : dbs) {
      if (std::regex_search(db, re, std::regex_constants::match_continuous)) out.push_back(db);
    }
  } catch (const std::regex_error&) {
    return InternalError("the dbfilter option is not a valid regular expression");
  }
  return out;
}

}  // namespace

StatusOr<std::vector<std::string>> ListDatabasesUnrestricted(const ServerContext& ctx,
                                                             const std::string& host) {
  KG_ASSIGN_OR_RETURN(auto dbs, ctx.backend->List());
  return FilterDatabases(dbs, ctx.options.dbfilter, host);
}

StatusOr<std::shared_ptr<store::Database>> OpenServedDatabase(const ServerContext& ctx,
                                                              const std::string& name,
                                                              const std::string& host) {
  // A name no database can have is not matched at all: it is client text of any length, and
  // std::regex's matching is recursive.
  if (!ctx.options.dbfilter.empty() && store::IsValidDatabaseName(name)) {
    KG_ASSIGN_OR_RETURN(auto served, FilterDatabases({name}, ctx.options.dbfilter, host));
    if (served.empty()) return DatabaseNotFound(name);
  }
  return ctx.backend->Open(name);
}

StatusOr<std::vector<std::string>> ListDatabases(const ServerContext& ctx,
                                                 const std::string& host) {
  if (!ctx.options.list_db) return AccessDenied();
  return ListDatabasesUnrestricted(ctx, host);
}

StatusOr<Value> CallDb(const ServerContext& ctx, const std::string& method,
                       const Value::Array& args, const CallerInfo& caller) {
  if (method == "list") {
    KG_RETURN_IF_ERROR(CheckArity("exp_list", args, 0, 1));
    KG_ASSIGN_OR_RETURN(auto dbs, ListDatabases(ctx, caller.host));
    Value::Array out;
    for (auto& d : dbs) out.emplace_back(d);
    return Value(std::move(out));
  }
  if (method == "db_exist") {
    KG_RETURN_IF_ERROR(CheckArity("exp_db_exist", args, 1, 1, {"db_name"}));
    KG_ASSIGN_OR_RETURN(std::string name, StringArg(args[0], "db_name"));
    return Value(store::IsValidDatabaseName(name) && ctx.backend->Exists(name));
  }
  if (method == "server_version") {
    KG_RETURN_IF_ERROR(CheckArity("exp_server_version", args, 0, 0));
    return Value(ctx.options.server_version);
  }
  if (method == "list_lang") {
    KG_RETURN_IF_ERROR(CheckArity("exp_list_lang", args, 0, 0));
    Value::Array languages;
    for (const auto& [code, name] : OdooLanguages()) {
      languages.emplace_back(Value::Array{Value(std::string(code)), Value(std::string(name))});
    }
    return Value(std::move(languages));
  }
  static const char* const kMasterPasswordMethods[] = {
      "create_database",       "duplicate_database", "drop",          "dump", "restore", "rename",
      "change_admin_password", "migrate_databases",  "list_countries"};
  for (const char* m : kMasterPasswordMethods) {
    if (method == m) return AccessDenied();
  }
  return KeyError("Method not found: " + method);
}

}  // namespace keygate::services
