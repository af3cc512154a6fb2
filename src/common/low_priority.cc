// Per-thread CPU priority on Linux (see low_priority.h).
#include "common/low_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace keygate {

namespace {

id_t ThisThreadsId() { return static_cast<id_t>(syscall(SYS_gettid)); }

}  // namespace

int ThisThreadsNice() {
  errno = 0;
  return getpriority(PRIO_PROCESS, ThisThreadsId());
}

void LowerThisThreadsPriority() {
  const int target = std::min(19, ThisThreadsNice() + kLowPriorityNiceIncrement);
  (void)setpriority(PRIO_PROCESS, ThisThreadsId(), target);
}

void LowerThisThreadsPriorityOnce() {
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  LowerThisThreadsPriority();
}

}  // namespace keygate
