// /xmlrpc/2/<service> and legacy /xmlrpc/<service>, as odoo/addons/base/controllers/rpc.py.
#include "rpc/error_mapping.h"
#include "rpc/xmlrpc_codec.h"
#include "services/dispatcher.h"
#include "web/endpoints.h"

namespace keygate::web {

namespace {

http::HttpResponse XmlResponse(std::string body) {
  http::HttpResponse r;
  r.status = 200;
  r.content_type = "text/xml; charset=utf-8";
  r.body = std::move(body);
  return r;
}

http::HttpResponse Fault(const Status& s, bool legacy) {
  http::HttpResponse r;
  if (legacy) {
    rpc::LegacyFault f = rpc::LegacyXmlRpcFault(s);
    r = XmlResponse(rpc::SerializeXmlRpcFault(std::string_view(f.code), f.string));
  } else {
    r = XmlResponse(
        rpc::SerializeXmlRpcFault(rpc::XmlRpcFaultCode(s.code()), rpc::XmlRpcFaultString(s)));
  }
  r.app_status = s.code();
  return r;
}

// Whether a None is anywhere in a result.
bool ContainsNil(const Value& v) {
  if (v.is_nil()) return true;
  if (v.is_array()) {
    for (const Value& item : v.as_array()) {
      if (ContainsNil(item)) return true;
    }
  } else if (v.is_struct()) {
    for (const auto& [key, item] : v.as_struct()) {
      if (ContainsNil(item)) return true;
    }
  }
  return false;
}

}  // namespace

http::HttpResponse HandleXmlRpc(const services::ServerContext& ctx, const std::string& service,
                                bool legacy, const http::HttpRequest& request,
                                const services::CallerInfo& caller) {
  auto call = rpc::ParseXmlRpcCall(request.body);
  if (!call.ok()) {
    http::HttpResponse refused = Fault(call.status(), legacy);
    refused.refusal = true;  // a body that cannot be read: answered late (http/server.h)
    return refused;
  }
  auto result = services::Dispatch(ctx, service, call->method, call->params, caller);
  if (!result.ok()) return Fault(result.status(), legacy);
  // Odoo's marshaller is built with allow_none=False: a method that returns None (Odoo 18's
  // check_access_rights) is a fault, whatever JSON-RPC answers.
  if (ContainsNil(*result)) {
    return Fault(TypeError("cannot marshal None unless allow_none is enabled"), legacy);
  }
  return XmlResponse(rpc::SerializeXmlRpcResponse(*result));
}

}  // namespace keygate::web
