// One integration call through keygate's gate, then to Odoo:
// - the database must be one keygate has attached, else Odoo's answer for a database that does
//   not exist, and nothing is forwarded;
// - an API key is keygate's to check (credential cache, allow-list, rate limit, revoked, rotated
//   and expired keys, the key's scope on the model and method: method_operations.h); refusals are
//   answered in Odoo's format (fault 3 Access Denied, the scope's AccessError; False from
//   common.authenticate/login) and never reach Odoo;
// - anything else (a password, a secret that is no valid key) passes keygate's per-login
//   cooldown and goes to Odoo as its original bytes: Odoo decides (so LDAP or OAuth users keep
//   working), and its verdict becomes keygate's auth event, counters and detection input;
// - a key keygate narrowed (its stored scope is one Odoo refuses) is forwarded with the user's
//   forwarding credential in place of the key (credential_splice.h, forwarding_credentials.h);
//   other keys go as their original bytes. Odoo refusing the forwarding credential gets it
//   replaced and the call retried once.
// Every forwarded key call is recorded: the auth event (last use) and the model and operation.
// Thread-safety: thread-safe.
#pragma once

#include "gateway/gateway_handler.h"
#include "gateway/rpc_inspection.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::gateway {

http::HttpResponse HandleGatedCall(const services::ServerContext& ctx, Gateway& gateway,
                                   const http::HttpRequest& request,
                                   const services::CallerInfo& caller, const InspectedCall& call);

}  // namespace keygate::gateway
