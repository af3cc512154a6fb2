// The method table: Python signatures as in Odoo 18's models.py.
#include "models/methods.h"

#include <vector>

#include "models/name_methods.h"
#include "models/read_group.h"
#include "models/read_methods.h"
#include "models/write_methods.h"

namespace keygate::models {
namespace {

Parameter Req(const char* name) { return Parameter{name, std::nullopt}; }
Parameter Opt(const char* name, Value def) { return Parameter{name, std::move(def)}; }

const std::vector<MethodDef>& Table() {
  static const std::vector<MethodDef> table = {
      {{"search",
        false,
        {Req("domain"), Opt("offset", 0), Opt("limit", Value()), Opt("order", Value())}},
       Operation::kRead,
       "",
       MethodSearch},
      {{"search_read",
        false,
        {Opt("domain", Value()), Opt("fields", Value()), Opt("offset", 0), Opt("limit", Value()),
         Opt("order", Value())}},
       Operation::kRead,
       "",
       MethodSearchRead},
      {{"read", true, {Opt("fields", Value()), Opt("load", "_classic_read")}},
       Operation::kRead,
       "",
       MethodRead},
      {{"search_count", false, {Req("domain"), Opt("limit", Value())}},
       Operation::kRead,
       "",
       MethodSearchCount},
      {{"fields_get", false, {Opt("allfields", Value()), Opt("attributes", Value())}},
       std::nullopt,
       "",
       MethodFieldsGet},
      {{"context_get", false, {}, "Users"}, std::nullopt, "res.users", MethodContextGet},
      {{"exists", true, {}}, Operation::kRead, "", MethodExists},
      // Metadata, as fields_get: Odoo checks no access right.
      {{"default_get", false, {Req("fields_list")}}, std::nullopt, "", MethodDefaultGet},
      {{"create", false, {Req("vals_list")}}, Operation::kCreate, "", MethodCreate, true},
      {{"write", true, {Req("vals")}}, Operation::kWrite, "", MethodWrite, true},
      {{"unlink", true, {}}, Operation::kUnlink, "", MethodUnlink, true},
      // Reads the records (read rule), then creates their copies as the caller.
      {{"copy", true, {Opt("default", Value())}}, Operation::kCreate, "", MethodCopy, true},
      {{"name_search",
        false,
        {Opt("name", ""), Opt("args", Value()), Opt("operator", "ilike"), Opt("limit", 100)}},
       Operation::kRead,
       "",
       MethodNameSearch},
      // Answers for the caller's rights, so it must not be refused by the check it reports on.
      {{"check_access_rights", false, {Req("operation"), Opt("raise_exception", true)}},
       std::nullopt,
       "",
       MethodCheckAccessRights},
      // Odoo 18's boolean access check on records; answers for the caller's rights, as above.
      {{"has_access", true, {Req("operation")}}, std::nullopt, "", MethodHasAccess},
      {{"read_group",
        false,
        {Req("domain"), Req("fields"), Req("groupby"), Opt("offset", 0), Opt("limit", Value()),
         Opt("orderby", false), Opt("lazy", true)}},
       Operation::kRead,
       "",
       MethodReadGroup},
  };
  return table;
}

}  // namespace

const MethodDef* FindMethod(std::string_view model, std::string_view method) {
  for (const MethodDef& m : Table()) {
    if (m.signature.method == method && (m.only_model.empty() || m.only_model == model)) return &m;
  }
  return nullptr;
}

}  // namespace keygate::models
