// The shared background loop: when the first run happens, that runs repeat, and that Stop wakes
// the thread at once instead of waiting for the interval.
#include "common/periodic_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace keygate {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

bool WaitFor(const std::atomic<int>& runs, int at_least) {
  const auto deadline = steady_clock::now() + std::chrono::seconds(10);
  while (runs.load() < at_least) {
    if (steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}

TEST(PeriodicWorkerTest, RunsAtStartThenRepeats) {
  std::atomic<int> runs{0};
  PeriodicWorker worker(milliseconds(5), PeriodicWorker::FirstRun::kAtStart, [&] { ++runs; });
  worker.Start();
  worker.Start();  // a second Start starts no second thread
  EXPECT_TRUE(WaitFor(runs, 3));
  worker.Stop();
  const int after_stop = runs.load();
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_EQ(runs.load(), after_stop);  // no run after Stop
}

TEST(PeriodicWorkerTest, StopWakesAWorkerThatWaitsForItsFirstRun) {
  std::atomic<int> runs{0};
  PeriodicWorker worker(std::chrono::hours(1), PeriodicWorker::FirstRun::kAfterInterval,
                        [&] { ++runs; });
  worker.Start();
  const auto started = steady_clock::now();
  worker.Stop();
  EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(runs.load(), 0);
}

TEST(PeriodicWorkerTest, ImmediateFirstRunEvenWithALongInterval) {
  std::atomic<int> runs{0};
  PeriodicWorker worker(std::chrono::hours(1), PeriodicWorker::FirstRun::kAtStart, [&] { ++runs; });
  worker.Start();
  EXPECT_TRUE(WaitFor(runs, 1));
  worker.Stop();
  EXPECT_EQ(runs.load(), 1);
}

TEST(PeriodicWorkerTest, StoppedBeforeStartNeverRuns) {
  std::atomic<int> runs{0};
  PeriodicWorker worker(milliseconds(1), PeriodicWorker::FirstRun::kAtStart, [&] { ++runs; });
  worker.Stop();
  worker.Start();
  std::this_thread::sleep_for(milliseconds(20));
  EXPECT_EQ(runs.load(), 0);
}

}  // namespace
}  // namespace keygate
