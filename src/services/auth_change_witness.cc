// The wait after a change for every server to apply it.
#include "services/auth_change_witness.h"

#include <utility>

#include "store/generation_source.h"
#include "store/repositories.h"

namespace keygate::services {

AuthChangeWitness::AuthChangeWitness(std::shared_ptr<store::Database> db) : db_(std::move(db)) {
  if (db_->attached()) return;
  auto lease = db_->Acquire();
  if (!lease.ok()) return;
  if (auto generation = store::AuthGeneration(**lease); generation.ok()) before_ = *generation;
}

int AuthChangeWitness::Confirm() {
  if (!before_) return 0;
  auto lease = db_->Acquire();
  if (!lease.ok()) return 0;
  auto now = store::AuthGeneration(**lease);
  if (!now.ok() || *now <= *before_) return 0;
  auto behind = store::WaitForWatchers(**lease, *now, kWait);
  return behind.ok() ? *behind : 0;
}

}  // namespace keygate::services
