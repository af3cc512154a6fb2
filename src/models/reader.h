// Reading records in bulk and shaping them as Odoo's read() does: one query for the records
// (related fields and many2one display names come as sub-selects in that query) and one query
// per x2many field, whatever the number of records. Ids come back in the requested order.
// Thread-safety: per call.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "models/access.h"
#include "models/method_context.h"
#include "models/search.h"

namespace keygate::models {

// The `fields` argument of read/search_read: nil, False or [] mean every field. Unknown names:
// ValueError "Invalid field 'x' on model 'res.partner'" (a str is iterated: its characters).
StatusOr<std::vector<const FieldDef*>> ResolveFields(const ModelDef& model, const Value& fields);

// The `ids` argument of record methods: an int or a list of ints.
StatusOr<std::vector<int64_t>> ParseIds(const Value& ids);

struct ReadOptions {
  bool classic = true;  // load='_classic_read': many2one as [id, display_name]
};

// Reads the records among `ids` that exist (and pass the read rule when `rule_ids` is given:
// those excluded by the rule are returned in it). Result: id -> {"id": ..., field: value, ...}.
StatusOr<std::map<int64_t, Value>> FetchRecords(const MethodContext& ctx,
                                                const std::vector<int64_t>& ids,
                                                const std::vector<const FieldDef*>& fields,
                                                const ReadOptions& options);

// search_read in one statement: the records the search finds, in its order, read by the query
// that finds them (the read rule is the search's); x2many fields by one query each.
StatusOr<Value> SearchRead(const MethodContext& ctx, const SearchQuery& query,
                           const std::vector<const FieldDef*>& fields, const ReadOptions& options);

// How ReadInOrder treats the ids it is given.
enum class GivenIds {
  kFound,        // found by a search as the caller: already within the read rule
  kSkipMissing,  // Odoo 18's read(): missing ids are left out, the others must pass the read rule
  kRequireAll,   // every id must exist (kMissingError otherwise) and pass the read rule
};

// Reads `ids` in their order; an id outside the read rule is Odoo's rule error (kAccessError).
StatusOr<Value> ReadInOrder(const MethodContext& ctx, const std::vector<int64_t>& ids,
                            const std::vector<const FieldDef*>& fields, const ReadOptions& options,
                            GivenIds given);

}  // namespace keygate::models
