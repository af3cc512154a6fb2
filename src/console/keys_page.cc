// Keys page.
#include "console/keys_page.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "common/log.h"
#include "common/strings.h"
#include "console/console_actions.h"
#include "console/console_session.h"
#include "console/html.h"
#include "console/http_answers.h"
#include "console/key_snippet.h"
#include "console/layout.h"
#include "http/form.h"
#include "rpc/error_mapping.h"
#include "services/key_admin.h"
#include "store/repositories.h"

namespace keygate::console {

namespace {

// The label of the expiry field, as the service's messages name it.
constexpr char kExpiresField[] = "\"Expires in (days)\"";

struct KeyListQuery {
  std::string text;   // q: part of the name, owner or scope
  std::string owner;  // exact login
  std::string sort = "id";
  bool descending = true;
};

std::optional<int64_t> ParseId(const std::string& text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

std::optional<double> ParseDays(const std::string& text) {
  if (text.empty()) return std::nullopt;
  try {
    size_t used = 0;
    double d = std::stod(text, &used);
    if (used != text.size()) return std::nullopt;
    return d;
  } catch (...) {
    return std::nullopt;
  }
}

// Networks typed one per line or separated by commas or spaces.
std::vector<std::string> SplitNetworks(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + "\n") {
    if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

http::HttpResponse ErrorPage(const Admin& admin, int status, const std::string& message) {
  std::string body = MessageBox("error", message);
  body += "<p><a href=\"/keygate/keys\">Back to the keys</a></p>\n";
  return HtmlAnswer(status, RenderPage("Keys", &admin, NavItem::kKeys, body));
}

// The HTTP status of a refused change: the one error table's (rpc/error_mapping.h), as JSON-2
// answers it.
int StatusFor(const Status& s) { return rpc::FormsOf(s.code()).json2_http; }

std::string SortLink(const KeyListQuery& q, const std::string& column, const std::string& label) {
  const bool current = q.sort == column;
  const bool next_desc = current ? !q.descending : false;
  std::string href = "/keygate/keys?sort=" + column + "&dir=" + (next_desc ? "desc" : "asc");
  if (!q.text.empty()) href += "&q=" + http::UrlEncode(q.text);
  if (!q.owner.empty()) href += "&owner=" + http::UrlEncode(q.owner);
  std::string s = "<th scope=\"col\"";
  if (current)
    s += std::string(" aria-sort=\"") + (q.descending ? "descending" : "ascending") + "\"";
  s += "><a href=\"" + EscapeHtml(href) + "\">" + EscapeHtml(label);
  if (current) s += q.descending ? " ▼" : " ▲";
  return s + "</a></th>";
}

// The sort key of a row for `column`, as text that orders as the column should.
std::string SortKey(const services::KeyOverview& o, const std::string& column) {
  if (column == "owner") return Lower(o.owner_login);
  if (column == "name") return Lower(o.key.name);
  if (column == "scope") return o.key.scope.value_or("");
  if (column == "created") return o.key.create_date;
  if (column == "expires") return o.key.expiration_date.value_or("9999");
  if (column == "last_use") return o.meta.last_used_at;
  std::string id = std::to_string(o.key.id);
  return std::string(20 - std::min<size_t>(20, id.size()), '0') + id;
}

std::string Cell(const std::string& label, const std::string& html) {
  return "<td data-label=\"" + EscapeHtml(label) + "\">" + html + "</td>";
}

std::string KeyRow(const services::KeyOverview& o) {
  const auto& k = o.key;
  std::string last = "never";
  if (!o.meta.last_used_at.empty()) {
    last = EscapeHtml(o.meta.last_used_at) + "<br><span class=\"sub\">" +
           EscapeHtml(o.meta.last_used_ip) + " · " + EscapeHtml(o.meta.last_used_channel);
    if (o.last_action) {
      last += " · " + EscapeHtml(o.last_action->operation) + " " + EscapeHtml(o.last_action->model);
    }
    last += " · " + std::to_string(o.meta.use_count) + " calls</span>";
  }
  // Links to the other key's row (absent once that key is retired).
  auto key_link = [](int64_t id) {
    const std::string n = std::to_string(id);
    return "<a href=\"#key-" + n + "\">#" + n + "</a>";
  };
  std::string rotation;
  if (o.meta.rotated_from) rotation += "from " + key_link(*o.meta.rotated_from);
  if (o.meta.rotated_to) {
    rotation += std::string(rotation.empty() ? "" : ", ") + "to " + key_link(*o.meta.rotated_to);
  }
  std::string allowed;
  for (const auto& n : o.restriction.allowed) {
    allowed += (allowed.empty() ? "" : ", ") + EscapeHtml(n.ToString());
  }
  const std::string id = std::to_string(k.id);
  std::string actions = "<a href=\"/keygate/keys/rotate?id=" + id + "\">Rotate</a> <a href=\"" +
                        "/keygate/keys/revoke?id=" + id + "\" class=\"danger\">Revoke</a>";
  std::string row = "<tr id=\"key-" + id + "\">";
  row += Cell("ID", id);
  row += Cell("Owner", EscapeHtml(o.owner_login));
  row += Cell("Name", EscapeHtml(k.name));
  row += Cell("Scope", k.scope ? "<code>" + EscapeHtml(*k.scope) + "</code>" : "global");
  row += Cell("Created", EscapeHtml(k.create_date));
  row += Cell("Expires", k.expiration_date ? EscapeHtml(*k.expiration_date) : "never");
  row += Cell("Last use", last);
  row += Cell("Rotation", rotation.empty() ? "-" : rotation);
  row += Cell("Allowed from", allowed.empty() ? "anywhere" : allowed);
  row += Cell("Rate limit", o.restriction.rate ? EscapeHtml(o.restriction.rate->text) : "-");
  row += Cell("Actions", actions);
  return row + "</tr>\n";
}

std::string NewKeyForm(const Admin& admin, const std::vector<store::UserRecord>& users,
                       const http::FormData& typed) {
  std::string s = "<form method=\"post\" action=\"/keygate/keys/new\" class=\"card\">\n";
  s += CsrfField(admin);
  s += "<label>Owner <select name=\"owner\" required>";
  for (const auto& u : users) {
    if (!u.active) continue;
    s += "<option value=\"" + EscapeHtml(u.login) + "\"" +
         (typed.Get("owner") == u.login ? " selected" : "") + ">" + EscapeHtml(u.login) +
         (u.name.empty() || u.name == u.login ? "" : " (" + EscapeHtml(u.name) + ")") + "</option>";
  }
  s += "</select></label>\n";
  s += "<label>Name <input name=\"name\" required maxlength=\"200\" placeholder=\"Integration "
       "with App X\" value=\"" +
       EscapeHtml(typed.Get("name")) + "\"></label>\n";
  s += "<label>Scope <input name=\"scope\" placeholder=\"global, rpc, rpc:readonly, "
       "rpc:sale.order:read\" value=\"" +
       EscapeHtml(typed.Get("scope")) + "\"></label>\n";
  s += "<label>Expires in (days) <input name=\"expires_days\" inputmode=\"decimal\" "
       "placeholder=\"none\" value=\"" +
       EscapeHtml(typed.Get("expires_days")) + "\"></label>\n";
  s += "<p class=\"hint\">Odoo 18's rule: a key of a user who is not an administrator must "
       "expire, at most the longest API key duration of the user's groups (1 day when none sets "
       "one).</p>\n";
  s += "<label>Allowed from (addresses or CIDR networks, one per line; empty: anywhere) "
       "<textarea name=\"allowed_networks\" rows=\"2\">" +
       EscapeHtml(typed.Get("allowed_networks")) + "</textarea></label>\n";
  s += "<label>Rate limit <input name=\"rate_limit\" placeholder=\"10/s, 600/min, 1000/h\" "
       "value=\"" +
       EscapeHtml(typed.Get("rate_limit")) + "\"></label>\n";
  s += "<button type=\"submit\">Create key</button>\n</form>\n";
  return s;
}

// The page that shows a new key once.
std::string ShownOnce(const ConsoleEnv& env, const Admin& admin, const services::CallerInfo& caller,
                      const std::string& owner_login, const std::string& plaintext,
                      const std::string& what) {
  std::string s = MessageBox("notice", what + " Copy it now: it is shown only once.");
  s += "<div class=\"card secret\"><code id=\"new-key\">" + EscapeHtml(plaintext) +
       "</code> <button type=\"button\" class=\"copy\" data-copy=\"new-key\">Copy</button></div>\n";
  s += "<h2>Python (xmlrpc.client)</h2>\n<div class=\"card\"><pre id=\"snippet\">" +
       EscapeHtml(PythonSnippet(RpcBaseUrl(env, caller), admin.db, owner_login, plaintext)) +
       "</pre><button type=\"button\" class=\"copy\" data-copy=\"snippet\">Copy</button></div>\n";
  s += "<p><a href=\"/keygate/keys\">Back to the keys</a></p>\n";
  return s;
}

// The key named by the form page's ?id=N, or (in `refusal`) the page saying why there is none.
std::optional<store::ApiKeyRecord> KeyOfQuery(const ConsoleEnv& env, const Admin& admin,
                                              const http::HttpRequest& request,
                                              const services::CallerInfo& caller,
                                              std::optional<http::HttpResponse>& refusal) {
  auto id = ParseId(http::FormData::Parse(request.query).Get("id"));
  if (!id) {
    refusal = ErrorPage(admin, 400, "Which key? The address needs ?id=N.");
    return std::nullopt;
  }
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) {
    refusal = ErrorPage(admin, StatusFor(conn.status()), conn.status().message());
    return std::nullopt;
  }
  auto key = store::ApiKeys(**conn).FindById(*id);
  if (!key.ok()) {
    refusal = ErrorPage(admin, StatusFor(key.status()), key.status().message());
    return std::nullopt;
  }
  if (!*key) refusal = ErrorPage(admin, 404, "There is no API key " + std::to_string(*id) + ".");
  return *key;
}

}  // namespace

http::HttpResponse ShowKeys(const ConsoleEnv& env, const Admin& admin,
                            const http::HttpRequest& request, const services::CallerInfo& caller) {
  http::FormData query = http::FormData::Parse(request.query);
  KeyListQuery q;
  q.text = query.Get("q");
  q.owner = query.Get("owner");
  static const std::vector<std::string> kColumns = {"id",      "owner",   "name",    "scope",
                                                    "created", "expires", "last_use"};
  if (std::find(kColumns.begin(), kColumns.end(), query.Get("sort")) != kColumns.end()) {
    q.sort = query.Get("sort");
    q.descending = query.Get("dir") == "desc";
  }
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return ErrorPage(admin, StatusFor(conn.status()), conn.status().message());
  auto keys = services::ListKeyOverviews(**conn, std::nullopt);
  if (!keys.ok()) return ErrorPage(admin, StatusFor(keys.status()), keys.status().message());
  auto users = store::Users(**conn).List(false);
  if (!users.ok()) return ErrorPage(admin, StatusFor(users.status()), users.status().message());

  std::vector<const services::KeyOverview*> shown;
  const std::string needle = Lower(q.text);
  for (const auto& o : *keys) {
    if (!q.owner.empty() && o.owner_login != q.owner) continue;
    if (!needle.empty() && Lower(o.key.name).find(needle) == std::string::npos &&
        Lower(o.owner_login).find(needle) == std::string::npos &&
        Lower(o.key.scope.value_or("global")).find(needle) == std::string::npos) {
      continue;
    }
    shown.push_back(&o);
  }
  std::stable_sort(shown.begin(), shown.end(), [&q](const auto* a, const auto* b) {
    const std::string ka = SortKey(*a, q.sort), kb = SortKey(*b, q.sort);
    return q.descending ? kb < ka : ka < kb;
  });

  std::string body;
  const std::string done = query.Get("done");
  const std::string done_id = ParseId(query.Get("id")) ? query.Get("id") : "";
  if (done == "revoked" && !done_id.empty()) {
    body += MessageBox("notice", "Key " + done_id + " revoked: it fails from the next call on.");
  }
  body +=
      "<div class=\"toolbar\">\n<form method=\"get\" action=\"/keygate/keys\" class=\"filters\">";
  body += "<label>Search <input name=\"q\" type=\"search\" value=\"" + EscapeHtml(q.text) +
          "\" placeholder=\"name, owner or scope\"></label>";
  body += "<label>Owner <select name=\"owner\"><option value=\"\">all</option>";
  for (const auto& u : *users) {
    body += "<option" + std::string(u.login == q.owner ? " selected" : "") + ">" +
            EscapeHtml(u.login) + "</option>";
  }
  body += "</select></label>";
  body += "<input type=\"hidden\" name=\"sort\" value=\"" + EscapeHtml(q.sort) + "\">";
  body += "<input type=\"hidden\" name=\"dir\" value=\"" +
          std::string(q.descending ? "desc" : "asc") + "\">";
  body += "<button type=\"submit\">Filter</button></form>\n";
  body += "<a class=\"button\" href=\"/keygate/keys/new\">New key</a>\n</div>\n";
  body += "<p class=\"count\">" + std::to_string(shown.size()) + " of " +
          std::to_string(keys->size()) + " keys</p>\n";
  body += "<div class=\"table-wrap\"><table class=\"keys\">\n<thead><tr>";
  body += SortLink(q, "id", "ID") + SortLink(q, "owner", "Owner") + SortLink(q, "name", "Name") +
          SortLink(q, "scope", "Scope") + SortLink(q, "created", "Created") +
          SortLink(q, "expires", "Expires") + SortLink(q, "last_use", "Last use");
  body +=
      "<th scope=\"col\">Rotation</th><th scope=\"col\">Allowed from</th>"
      "<th scope=\"col\">Rate limit</th><th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n";
  for (const auto* o : shown) body += KeyRow(*o);
  body += "</tbody></table></div>\n";
  return HtmlAnswer(200, RenderPage("Keys", &admin, NavItem::kKeys, body));
}

http::HttpResponse ShowNewKeyForm(const ConsoleEnv& env, const Admin& admin,
                                  const services::CallerInfo& caller) {
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return ErrorPage(admin, StatusFor(conn.status()), conn.status().message());
  auto users = store::Users(**conn).List(false);
  if (!users.ok()) return ErrorPage(admin, StatusFor(users.status()), users.status().message());
  http::FormData none;
  return HtmlAnswer(200,
                    RenderPage("New key", &admin, NavItem::kKeys, NewKeyForm(admin, *users, none)));
}

http::HttpResponse CreateKey(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller) {
  http::FormData form = http::FormData::Parse(request.body);
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return ErrorPage(admin, StatusFor(conn.status()), conn.status().message());
  auto users = store::Users(**conn).List(false);
  if (!users.ok()) return ErrorPage(admin, StatusFor(users.status()), users.status().message());
  auto refuse = [&](int status, const std::string& message) {
    return HtmlAnswer(status,
                      RenderPage("New key", &admin, NavItem::kKeys,
                                 MessageBox("error", message) + NewKeyForm(admin, *users, form)));
  };
  const std::string owner_login = form.Get("owner");
  const store::UserRecord* owner = nullptr;
  for (const auto& u : *users) {
    if (u.login == owner_login) owner = &u;
  }
  if (owner == nullptr) return refuse(400, "no user with login \"" + owner_login + "\"");
  services::NewKeyInput input;
  input.name = form.Get("name");
  input.scope = form.Get("scope");
  const std::string days = form.Get("expires_days");
  input.expires_days = ParseDays(days);
  if (!days.empty() && !input.expires_days) {
    return refuse(400,
                  std::string(kExpiresField) + " must be a number of days, got '" + days + "'");
  }
  input.allowed_networks = SplitNetworks(form.Get("allowed_networks"));
  input.rate_limit = form.Get("rate_limit");
  if (input.name.empty()) return refuse(400, "A key needs a name (what it is for).");
  if (Status valid = services::ValidateKeyScope(**conn, *env.server->registry, input.scope);
      !valid.ok()) {
    return refuse(400, valid.message());
  }
  auto created = services::CreateKeyFor(**conn, *owner, input, kExpiresField, *env.server->clock);
  if (!created.ok()) return refuse(StatusFor(created.status()), created.status().message());
  if (Status s = RecordConsoleAction(**conn, admin, caller, kActionKeyCreated, created->id,
                                     *env.server->clock);
      !s.ok()) {
    Log(LogLevel::kWarning, "console", "could not record the console event: " + s.message());
  }
  Log(LogLevel::kInfo, "console",
      "db:" + admin.db + " login:" + admin.login + " created API key " +
          std::to_string(created->id) + " for " + owner->login + " from " + caller.client_ip);
  const std::string what =
      "Created API key " + std::to_string(created->id) + " \"" + input.name + "\" for \"" +
      owner->login + "\"" +
      (created->expiration_date ? ", expires " + *created->expiration_date + " UTC."
                                : ", no expiry.");
  return HtmlAnswer(
      200, RenderPage("New key", &admin, NavItem::kKeys,
                      ShownOnce(env, admin, caller, owner->login, created->plaintext, what)));
}

http::HttpResponse ShowRevokeForm(const ConsoleEnv& env, const Admin& admin,
                                  const http::HttpRequest& request,
                                  const services::CallerInfo& caller) {
  std::optional<http::HttpResponse> refusal;
  auto key = KeyOfQuery(env, admin, request, caller, refusal);
  if (!key) return *refusal;
  std::string body =
      MessageBox("error", "Revoke key " + std::to_string(key->id) + " \"" + key->name +
                              "\"? Every client using it fails from the next call "
                              "on. This cannot be undone.");
  body += "<form method=\"post\" action=\"/keygate/keys/revoke\" class=\"card narrow\">" +
          CsrfField(admin) + "<input type=\"hidden\" name=\"id\" value=\"" +
          std::to_string(key->id) +
          "\"><button type=\"submit\" class=\"danger\">Revoke</button> <a href=\"/keygate/keys\">"
          "Cancel</a></form>\n";
  return HtmlAnswer(200, RenderPage("Revoke key", &admin, NavItem::kKeys, body));
}

http::HttpResponse RevokeKey(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller) {
  auto id = ParseId(http::FormData::Parse(request.body).Get("id"));
  if (!id) return ErrorPage(admin, 400, "Which key? The form needs an id.");
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return ErrorPage(admin, StatusFor(conn.status()), conn.status().message());
  Status s = services::RevokeKey(**conn, *id);
  if (!s.ok()) return ErrorPage(admin, StatusFor(s), s.message());
  if (Status r =
          RecordConsoleAction(**conn, admin, caller, kActionKeyRevoked, *id, *env.server->clock);
      !r.ok()) {
    Log(LogLevel::kWarning, "console", "could not record the console event: " + r.message());
  }
  Log(LogLevel::kInfo, "console",
      "db:" + admin.db + " login:" + admin.login + " revoked API key " + std::to_string(*id) +
          " from " + caller.client_ip);
  return RedirectAnswer("/keygate/keys?done=revoked&id=" + std::to_string(*id));
}

http::HttpResponse ShowRotateForm(const ConsoleEnv& env, const Admin& admin,
                                  const http::HttpRequest& request,
                                  const services::CallerInfo& caller) {
  std::optional<http::HttpResponse> refusal;
  auto key = KeyOfQuery(env, admin, request, caller, refusal);
  if (!key) return *refusal;
  std::string body =
      "<p>Key " + std::to_string(key->id) + " \"" + EscapeHtml(key->name) +
      "\" gets a successor with the same owner, name, scope and restrictions. The old key keeps "
      "working for the grace period, then fails (reason \"rotated\").</p>\n";
  body += "<form method=\"post\" action=\"/keygate/keys/rotate\" class=\"card narrow\">" +
          CsrfField(admin) + "<input type=\"hidden\" name=\"id\" value=\"" +
          std::to_string(key->id) +
          "\"><label>Grace period <input name=\"grace\" value=\"24h\" required></label>"
          "<p class=\"hint\">90s, 30m, 24h, 7d; 0 retires the old key at once.</p>"
          "<button type=\"submit\">Rotate</button> <a href=\"/keygate/keys\">Cancel</a></form>\n";
  return HtmlAnswer(200, RenderPage("Rotate key", &admin, NavItem::kKeys, body));
}

http::HttpResponse RotateKey(const ConsoleEnv& env, const Admin& admin,
                             const http::HttpRequest& request, const services::CallerInfo& caller) {
  http::FormData form = http::FormData::Parse(request.body);
  auto id = ParseId(form.Get("id"));
  if (!id) return ErrorPage(admin, 400, "Which key? The form needs an id.");
  auto conn = ConnectAs(env, admin, caller);
  if (!conn.ok()) return ErrorPage(admin, StatusFor(conn.status()), conn.status().message());
  auto old_key = store::ApiKeys(**conn).FindById(*id);
  if (!old_key.ok())
    return ErrorPage(admin, StatusFor(old_key.status()), old_key.status().message());
  auto rotated = services::RotateKey(**conn, *id, form.Get("grace"), *env.server->clock);
  if (!rotated.ok())
    return ErrorPage(admin, StatusFor(rotated.status()), rotated.status().message());
  if (Status r =
          RecordConsoleAction(**conn, admin, caller, kActionKeyRotated, *id, *env.server->clock);
      !r.ok()) {
    Log(LogLevel::kWarning, "console", "could not record the console event: " + r.message());
  }
  Log(LogLevel::kInfo, "console",
      "db:" + admin.db + " login:" + admin.login + " rotated API key " + std::to_string(*id) +
          " from " + caller.client_ip);
  std::string owner_login = "?";
  if (*old_key) {
    auto owner = store::Users(**conn).FindById((*old_key)->user_id);
    if (owner.ok() && *owner) owner_login = (*owner)->login;
  }
  const std::string what = "Rotated API key " + std::to_string(*id) + ": its successor is key " +
                           std::to_string(rotated->successor.id) + "; the old key works until " +
                           rotated->old_key_valid_until + " UTC.";
  return HtmlAnswer(200, RenderPage("Key rotated", &admin, NavItem::kKeys,
                                    ShownOnce(env, admin, caller, owner_login,
                                              rotated->successor.plaintext, what)));
}

}  // namespace keygate::console
