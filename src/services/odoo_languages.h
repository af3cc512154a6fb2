// The languages Odoo 18 knows (code, name), in db.list_lang's order: what a client picking a
// language for a new database is offered. keygate's databases serve en_US; this is the list only.
// Thread-safety: immutable after static initialisation.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace keygate::services {

const std::vector<std::pair<std::string_view, std::string_view>>& OdooLanguages();

}  // namespace keygate::services
