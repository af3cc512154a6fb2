// read_group(domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True): Odoo's
// grouped totals. Groups by stored (or related) fields, dates by day/month/year (month when no
// granularity is given, as Odoo), counts records and aggregates numbers (sum by default, also
// avg/min/max/count/count_distinct), with Odoo's keys: "<field>_count" when lazy, "__count"
// otherwise, "__domain" for each group and "__context" naming the group-bys left for later.
// Thread-safety: per call.
#pragma once

#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "models/arguments.h"
#include "models/method_context.h"

namespace keygate::models {

StatusOr<Value> MethodReadGroup(const MethodContext& ctx, const BoundArguments& args);

// Odoo's expression.AND(domains) on domains in prefix notation (normalised, TRUE leaves
// dropped): one '&' per extra non-empty domain in front, then the domains in order.
Value AndDomains(const std::vector<Value>& domains);
Value AndDomains(const Value& a, const Value& b);

}  // namespace keygate::models
