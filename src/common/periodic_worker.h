// A background thread that runs one task at a fixed interval until it is stopped: the loop that
// housekeeping (auth/maintenance.h) and detection (detect/detector.h) share. Stop wakes the
// thread at once (no wait for the interval to end), lets a run in progress finish, and joins.
// Thread-safety: Start and Stop may be called from any thread; the task runs on the worker's
// own thread only, never two runs at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace keygate {

class PeriodicWorker {
 public:
  enum class FirstRun { kAtStart, kAfterInterval };

  // `interval` is clamped to at least 1 ms.
  PeriodicWorker(std::chrono::milliseconds interval, FirstRun first, std::function<void()> task);
  ~PeriodicWorker() { Stop(); }
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  // Starts the thread; does nothing when it runs already or was stopped.
  void Start();
  // Idempotent; waits for a run in progress.
  void Stop();

 private:
  void Run();

  const std::chrono::milliseconds interval_;
  const FirstRun first_;
  const std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace keygate
