// Status -> wire errors, per Odoo's odoo/http.py and odoo/service/wsgi_server.py.
#include "rpc/error_mapping.h"

namespace keygate::rpc {

int XmlRpcFaultCode(StatusCode code) {
  switch (code) {
    case StatusCode::kAccessDenied:
      return 3;
    case StatusCode::kAccessError:
      return 4;
    case StatusCode::kUserError:
    case StatusCode::kValidationError:
    case StatusCode::kMissingError:
      return 2;
    default:
      return 1;
  }
}

LegacyFault LegacyXmlRpcFault(const Status& s) {
  switch (s.code()) {
    case StatusCode::kMissingError:
      return {"warning -- MissingError\n\n" + s.message(), ""};
    case StatusCode::kAccessError:
      return {"warning -- AccessError\n\n" + s.message(), ""};
    case StatusCode::kAccessDenied:
      return {"AccessDenied", s.message()};
    case StatusCode::kUserError:
    case StatusCode::kValidationError:
      return {"warning -- UserError\n\n" + s.message(), ""};
    default:
      return {s.message(), s.message()};
  }
}

namespace {

Value ErrorData(const Status& s) {
  Value data(Value::Struct{});
  data.Set("name", ExceptionName(s.code()));
  data.Set("debug", std::string(ExceptionName(s.code())) + ": " + s.message());
  data.Set("message", s.message());
  data.Set("arguments", Value::Array{Value(s.message())});
  data.Set("context", Value(Value::Struct{}));
  return data;
}

}  // namespace

Value JsonRpcError(const Status& s, const std::string& server_version) {
  Value error(Value::Struct{});
  if (s.code() == StatusCode::kSessionExpired) {
    error.Set("code", 100);
    error.Set("message", "Odoo Session Expired");
  } else {
    error.Set("code", server_version.rfind("19", 0) == 0 ? 0 : 200);
    error.Set("message", "Odoo Server Error");
  }
  error.Set("data", ErrorData(s));
  return error;
}

int Json2HttpStatus(StatusCode code) {
  switch (code) {
    case StatusCode::kUserError:
    case StatusCode::kValidationError:
      return 422;
    case StatusCode::kAccessError:
    case StatusCode::kAccessDenied:
      return 403;
    case StatusCode::kMissingError:
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kSessionExpired:
      return 401;
    default:
      return HttpStatusFor(code);
  }
}

Value Json2ErrorBody(const Status& s) {
  Value body(Value::Struct{});
  body.Set("name", ExceptionName(s.code()));
  body.Set("message", s.message());
  body.Set("arguments", Value::Array{Value(s.message())});
  body.Set("context", Value(Value::Struct{}));
  body.Set("debug", std::string(ExceptionName(s.code())) + ": " + s.message());
  return body;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidRequest:
      return 400;
    case StatusCode::kAccessDenied:
    case StatusCode::kAccessError:
      return 403;
    case StatusCode::kNotFound:
    case StatusCode::kDatabaseNotFound:
      return 404;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kTooManyRequests:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

}  // namespace keygate::rpc
