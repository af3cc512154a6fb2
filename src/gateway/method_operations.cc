// The method table (see method_operations.h).
#include "gateway/method_operations.h"

#include <array>
#include <utility>

namespace keygate::gateway {

namespace {

using models::Operation;

// Odoo 17/18/19 methods of models.BaseModel (and the usual mixins) that only read, or that
// create, write or delete as their names say. Sorted by nothing; looked up linearly (tens).
constexpr std::array<std::pair<std::string_view, Operation>, 40> kMethods = {{
    {"read", Operation::kRead},
    {"search", Operation::kRead},
    {"search_read", Operation::kRead},
    {"search_count", Operation::kRead},
    {"search_fetch", Operation::kRead},
    {"fetch", Operation::kRead},
    {"web_read", Operation::kRead},
    {"web_search_read", Operation::kRead},
    {"web_read_group", Operation::kRead},
    {"read_group", Operation::kRead},
    {"read_progress_bar", Operation::kRead},
    {"name_search", Operation::kRead},
    {"name_get", Operation::kRead},
    {"display_name", Operation::kRead},
    {"fields_get", Operation::kRead},
    {"fields_view_get", Operation::kRead},
    {"get_views", Operation::kRead},
    {"get_view", Operation::kRead},
    {"load_views", Operation::kRead},
    {"default_get", Operation::kRead},
    {"exists", Operation::kRead},
    {"check_access_rights", Operation::kRead},
    {"check_access_rule", Operation::kRead},
    {"check_access", Operation::kRead},
    {"has_access", Operation::kRead},
    {"check_field_access_rights", Operation::kRead},
    {"get_metadata", Operation::kRead},
    {"export_data", Operation::kRead},
    {"context_get", Operation::kRead},
    {"onchange", Operation::kRead},
    {"name_create", Operation::kCreate},
    {"create", Operation::kCreate},
    {"copy", Operation::kCreate},
    {"web_save", Operation::kWrite},
    {"write", Operation::kWrite},
    {"toggle_active", Operation::kWrite},
    {"action_archive", Operation::kWrite},
    {"action_unarchive", Operation::kWrite},
    {"load", Operation::kWrite},
    {"unlink", Operation::kUnlink},
}};

}  // namespace

Operation OperationOfMethod(std::string_view method) {
  for (const auto& [name, op] : kMethods) {
    if (name == method) return op;
  }
  return Operation::kWrite;
}

}  // namespace keygate::gateway
