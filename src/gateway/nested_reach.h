// The other models an Odoo call reaches besides its own, for keys whose scope limits them to
// some models (README "Gateway mode"): a key must not reach a model through a forwarded call that
// it could not call directly. What counts, following keygate's own writer (models/writer.cc) and
// domain compiler (models/domain.cc):
// - x2many commands in the values of create, write, web_save and copy's default, at any depth
//   (Odoo's (0, 0, vals) is a create of the comodel, (1, id, vals) a write, (2, id) an unlink, each
//   with its own values inspected in turn; a dict in place of a command is a create); on a
//   one2many, (3, id), (4, id), (5,), (6, 0, ids) and a plain list of ids write the lines' inverse,
//   a write of the comodel (and an unlink when the inverse is required or cascades, since Odoo
//   then deletes the line); on a many2many they only change the link table, a write of the
//   record itself, as a many2one's id is;
// - dotted paths in domains (args and kwargs `domain` / `args` of search, search_read,
//   search_count, read_group, name_search and any method's kwargs `domain`): each hop into a
//   comodel is a read of it, and so is the last field when it is an x2many or is compared by name
//   (a string) or with `any` / `not any` (whose subdomain is inspected on the comodel);
// - dotted paths in `order` / `orderby` and in read_group's groupby: each hop is a read.
// Unknown fields are reported (`unknown`) so that the caller can reload the catalogue once; Odoo
// refuses them anyway.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "gateway/field_catalogue.h"
#include "models/access.h"

namespace keygate::gateway {

struct ModelReach {
  std::string model;
  models::Operation op = models::Operation::kRead;
  bool operator==(const ModelReach&) const = default;
};

struct NestedReach {
  std::vector<ModelReach> reached;  // in the order met, each at most once
  bool unknown = false;             // a field or model the catalogue does not know
};

// `args` are the method's positional arguments (execute_kw's 6th param, execute's rest);
// `kwargs` a struct or nil. kValidationError when commands or domains nest too deeply.
StatusOr<NestedReach> NestedReachOf(const FieldCatalogue& catalogue, std::string_view model,
                                    std::string_view method, const Value::Array& args,
                                    const Value& kwargs);

}  // namespace keygate::gateway
