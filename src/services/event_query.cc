// Event log filters.
#include "services/event_query.h"

#include <cctype>

#include "common/clock.h"

namespace keygate::services {

StatusOr<std::string> SinceToUtc(const std::string& text, int64_t now) {
  if (text.size() >= 2 && std::isdigit(static_cast<unsigned char>(text[0]))) {
    char unit = text.back();
    std::string digits = text.substr(0, text.size() - 1);
    bool all_digits = digits.size() <= 9;
    for (char ch : digits) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(ch));
    int64_t scale = unit == 's'   ? 1
                    : unit == 'm' ? 60
                    : unit == 'h' ? 3600
                    : unit == 'd' ? 86400
                                  : 0;
    if (all_digits && scale > 0) return FormatUtc(now - std::stoll(digits) * scale);
  }
  std::string t = text;
  if (t.size() > 10 && t[10] == 'T') t[10] = ' ';
  if (!t.empty() && t.back() == 'Z') t.pop_back();
  if (auto parsed = ParseUtc(t)) return FormatUtc(*parsed);
  return InvalidRequest(
      "--since: expected a duration such as 30m, 1h or 2d, or a UTC date/time "
      "such as 2026-01-31 12:00:00, got '" +
      text + "'");
}

StatusOr<auth::EventFilter> MakeEventFilter(const EventQueryInput& input, int64_t now) {
  auth::EventFilter f;
  if (!input.since.empty()) {
    KG_ASSIGN_OR_RETURN(std::string since, SinceToUtc(input.since, now));
    f.since = since;
  }
  if (!input.login.empty()) f.login = input.login;
  if (!input.ip.empty()) f.ip = input.ip;
  if (input.outcome == "success") {
    f.success = true;
  } else if (input.outcome == "failed" || input.outcome == "failure") {
    f.success = false;
  } else if (!input.outcome.empty()) {
    return InvalidRequest("--outcome: expected success or failed, got '" + input.outcome + "'");
  }
  f.limit = input.limit;
  return f;
}

}  // namespace keygate::services
