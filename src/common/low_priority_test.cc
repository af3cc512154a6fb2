// Tests for RunAtLowPriority: the work runs on another thread, at a lower priority, and only
// that thread is lowered.
#include "common/low_priority.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>

namespace keygate {
namespace {

TEST(LowPriorityTest, WorkRunsOnAnotherThreadAtLowerPriorityAndReturnsItsResult) {
  const int caller_nice = ThisThreadsNice();
  const std::thread::id caller = std::this_thread::get_id();
  std::thread::id worker;
  int worker_nice = 0;
  std::string result = RunAtLowPriority([&]() {
    worker = std::this_thread::get_id();
    worker_nice = ThisThreadsNice();
    return std::string("hashed");
  });
  EXPECT_EQ(result, "hashed");
  EXPECT_NE(worker, caller);
  EXPECT_EQ(worker_nice, std::min(19, caller_nice + kLowPriorityNiceIncrement));
  EXPECT_EQ(ThisThreadsNice(), caller_nice);  // the caller keeps its priority
}

TEST(LowPriorityTest, AnExceptionOfTheWorkReachesTheCaller) {
  EXPECT_THROW(RunAtLowPriority([]() -> int { throw std::runtime_error("no memory"); }),
               std::runtime_error);
}

TEST(LowPriorityTest, OnceLowersAThreadOnlyOnce) {
  std::thread([] {
    const int before = ThisThreadsNice();
    LowerThisThreadsPriorityOnce();
    const int lowered = ThisThreadsNice();
    LowerThisThreadsPriorityOnce();
    EXPECT_EQ(lowered, std::min(19, before + kLowPriorityNiceIncrement));
    EXPECT_EQ(ThisThreadsNice(), lowered);
  }).join();
}

}  // namespace
}  // namespace keygate
