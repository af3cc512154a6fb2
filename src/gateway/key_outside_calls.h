// API keys where keygate does not gate: requests that pass through to Odoo (the web client's
// session routes /web/session/*, /web/login, /web/dataset/call_kw, and every other path) are
// Odoo's sessions and go up untouched, but one that carries something shaped like an API key
// where keygate can see a credential is refused, never forwarded: an `Authorization: Bearer KEY`
// or `Basic` header whose password is one, the `password` of a JSON-RPC call to /web/session/*
// (authenticate), or the `password` field of the /web/login form. Odoo 18 itself refuses API keys
// for web logins (AccessDenied), so no session can be opened with a key; refusing them here keeps
// a key from reaching Odoo on a path keygate does not check.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "http/http_types.h"

namespace keygate::gateway {

// An API key found outside the integration calls, and what the request says beside it.
struct KeyOutsideCalls {
  std::string where;      // "authorization" or "password"
  std::string key_index;  // the key's first 8 characters (Odoo's index, which Odoo shows too)
  std::string login;      // the login sent with it (Basic user, JSON or form login), or ""
  // The database the request names: the JSON params' or the form's "db", the "db" query
  // argument or the X-Odoo-Database header, or "".
  std::string db;
};

// The API key `request` carries outside the integration calls, or none.
std::optional<KeyOutsideCalls> FindKeyOutsideIntegrationCalls(const http::HttpRequest& request);

// keygate's refusal: a JSON-RPC AccessDenied error for JSON requests, else HTTP 401.
http::HttpResponse RefuseKeyOutsideIntegrationCalls(const http::HttpRequest& request,
                                                    const std::string& server_version);

}  // namespace keygate::gateway
