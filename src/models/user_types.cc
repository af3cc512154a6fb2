// The one-user-type rule and the share flag after a change of groups.
#include "models/user_types.h"

#include <vector>

#include "store/groups.h"

namespace keygate::models {

Status AfterUserGroupsChanged(store::SqlConnection& c, int64_t uid) {
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> types, store::UserTypeGroupIds(c, uid));
  if (types.size() > 1) return ValidationError(kOneUserType);
  return store::RefreshShare(c, uid);
}

}  // namespace keygate::models
