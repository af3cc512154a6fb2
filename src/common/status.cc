// Names of the exception classes Odoo clients see for each status code.
#include "common/status.h"

namespace keygate {

const char* ExceptionName(StatusCode code) {
  switch (code) {
    case StatusCode::kAccessDenied:
      return "odoo.exceptions.AccessDenied";
    case StatusCode::kAccessError:
      return "odoo.exceptions.AccessError";
    case StatusCode::kUserError:
      return "odoo.exceptions.UserError";
    case StatusCode::kValidationError:
      return "odoo.exceptions.ValidationError";
    case StatusCode::kMissingError:
      return "odoo.exceptions.MissingError";
    case StatusCode::kSessionExpired:
      return "odoo.http.SessionExpiredException";
    case StatusCode::kDatabaseNotFound:
      return "psycopg2.OperationalError";
    case StatusCode::kInvalidRequest:
      return "werkzeug.exceptions.BadRequest";
    case StatusCode::kNotFound:
      return "werkzeug.exceptions.NotFound";
    case StatusCode::kPayloadTooLarge:
      return "werkzeug.exceptions.RequestEntityTooLarge";
    case StatusCode::kTooManyRequests:
      return "werkzeug.exceptions.TooManyRequests";
    case StatusCode::kUnavailable:
      return "werkzeug.exceptions.ServiceUnavailable";
    case StatusCode::kOk:
    case StatusCode::kInternal:
      break;
  }
  return "builtins.Exception";
}

}  // namespace keygate
