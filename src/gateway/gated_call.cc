// The gate in front of Odoo (see gated_call.h).
#include "gateway/gated_call.h"

#include "auth/key_lifecycle.h"
#include "common/log.h"
#include "crypto/digest.h"
#include "gateway/credential_splice.h"
#include "gateway/forward_headers.h"
#include "gateway/method_operations.h"
#include "gateway/nested_reach.h"
#include "gateway/pass_through.h"
#include "models/key_scope.h"
#include "rpc/error_mapping.h"
#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"
#include "services/auth_defences.h"
#include "services/auth_gate.h"
#include "services/db_service.h"
#include "services/json2_service.h"
#include "services/key_usage.h"
#include "store/repositories.h"
#include "web/endpoints.h"

namespace keygate::gateway {

namespace {

// Answers keygate gives itself, in the call's wire form.
class WireAnswers {
 public:
  WireAnswers(const InspectedCall& call, const std::string& server_version)
      : call_(call), server_version_(server_version) {}

  http::HttpResponse Error(const Status& s) const {
    if (call_.wire == Wire::kJson2) return web::Json2Response(services::Json2Error(s));
    http::HttpResponse r;
    if (call_.wire == Wire::kJsonRpc) {
      Value envelope(Value::Struct{});
      envelope.Set("jsonrpc", "2.0");
      envelope.Set("id", call_.json_id);
      envelope.Set("error", rpc::JsonRpcError(s, server_version_));
      r.content_type = "application/json";
      r.body = rpc::SerializeJson(envelope);
    } else if (call_.wire == Wire::kXmlRpcLegacy) {
      rpc::LegacyFault f = rpc::LegacyXmlRpcFault(s);
      r.content_type = "text/xml; charset=utf-8";
      r.body = rpc::SerializeXmlRpcFault(std::string_view(f.code), f.string);
    } else {
      r.content_type = "text/xml; charset=utf-8";
      r.body = rpc::SerializeXmlRpcFault(rpc::XmlRpcFaultCode(s.code()), rpc::XmlRpcFaultString(s));
    }
    r.app_status = s.code();
    return r;
  }

  // A database keygate has not attached (or that does not exist): Odoo's answer for one that
  // does not exist.
  http::HttpResponse UnknownDatabase() const {
    if (call_.wire == Wire::kJson2) {
      return web::Json2Response(services::Json2DatabaseNotFound(call_.db));
    }
    return Error(DatabaseNotFound(call_.db));
  }

  // keygate's refusal of the credential: Odoo's words for it.
  http::HttpResponse Refused(const auth::AuthOutcome& refused) const {
    if (call_.wire == Wire::kJson2) return web::Json2Response(services::Json2KeyRefused(refused));
    if (call_.service == "common") return Result(False());
    return Error(services::DenialStatus(refused));
  }

  http::HttpResponse Result(const Value& v) const {
    http::HttpResponse r;
    if (call_.wire == Wire::kJsonRpc) {
      Value envelope(Value::Struct{});
      envelope.Set("jsonrpc", "2.0");
      envelope.Set("id", call_.json_id);
      envelope.Set("result", v);
      r.content_type = "application/json";
      r.body = rpc::SerializeJson(envelope);
    } else {
      r.content_type = "text/xml; charset=utf-8";
      r.body = rpc::SerializeXmlRpcResponse(v);
    }
    return r;
  }

  // Odoo did not answer: its format, never a hang (the upstream client's deadlines). JSON-2
  // answers with HTTP 502, or 503 when every upstream connection is busy.
  http::HttpResponse UpstreamDown(const UpstreamResult& failure,
                                  const http::HttpRequest& request) const {
    Log(LogLevel::kWarning, "gateway",
        "upstream " + std::string(UpstreamErrorName(failure.error)) + " for " +
            request.path.substr(0, 128) + ": " + failure.error_text);
    http::HttpResponse r =
        Error(Unavailable("The Odoo server behind keygate is unavailable, please retry."));
    if (call_.wire == Wire::kJson2)
      r.status = failure.error == UpstreamError::kPoolBusy ? 503 : 502;
    return r;
  }

 private:
  const InspectedCall& call_;
  const std::string& server_version_;
};

// Why keygate's JSON reader refused `body`, in Python's words when Python refuses it too.
std::string ParseErrorOf(const std::string& body) {
  std::string why = rpc::PythonJsonDecodeError(body);
  if (!why.empty()) return why;
  auto parsed = rpc::ParseJson(body);
  return parsed.ok() ? "not JSON keygate reads" : parsed.status().message();
}

auth::AuthOutcome Failure(auth::AuthReason reason, int64_t uid) {
  auth::AuthOutcome o;
  o.reason = reason;
  o.uid = uid;
  return o;
}

// Odoo accepts a stored scope of NULL or 'rpc' only: any other is a key keygate narrowed, which
// Odoo must not see (it would refuse it) and which goes up with the forwarding credential.
bool NarrowedByKeygate(const auth::Grant& grant) {
  return grant.key_scope && *grant.key_scope != "rpc";
}

// The scope's AccessError for the first other model the call reaches that the scope does not
// allow (nested_reach.h), or nullopt. A field or model the catalogue does not know reloads it
// once (a module installed since) and looks again.
StatusOr<std::optional<Status>> NestedScopeDenial(Gateway& gateway, store::SqlConnection& c,
                                                  const InspectedCall& call,
                                                  const models::KeyScope& scope) {
  KG_ASSIGN_OR_RETURN(auto catalogue, gateway.fields.For(c, call.db));
  KG_ASSIGN_OR_RETURN(NestedReach reach, NestedReachOf(*catalogue, call.model, call.model_method,
                                                       call.args, call.kwargs));
  if (reach.unknown) {
    KG_ASSIGN_OR_RETURN(auto newer, gateway.fields.AfterMiss(c, call.db));
    if (newer) {
      KG_ASSIGN_OR_RETURN(
          reach, NestedReachOf(*newer, call.model, call.model_method, call.args, call.kwargs));
    }
  }
  for (const ModelReach& r : reach.reached) {
    if (!scope.Allows(r.model, r.op)) return {models::KeyScopeDenial(scope.text(), r.model, r.op)};
  }
  return {std::nullopt};
}

}  // namespace

http::HttpResponse HandleGatedCall(const services::ServerContext& ctx, Gateway& gateway,
                                   const http::HttpRequest& request,
                                   const services::CallerInfo& caller, const InspectedCall& call) {
  const WireAnswers answer(call, ctx.options.server_version);
  const bool object = call.service == "object";
  const std::string who = call.wire == Wire::kJson2 ? "bearer"
                          : object                  ? "uid:" + std::to_string(call.uid)
                                                    : "login:" + call.login.substr(0, 64);

  auto database = services::OpenServedDatabase(ctx, call.db, caller.host);
  if (!database.ok()) {
    services::NoteUnknownDatabase(ctx, database.status(), call.db, who, caller);
    const StatusCode code = database.status().code();
    if (code == StatusCode::kUserError || code == StatusCode::kDatabaseNotFound) {
      return answer.UnknownDatabase();
    }
    return answer.Error(database.status());
  }
  auto conn = (*database)->Acquire();
  if (!conn.ok()) return answer.Error(conn.status());
  store::SqlConnection& c = **conn;
  if (!gateway.IsAttached(c, call.db)) {
    // A database keygate serves itself, not Odoo's: never forwarded.
    Log(LogLevel::kInfo, "gateway",
        "refused a call for db:" + call.db.substr(0, 64) +
            ": not an attached Odoo database (keygate db attach)");
    return answer.UnknownDatabase();
  }
  // The request to Odoo: the client's, with `body`; for JSON-2 with the database keygate
  // checked the key against named, and the bearer `secret` in place of the client's when given.
  auto upstream_request = [&](std::string body, const std::string* secret) {
    UpstreamRequest up = UpstreamRequestFor(request, caller, std::move(body));
    if (call.wire == Wire::kJson2) {
      SetHeader(up.headers, "x-odoo-database", call.db);
      if (secret != nullptr) SetHeader(up.headers, "authorization", "bearer " + *secret);
    }
    return up;
  };
  auto forward = [&](std::string body) {
    return gateway.upstream.Send(upstream_request(std::move(body), nullptr));
  };

  // The password path's forwarded answer (Odoo decided), when the secret was no valid key.
  std::optional<UpstreamResult> decided_by_odoo;
  const services::CredentialCheck check =
      [&](const auth::PasswordGate* gate) -> StatusOr<auth::AuthOutcome> {
    // Keys first, as keygate's authenticator does; it stops where it would hash a password.
    bool password_path = false;
    const auth::PasswordGate stop = [&](bool) -> StatusOr<auth::GateDecision> {
      password_path = true;
      return auth::GateDecision::kCooldown;
    };
    auth::AuthOutcome outcome;
    if (object) {
      KG_ASSIGN_OR_RETURN(outcome,
                          ctx.authenticator->CheckUid(c, call.db, call.uid, call.secret, &stop));
    } else {
      KG_ASSIGN_OR_RETURN(outcome, ctx.authenticator->AuthenticateLogin(c, call.db, call.login,
                                                                        call.secret, &stop));
    }
    if (outcome.ok) return outcome;
    const int64_t uid = object ? call.uid : outcome.uid;
    // A revoked, rotated-out or expired key is keygate's to refuse: Odoo never sees it.
    if (crypto::LooksLikeApiKey(call.secret)) {
      const Clock& clock = ctx.clock ? *ctx.clock : DefaultClock();
      KG_ASSIGN_OR_RETURN(auto retired,
                          auth::FindRetiredKey(c, call.secret, FormatUtc(clock.NowUnix())));
      if (retired) {
        auth::AuthOutcome refused =
            Failure(auth::RefusalOfRetiredKey(retired->reason), retired->user_id);
        refused.failed_key_id = retired->key_id;
        return refused;
      }
    }
    // A password (or a secret keygate cannot verify): the per-login cooldown, then Odoo.
    KG_ASSIGN_OR_RETURN(auth::GateDecision decision, (*gate)(/*hashing=*/false));
    if (decision != auth::GateDecision::kProceed) return Failure(auth::AuthReason::kCooldown, uid);
    decided_by_odoo = forward(request.body);
    if (!decided_by_odoo->ok) return Unavailable(decided_by_odoo->error_text);
    const UpstreamResponse& response = decided_by_odoo->response;
    AnswerReading reading;
    reading = ReadAnswer(call, response.status, response.body);
    const bool refused = reading.kind == AnswerKind::kAccessDenied ||
                         (!object && reading.kind == AnswerKind::kResult && reading.uid == 0);
    if (refused) return Failure(auth::AuthReason::kWrongPassword, uid);
    auth::AuthOutcome accepted;
    accepted.ok = true;
    accepted.uid = object ? call.uid : reading.uid;
    accepted.grant.uid = accepted.uid;
    accepted.grant.login = object ? "" : call.login;
    return accepted;
  };

  services::AttemptSubject subject;
  if (object) {
    subject.uid = call.uid;
  } else {
    subject.login = call.login;
  }
  // JSON-2 takes API keys only (Odoo 19's _auth_method_bearer), which keygate checks itself.
  auto outcome = call.wire == Wire::kJson2
                     ? services::CheckBearerCredentials(ctx, c, call.db, call.secret, caller)
                     : services::CheckForwardedCredentials(ctx, c, call.db, subject, call.secret,
                                                           caller, check);
  if (decided_by_odoo) {
    if (!decided_by_odoo->ok) return answer.UpstreamDown(*decided_by_odoo, request);
    return Relay(std::move(decided_by_odoo->response));
  }
  if (!outcome.ok()) return answer.Error(outcome.status());
  if (!outcome->ok) return answer.Refused(*outcome);

  const auth::Grant& grant = outcome->grant;
  std::optional<models::Operation> operation;
  if (object) {
    auto scope = models::KeyScope::Parse(grant.key_scope);
    if (!scope.ok()) return answer.Error(AccessDenied());
    operation = OperationOfMethod(call.model_method);
    if (!scope->Allows(call.model, *operation)) {
      services::NoteAccessError(ctx, c, call.db, grant, caller);
      return answer.Error(models::KeyScopeDenial(scope->text(), call.model, *operation));
    }
    if (!scope->unrestricted() && call.unread_body) {
      // What keygate cannot read it cannot inspect for the other models the call reaches.
      return answer.Error(
          InvalidRequest("could not parse the body as json: " + ParseErrorOf(request.body)));
    }
    if (!scope->unrestricted()) {
      auto nested = NestedScopeDenial(gateway, c, call, *scope);
      if (!nested.ok()) return answer.Error(nested.status());
      if (*nested) {
        services::NoteAccessError(ctx, c, call.db, grant, caller);
        return answer.Error(**nested);
      }
    }
  }

  const bool substitute = NarrowedByKeygate(grant);
  std::string credential;
  // The request with `secret` in place of the client's: in the body of XML-RPC and JSON-RPC,
  // in the Authorization header of JSON-2.
  auto request_with = [&](const std::string& secret) -> StatusOr<UpstreamRequest> {
    if (call.wire == Wire::kJson2) return upstream_request(request.body, &secret);
    std::string body;
    if (call.wire == Wire::kJsonRpc) {
      KG_ASSIGN_OR_RETURN(body, ReplaceJsonRpcSecret(call.json_envelope, secret));
    } else {
      KG_ASSIGN_OR_RETURN(body, SpliceXmlRpcSecret(request.body, call.secret, secret));
    }
    return upstream_request(std::move(body), nullptr);
  };
  auto substituted = [&]() -> StatusOr<UpstreamRequest> {
    KG_ASSIGN_OR_RETURN(credential, gateway.credentials.For(c, call.db, grant.uid));
    return request_with(credential);
  };
  UpstreamResult result;
  if (substitute) {
    auto up = substituted();
    if (!up.ok()) return answer.Error(up.status());
    result = gateway.upstream.Send(std::move(up).value());
  } else {
    result = forward(request.body);
  }
  // What Odoo answered, read once (a large result is not parsed: see ReadAnswer).
  auto reading = [&] {
    return result.ok ? ReadAnswer(call, result.response.status, result.response.body)
                     : AnswerReading{AnswerKind::kOtherError};
  };
  AnswerReading answered = reading();
  if (substitute && answered.kind == AnswerKind::kAccessDenied) {
    // The forwarding credential was refused (deleted in Odoo): a new one, one retry.
    (void)gateway.credentials.Refused(c, call.db, grant.uid, credential);
    auto up = substituted();
    if (!up.ok()) return answer.Error(up.status());
    result = gateway.upstream.Send(std::move(up).value());
    answered = reading();
  }
  if (!result.ok) return answer.UpstreamDown(result, request);
  if (object && answered.kind == AnswerKind::kResult && grant.key_id && ctx.defences &&
      ctx.defences->events) {
    const Clock& clock = ctx.clock ? *ctx.clock : DefaultClock();
    ctx.defences->events->RecordKeyUsage(call.db, *grant.key_id, call.model,
                                         models::OperationName(*operation),
                                         FormatUtc(clock.NowUnix()));
  } else if (object && answered.kind == AnswerKind::kAccessError) {
    services::NoteAccessError(ctx, c, call.db, grant, caller);
  }
  return Relay(std::move(result.response));
}

}  // namespace keygate::gateway
