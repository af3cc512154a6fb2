// The models an API key scope may name (commands.h, KnownModels): the models keygate declares,
// and those of the database's own ir_model, so that on an attached Odoo database every model
// the Odoo knows counts, installed modules included.
#include <algorithm>

#include "cli/commands.h"
#include "models/registry.h"
#include "store/model_catalog.h"

namespace keygate::cli {

StatusOr<std::vector<std::string>> KnownModels(store::SqlConnection& c) {
  KG_ASSIGN_OR_RETURN(auto registry, models::Registry::LoadEmbedded());
  std::vector<std::string> names = registry.ModelNames();
  KG_ASSIGN_OR_RETURN(auto catalogue, store::CatalogueModelNames(c));
  names.insert(names.end(), catalogue.begin(), catalogue.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace keygate::cli
