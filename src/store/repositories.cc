// The typed repositories over the Odoo tables, in portable SQL: '?' placeholders, TRUE/FALSE
// literals, RETURNING for generated ids, ON CONFLICT for upserts; SQLite and PostgreSQL both
// accept all of it. Timestamps are bound as UTC text "YYYY-MM-DD HH:MM:SS".
#include "store/repositories.h"

#include "common/clock.h"
#include "common/input_limits.h"
#include "store/forwarding_credentials.h"

namespace keygate::store {

namespace {

// Stored timestamps are computed here rather than in SQL so that every backend writes the same
// UTC text.
std::string NowText() { return FormatUtc(DefaultClock().NowUnix()); }

constexpr const char* kDuplicateLogin = "You can not have two users with the same login!";

constexpr std::string_view kUserSelect =
    "SELECT u.id, u.login, u.active, u.password, u.partner_id, u.company_id, u.share, "
    "u.totp_secret, p.name, p.email, u.create_date "
    "FROM res_users u JOIN res_partner p ON p.id = u.partner_id ";

constexpr std::string_view kKeySelect =
    "SELECT k.id, k.name, k.user_id, k.scope, k.expiration_date, k.\"index\", k.key, "
    "k.create_date FROM res_users_apikeys k ";

SqlValue TextOrNull(const std::string& s) { return s.empty() ? SqlValue() : SqlValue(s); }

SqlValue OptionalText(const std::optional<std::string>& s) { return s ? SqlValue(*s) : SqlValue(); }

UserRecord ToUser(const std::vector<SqlValue>& r) {
  UserRecord u;
  u.id = AsInt(r[0]);
  u.login = AsText(r[1]);
  u.active = AsBool(r[2]);
  u.password = AsText(r[3]);
  u.partner_id = AsInt(r[4]);
  u.company_id = AsInt(r[5]);
  u.share = AsBool(r[6]);
  u.totp_secret = AsOptionalText(r[7]);
  u.name = AsText(r[8]);
  u.email = AsText(r[9]);
  u.create_date = AsText(r[10]);
  return u;
}

ApiKeyRecord ToKey(const std::vector<SqlValue>& r) {
  ApiKeyRecord k;
  k.id = AsInt(r[0]);
  k.name = AsText(r[1]);
  k.user_id = AsInt(r[2]);
  k.scope = AsOptionalText(r[3]);
  k.expiration_date = AsOptionalText(r[4]);
  k.index = AsText(r[5]);
  k.key = AsText(r[6]);
  k.create_date = AsText(r[7]);
  return k;
}

StatusOr<std::vector<ApiKeyRecord>> QueryKeys(SqlConnection& c, std::string_view sql,
                                              const SqlParams& params) {
  KG_ASSIGN_OR_RETURN(ResultSet rs, c.Query(sql, params));
  std::vector<ApiKeyRecord> out;
  out.reserve(rs.size());
  for (const auto& row : rs.rows()) out.push_back(ToKey(row));
  return out;
}

StatusOr<std::optional<UserRecord>> QueryOneUser(SqlConnection& c, const std::string& sql,
                                                 const SqlParams& params) {
  KG_ASSIGN_OR_RETURN(ResultSet rs, c.Query(sql, params));
  if (rs.empty()) return std::optional<UserRecord>();
  return std::optional<UserRecord>(ToUser(rs.rows()[0]));
}

// Booleans are written as literals: an integer parameter would not convert to a PostgreSQL
// boolean column.
const char* BoolLiteral(bool b) { return b ? "TRUE" : "FALSE"; }

// Runs "UPDATE res_users SET <assignment>, write_date = ? WHERE id = ?" with `params` bound
// before the date and id; MissingError when there is no such user.
Status UpdateUser(SqlConnection& c, const std::string& assignment, SqlParams params, int64_t id) {
  std::string sql = "UPDATE res_users SET " + assignment + ", write_date = ? WHERE id = ?";
  params.emplace_back(NowText());
  params.emplace_back(id);
  KG_ASSIGN_OR_RETURN(int64_t n, c.Exec(sql, params));
  if (n == 0) return MissingError("Record does not exist or has been deleted.");
  return Status::Ok();
}

StatusOr<int64_t> ReturnedId(SqlConnection& c, std::string_view sql, const SqlParams& params) {
  KG_ASSIGN_OR_RETURN(ResultSet rs, c.Query(sql, params));
  if (rs.empty()) return InternalError("a storage error occurred");
  return AsInt(rs.rows()[0][0]);
}

}  // namespace

// ---- Users ----

StatusOr<std::optional<UserRecord>> Users::FindByLogin(const std::string& login) {
  return QueryOneUser(c_, std::string(kUserSelect) + "WHERE u.login = ?", {SqlValue(login)});
}

StatusOr<std::optional<UserRecord>> Users::FindById(int64_t id) {
  return QueryOneUser(c_, std::string(kUserSelect) + "WHERE u.id = ?", {SqlValue(id)});
}

StatusOr<std::string> Users::LoginOf(int64_t id) {
  KG_ASSIGN_OR_RETURN(ResultSet rs, c_.Query("SELECT login FROM res_users WHERE id = ?", {id}));
  if (rs.empty()) return std::string();
  return AsText(rs.rows()[0][0]);
}

StatusOr<std::vector<UserRecord>> Users::List(bool include_archived) {
  std::string sql =
      std::string(kUserSelect) + (include_archived ? "" : "WHERE u.active ") + "ORDER BY u.id";
  KG_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, {}));
  std::vector<UserRecord> out;
  out.reserve(rs.size());
  for (const auto& row : rs.rows()) out.push_back(ToUser(row));
  return out;
}

StatusOr<std::optional<int64_t>> Users::FirstOtherInternalUser(int64_t except) {
  KG_ASSIGN_OR_RETURN(ResultSet rs, c_.Query("SELECT id FROM res_users WHERE id NOT IN (1, ?) AND "
                                             "active = 1 AND share = 0 ORDER BY id LIMIT 1",
                                             {SqlValue(except)}));
  if (rs.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(AsInt(rs.rows()[0][0]));
}

StatusOr<int64_t> Users::Create(const NewUser& user) {
  if (LoginTooLong(user.login)) {
    return UserError("A login may be at most " + std::to_string(kMaxLoginBytes) + " bytes long");
  }
  KG_ASSIGN_OR_RETURN(ResultSet taken,
                      c_.Query("SELECT id FROM res_users WHERE login = ?", {SqlValue(user.login)}));
  if (!taken.empty()) return UserError(kDuplicateLogin);
  const std::string now = NowText();
  KG_ASSIGN_OR_RETURN(
      int64_t partner_id,
      ReturnedId(c_,
                 "INSERT INTO res_partner (name, complete_name, email, company_id, active, "
                 "create_date, write_date) VALUES (?, ?, ?, 1, TRUE, ?, ?) RETURNING id",
                 {SqlValue(user.name), SqlValue(user.name), TextOrNull(user.email), SqlValue(now),
                  SqlValue(now)}));
  auto user_id = ReturnedId(c_,
                            std::string("INSERT INTO res_users (login, password, partner_id, "
                                        "company_id, active, share, create_date, write_date) "
                                        "VALUES (?, ?, ?, 1, TRUE, ") +
                                BoolLiteral(user.share) + ", ?, ?) RETURNING id",
                            {SqlValue(user.login), TextOrNull(user.password_hash),
                             SqlValue(partner_id), SqlValue(now), SqlValue(now)});
  if (!user_id.ok()) {
    // Another writer took the login between the check and the insert.
    if (user_id.status().code() == StatusCode::kValidationError) {
      return UserError(kDuplicateLogin);
    }
    return user_id.status();
  }
  KG_RETURN_IF_ERROR(c_.Exec("INSERT INTO res_company_users_rel (cid, user_id) VALUES (1, ?)",
                             {SqlValue(*user_id)})
                         .status());
  return *user_id;
}

Status Users::SetActive(int64_t id, bool active) {
  return UpdateUser(c_, std::string("active = ") + BoolLiteral(active), {}, id);
}

Status Users::SetPassword(int64_t id, const std::string& password_hash) {
  return UpdateUser(c_, "password = ?", {TextOrNull(password_hash)}, id);
}

Status Users::SetTotpSecret(int64_t id, const std::optional<std::string>& secret) {
  return UpdateUser(c_, "totp_secret = ?", {OptionalText(secret)}, id);
}

StatusOr<std::optional<Users::Totp>> Users::TotpOf(int64_t id) {
  KG_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT totp_secret, totp_last_counter FROM res_users WHERE id = ?", {id}));
  if (rs.empty()) return std::optional<Totp>();
  const auto& r = rs.rows()[0];
  Totp t;
  if (!IsNull(r[0])) t.secret = AsText(r[0]);
  if (!IsNull(r[1])) t.last_counter = AsInt(r[1]);
  return std::optional<Totp>(t);
}

Status Users::SetTotp(int64_t id, const std::optional<std::string>& secret,
                      std::optional<int64_t> last_counter) {
  SqlParams params{OptionalText(secret), SqlValue(), SqlValue(id)};
  if (last_counter) params[1] = *last_counter;
  return c_.Exec("UPDATE res_users SET totp_secret = ?, totp_last_counter = ? WHERE id = ?", params)
      .status();
}

StatusOr<bool> Users::AdvanceTotpCounter(int64_t id, int64_t counter) {
  KG_ASSIGN_OR_RETURN(int64_t advanced,
                      c_.Exec("UPDATE res_users SET totp_last_counter = ? WHERE id = ? AND "
                              "(totp_last_counter IS NULL OR totp_last_counter < ?)",
                              {counter, id, counter}));
  return advanced > 0;
}

// ---- ApiKeys ----

namespace {

// What makes a key row usable: an active owner, an RPC scope when `rpc_only` ('rpc:...' scopes
// are keygate's narrowed RPC keys, models/key_scope.h), and no expiry passed (the last parameter).
std::string UsableKeyCondition(bool rpc_only) {
  std::string sql = "u.active ";
  if (rpc_only) {
    sql += "AND (k.scope IS NULL OR k.scope = 'rpc' OR substr(k.scope, 1, 4) = 'rpc:') ";
  }
  return sql + "AND (k.expiration_date IS NULL OR k.expiration_date >= ?) ";
}

}  // namespace

StatusOr<std::vector<ApiKeyRecord>> ApiKeys::FindUsable(const std::string& index, bool rpc_only,
                                                        const std::string& now_utc) {
  const std::string sql = std::string(kKeySelect) +
                          "JOIN res_users u ON u.id = k.user_id WHERE k.\"index\" = ? AND " +
                          UsableKeyCondition(rpc_only) + "ORDER BY k.id";
  return QueryKeys(c_, sql, {SqlValue(index), SqlValue(now_utc)});
}

StatusOr<std::optional<ApiKeyRecord>> ApiKeys::FindUsableById(int64_t id,
                                                              const std::string& now_utc) {
  const std::string sql = std::string(kKeySelect) +
                          "JOIN res_users u ON u.id = k.user_id WHERE k.id = ? AND " +
                          UsableKeyCondition(/*rpc_only=*/true);
  KG_ASSIGN_OR_RETURN(std::vector<ApiKeyRecord> keys,
                      QueryKeys(c_, sql, {SqlValue(id), SqlValue(now_utc)}));
  if (keys.empty()) return std::optional<ApiKeyRecord>();
  return std::optional<ApiKeyRecord>(std::move(keys[0]));
}

StatusOr<std::vector<ApiKeyRecord>> ApiKeys::FindByIndex(const std::string& index) {
  return QueryKeys(c_, std::string(kKeySelect) + "WHERE k.\"index\" = ? ORDER BY k.id",
                   {SqlValue(index)});
}

StatusOr<std::optional<ApiKeyRecord>> ApiKeys::FindById(int64_t id) {
  KG_ASSIGN_OR_RETURN(std::vector<ApiKeyRecord> keys,
                      QueryKeys(c_, std::string(kKeySelect) + "WHERE k.id = ?", {SqlValue(id)}));
  if (keys.empty()) return std::optional<ApiKeyRecord>();
  return std::optional<ApiKeyRecord>(std::move(keys[0]));
}

StatusOr<std::vector<ApiKeyRecord>> ApiKeys::ListForUser(std::optional<int64_t> user_id) {
  KG_ASSIGN_OR_RETURN(const std::string keygates_own, ExceptForwardingCredentials(c_, "k.id"));
  if (!user_id) {
    return QueryKeys(c_, std::string(kKeySelect) + "WHERE 1 = 1" + keygates_own + " ORDER BY k.id",
                     {});
  }
  return QueryKeys(
      c_, std::string(kKeySelect) + "WHERE k.user_id = ?" + keygates_own + " ORDER BY k.id",
      {SqlValue(*user_id)});
}

StatusOr<int64_t> ApiKeys::Create(const NewApiKey& key) {
  return ReturnedId(c_,
                    "INSERT INTO res_users_apikeys (name, user_id, scope, expiration_date, "
                    "\"index\", key, create_date) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    {SqlValue(key.name), SqlValue(key.user_id), OptionalText(key.scope),
                     OptionalText(key.expiration_date), SqlValue(key.index), SqlValue(key.key_hash),
                     SqlValue(NowText())});
}

StatusOr<bool> ApiKeys::Delete(int64_t id) {
  KG_ASSIGN_OR_RETURN(int64_t n,
                      c_.Exec("DELETE FROM res_users_apikeys WHERE id = ?", {SqlValue(id)}));
  return n > 0;
}

Status ApiKeys::SetExpiration(int64_t id, const std::string& expiration_utc) {
  KG_ASSIGN_OR_RETURN(int64_t n,
                      c_.Exec("UPDATE res_users_apikeys SET expiration_date = ? WHERE id = ?",
                              {expiration_utc, id}));
  if (n == 0) return MissingError("No API key with id " + std::to_string(id));
  return Status::Ok();
}

StatusOr<int64_t> ApiKeys::DeleteExpired(const std::string& now_utc) {
  return c_.Exec(
      "DELETE FROM res_users_apikeys WHERE expiration_date IS NOT NULL AND expiration_date < ?",
      {now_utc});
}

StatusOr<bool> ApiKeys::IndexInUse(const std::string& index) {
  KG_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("SELECT 1 FROM res_users_apikeys WHERE \"index\" = ? LIMIT 1", {index}));
  return !rs.empty();
}

// ---- ConfigParameters ----

StatusOr<std::optional<std::string>> ConfigParameters::Get(const std::string& key) {
  KG_ASSIGN_OR_RETURN(ResultSet rs, c_.Query("SELECT value FROM ir_config_parameter WHERE key = ?",
                                             {SqlValue(key)}));
  if (rs.empty()) return std::optional<std::string>();
  return std::optional<std::string>(AsText(rs.rows()[0][0]));
}

StatusOr<bool> ConfigParameters::Unset(const std::string& key) {
  KG_ASSIGN_OR_RETURN(int64_t n,
                      c_.Exec("DELETE FROM ir_config_parameter WHERE key = ?", {SqlValue(key)}));
  return n > 0;
}

StatusOr<std::vector<std::pair<std::string, std::string>>> ConfigParameters::GetMany(
    const std::vector<std::string>& keys) {
  std::vector<std::pair<std::string, std::string>> out;
  if (keys.empty()) return out;
  std::string sql = "SELECT key, value FROM ir_config_parameter WHERE key IN (";
  SqlParams params;
  for (const std::string& key : keys) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(key);
  }
  KG_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql + ")", params));
  for (const auto& r : rs.rows()) out.emplace_back(AsText(r[0]), AsText(r[1]));
  return out;
}

StatusOr<std::vector<std::pair<std::string, std::string>>> ConfigParameters::List() {
  KG_ASSIGN_OR_RETURN(ResultSet rs,
                      c_.Query("SELECT key, value FROM ir_config_parameter ORDER BY key"));
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : rs.rows()) out.emplace_back(AsText(r[0]), AsText(r[1]));
  return out;
}

Status ConfigParameters::Set(const std::string& key, const std::string& value) {
  // An update, else an insert, rather than ON CONFLICT: on an attached Odoo database
  // ir_config_parameter is a view (store/postgres/pg_attach.h), where ON CONFLICT is refused.
  const std::string now = NowText();
  Transaction tx(c_);
  KG_RETURN_IF_ERROR(tx.Begin());
  KG_ASSIGN_OR_RETURN(
      int64_t n, c_.Exec("UPDATE ir_config_parameter SET value = ?, write_date = ? WHERE key = ?",
                         {SqlValue(value), SqlValue(now), SqlValue(key)}));
  if (n == 0) {
    KG_RETURN_IF_ERROR(c_.Exec("INSERT INTO ir_config_parameter (key, value, create_date, "
                               "write_date) VALUES (?, ?, ?, ?)",
                               {SqlValue(key), SqlValue(value), SqlValue(now), SqlValue(now)})
                           .status());
  }
  return tx.Commit();
}

// ---- Free functions ----

Status RecordLogin(SqlConnection& c, int64_t uid) {
  const std::string now = NowText();
  return c
      .Exec(
          "INSERT INTO res_users_log (create_uid, create_date, write_uid, write_date) "
          "VALUES (?, ?, ?, ?)",
          {SqlValue(uid), SqlValue(now), SqlValue(uid), SqlValue(now)})
      .status();
}

StatusOr<int64_t> AuthGeneration(SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(ResultSet rs,
                      c.Query("SELECT value FROM keygate_auth_generation WHERE id = 1", {}));
  if (rs.empty()) return InternalError("a storage error occurred");
  return AsInt(rs.rows()[0][0]);
}

StatusOr<bool> IsAttachedOdooDatabase(SqlConnection& c) {
  if (c.dialect().name() != "postgresql") return false;
  KG_ASSIGN_OR_RETURN(ResultSet rs,
                      c.Query("SELECT to_regclass('keygate.keygate_attachment') IS NOT NULL", {}));
  return !rs.empty() && AsBool(rs.rows()[0][0]);
}

}  // namespace keygate::store
